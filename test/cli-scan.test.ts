import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { main } from '../server/src/cli';
import { WorkspaceIndex } from '../server/src/engine/workspace-index';
import { yaml } from '../server/src/engine/yaml-tag';
import { Project } from '../server/src/project';
import { KubewardService } from '../server/src/service';
import { rules } from '../server/src/rules/index';
import { tempTree } from './support/files';

/** Parsed JSON output; its shape is what the assertions (and the SARIF schema) check. */
type Json = ReturnType<typeof JSON.parse>;

const CORPUS = resolve(__dirname, '../../shared/corpus/real');

const tree = (files: Record<string, string>): string => tempTree('kubeward-cli-', files);

async function run(args: string[], opts: { cwd: string; stdin?: string; isTTY?: boolean }) {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    isTTY: opts.isTTY ?? false,
    readStdin: () => opts.stdin ?? '',
    cwd: opts.cwd,
  });
  return { code, out, err };
}

const BAD = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
    annotations:
      kubeward.dev/ignore.host-network: "the CNI agent needs the host network"
  spec:
    hostNetwork: true
    containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
`;

describe('kubeward scan', () => {
  it('writes SARIF 2.1.0 that validates against the official schema', async () => {
    const root = tree({ 'pod.yaml': BAD });
    const { code, out } = await run(['scan', '--format', 'sarif', '.'], { cwd: root });
    expect(code).toBe(1);
    const sarif = JSON.parse(out);
    const require = createRequire(__filename);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);

    const run0 = sarif.runs[0];
    const priv = run0.results.find((r: Json) => r.ruleId === 'privileged-container');
    expect(priv.locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'pod.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(priv.locations[0].physicalLocation.region).toEqual({
      startLine: 13,
      startColumn: 9,
      endLine: 13,
      endColumn: 25,
    });
    expect(priv.taxa).toEqual(
      expect.arrayContaining([{ id: 'T1611', toolComponent: { name: 'MITRE ATT&CK' } }]),
    );
    expect(priv.fixes[0].artifactChanges[0].replacements[0]).toMatchObject({
      deletedRegion: { startLine: 13 },
      insertedContent: { text: expect.stringContaining('false') },
    });
    const rule = run0.tool.driver.rules[priv.ruleIndex];
    expect(rule.id).toBe('privileged-container');
    expect(rule.helpUri).toMatch(/docs\/rules\/privileged-container\.md$/);
    expect(rule.help.text.length).toBeGreaterThan(20);
    expect(rule.relationships).toContainEqual({
      target: { id: 'T1611', toolComponent: { name: 'MITRE ATT&CK' } },
      kinds: ['relevant'],
    });
    const taxonomy = run0.taxonomies[0];
    expect(taxonomy.name).toBe('MITRE ATT&CK');
    expect(taxonomy.taxa.map((t: Json) => t.id)).toEqual(expect.arrayContaining(['T1611', 'TA0004']));
    const hostNet = run0.results.find((r: Json) => r.ruleId === 'host-network');
    expect(hostNet.suppressions).toEqual([
      expect.objectContaining({
        kind: 'inSource',
        status: 'accepted',
        justification: 'the CNI agent needs the host network',
      }),
    ]);
  });

  it('writes JSON and SARIF file by file, laid out as JSON.stringify(…, null, 2) would', async () => {
    const root = tree({
      'a.yaml': BAD,
      'b.yaml': BAD.replace('name: web', 'name: api'),
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: [unclosed\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    const clean = tree({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' });
    for (const format of ['json', 'sarif']) {
      for (const dir of [root, clean]) {
        const writes: string[] = [];
        const code = await main(['scan', '--format', format, '.'], {
          out: (s) => writes.push(s),
          err: () => undefined,
          isTTY: false,
          readStdin: () => '',
          cwd: dir,
        });
        const out = writes.join('');
        expect(code).toBe(dir === root ? 1 : 0);
        expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
        // One write per result as it is found, not one string of the whole log at the end.
        if (dir === root) expect(writes.length).toBeGreaterThan(10);
      }
    }
    const sarif = JSON.parse((await run(['scan', '--format', 'sarif', '.'], { cwd: root })).out);
    const results = sarif.runs[0].results as Json[];
    expect(results.filter((r) => r.ruleId === 'yaml-syntax')).toHaveLength(1);
    expect(results.filter((r) => r.suppressions)).toHaveLength(2);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(1);
    for (const r of results) expect(sarif.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('counts and lists suppressed findings with their reasons', async () => {
    const root = tree({ 'pod.yaml': BAD });
    const json = await run(['scan', '--format', 'json', 'pod.yaml'], { cwd: root });
    const parsed = JSON.parse(json.out);
    expect(parsed.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'host-network',
        suppression: { how: 'annotation', reason: 'the CNI agent needs the host network' },
      }),
    ]);
    expect(json.err).toMatch(/1 suppressed/);
  });

  it('reads stdin, globs and --config, and exits 0/1/2 as documented', async () => {
    const root = tree({
      'a/pod.yaml': BAD,
      'a/skip.txt': BAD,
      'b/pod.yml': BAD,
      'strict.yaml': 'rules: { privileged-container: off, host-network: off }\nprofile: baseline\n',
      'broken.yaml': 'profile: nope\n',
    });
    const stdin = await run(['scan', '-'], { cwd: root, stdin: BAD });
    expect(stdin.code).toBe(1);
    expect(stdin.out).toMatch(/^<stdin>:13:9 error privileged-container /m);

    const glob = await run(['scan', '**/pod.y*ml'], { cwd: root });
    expect(glob.out).toMatch(/^a\/pod\.yaml:/m);
    expect(glob.out).toMatch(/^b\/pod\.yml:/m);
    expect(glob.err).toMatch(/in 2 files/);

    const cfg = await run(['scan', '--config', 'strict.yaml', 'a/pod.yaml'], { cwd: root });
    expect(cfg.out).not.toMatch(/privileged-container/);
    expect(cfg.err).toMatch(/profile baseline/);

    expect((await run(['scan', '--fail-on', 'none', 'a'], { cwd: root })).code).toBe(0);
    expect((await run(['scan', '--config', 'broken.yaml', 'a'], { cwd: root })).code).toBe(2);
    expect((await run(['scan', 'missing.yaml'], { cwd: root })).code).toBe(2);
    expect((await run(['scan', '--format', 'xml'], { cwd: root })).code).toBe(2);
  });

  it('applies the .kubeward.yaml of the working directory to a folder, a file and a glob given below it', async () => {
    const root = tree({
      '.kubeward.yaml': 'profile: baseline\nrules: { privileged-container: off }\n',
      'manifests/deep/pod.yaml': BAD,
    });
    for (const path of ['manifests', 'manifests/deep', 'manifests/deep/pod.yaml', 'manifests/**/*.yaml']) {
      const r = await run(['scan', path], { cwd: root });
      expect(r.err, path).toMatch(/profile baseline\n$/);
      expect(r.out, path).not.toMatch(/privileged-container/);
    }
  });

  it('shows progress on a terminal for many files, and none when piped', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`m${String(i).padStart(2, '0')}.yaml`] = BAD;
    const root = tree(files);
    const tty = await run(['scan', '.'], { cwd: root, isTTY: true });
    expect(tty.err).toMatch(/scanning 60\/60 files/);
    const piped = await run(['scan', '.'], { cwd: root, isTTY: false });
    expect(piped.err).not.toMatch(/scanning/);
  });

  it('skips Helm chart templates with a note and never reports template syntax', async () => {
    const root = tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'chart/templates/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\n{{- if .Values.x }}\nspec: [\n{{- end }}\n',
      'plain.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\nspec: {{ toYaml .Values.spec }}\n',
    });
    const r = await run(['scan', '.'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/chart\/templates\/deploy\.yaml: Helm chart template, skipped/);
  });
});

describe('CLI parity with the language service', () => {
  it('reports the same findings as the editor on ../shared/corpus/real', async () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(n)) files.push(p);
      }
    };
    walk(CORPUS);
    expect(files.length).toBeGreaterThan(300);

    const { out } = await run(['scan', '--format', 'json', '--fail-on', 'none', '.'], { cwd: CORPUS });
    const cli = (JSON.parse(out).findings as Json[]).map(
      (r) => `${r.file}:${r.line}:${r.column}-${r.endLine}:${r.endColumn} ${r.severity} ${r.ruleId}`,
    );

    // The editor path: the language service with the server's settings defaults, the workspace index
    // fed with every file first, and the same project plan per file.
    const service = new KubewardService();
    const project = new Project([CORPUS], new Set(rules.map((r) => r.id)));
    const index = new WorkspaceIndex();
    const { readFileSync } = await import('node:fs');
    const texts = files.map((f) => ({ f, uri: pathToFileURL(f).href, text: readFileSync(f, 'utf8') }));
    for (const t of texts) index.update(t.uri, t.text);
    const editor: string[] = [];
    for (const t of texts) {
      const plan = project.plan(t.f, {});
      if (plan.skip) continue;
      const checked = service.validate(t.uri, 1, t.text, plan.config, index, plan.file);
      const rel = t.f.slice(CORPUS.length + 1);
      for (const d of checked.diagnostics) {
        const sev = (['', 'error', 'warning', 'info', 'hint'] as const)[d.severity ?? 1];
        editor.push(
          `${rel}:${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${sev} ${String(d.code)}`,
        );
      }
    }
    expect(cli.length).toBeGreaterThan(100);
    expect([...cli].sort()).toEqual([...editor].sort());
  });
});
