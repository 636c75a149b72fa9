// `kubeward scan` over the Helm fixture charts as a user runs it: the built CLI (dist/cli.js) in a
// child process, the real helm (test/support/tools.ts) on PATH. Each expectation is a file, line,
// column and rule, with the text that starts there (so a table row is checked against the chart
// itself) and the rendered template and object path it comes from; the text, JSON and SARIF
// outputs must all say the same.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../server/src/present/diff';
import { tempTree } from './support/files';
import { helmBinary } from './support/tools';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CHARTS = join(ROOT, 'test', 'fixtures', 'charts');

/** `file:line:col`, the rule, the text at that position, `template#rendered path`. */
type Expectation = [where: string, rule: string, at: string, rendered: string];

const DEPLOY = 'templates/deployment.yaml';
const POD = 'spec.template.spec';

/** Every finding of each chart that renders, in the order the text output gives them. */
const EXPECTED: Record<string, Expectation[]> = {
  // The `helm create` scaffold: empty values subtrees fed through `toYaml | nindent` take the
  // missing fields; the literal test Pod takes its own.
  webapp: [
    [
      'values.yaml:41:1',
      'run-as-non-root',
      'podSecurityContext: {}',
      `${DEPLOY}#${POD}.securityContext.runAsNonRoot`,
    ],
    [
      'values.yaml:41:1',
      'seccomp-profile-missing',
      'podSecurityContext: {}',
      `${DEPLOY}#${POD}.securityContext.seccompProfile.type`,
    ],
    [
      'values.yaml:44:1',
      'capabilities-not-dropped',
      'securityContext: {}',
      `${DEPLOY}#${POD}.containers[0].securityContext.capabilities.drop`,
    ],
    [
      'values.yaml:44:1',
      'privilege-escalation-allowed',
      'securityContext: {}',
      `${DEPLOY}#${POD}.containers[0].securityContext.allowPrivilegeEscalation`,
    ],
    [
      'values.yaml:44:1',
      'writable-root-filesystem',
      'securityContext: {}',
      `${DEPLOY}#${POD}.containers[0].securityContext.readOnlyRootFilesystem`,
    ],
    [
      'values.yaml:76:1',
      'memory-limits-missing',
      'resources: {}',
      `${DEPLOY}#${POD}.containers[0].resources.limits.memory`,
    ],
    [
      'values.yaml:76:1',
      'memory-limits-missing',
      'resources: {}',
      `${DEPLOY}#${POD}.containers[0].resources.requests.memory`,
    ],
    [
      'templates/tests/test-connection.yaml:9:1',
      'run-as-non-root',
      'spec:',
      'templates/tests/test-connection.yaml#spec.securityContext.runAsNonRoot',
    ],
    [
      'templates/tests/test-connection.yaml:9:1',
      'seccomp-profile-missing',
      'spec:',
      'templates/tests/test-connection.yaml#spec.securityContext.seccompProfile.type',
    ],
    [
      'templates/tests/test-connection.yaml:11:7',
      'capabilities-not-dropped',
      'name: wget',
      'templates/tests/test-connection.yaml#spec.containers[0].securityContext.capabilities.drop',
    ],
    [
      'templates/tests/test-connection.yaml:11:7',
      'memory-limits-missing',
      'name: wget',
      'templates/tests/test-connection.yaml#spec.containers[0].resources.limits.memory',
    ],
    [
      'templates/tests/test-connection.yaml:11:7',
      'memory-limits-missing',
      'name: wget',
      'templates/tests/test-connection.yaml#spec.containers[0].resources.requests.memory',
    ],
    [
      'templates/tests/test-connection.yaml:11:7',
      'privilege-escalation-allowed',
      'name: wget',
      'templates/tests/test-connection.yaml#spec.containers[0].securityContext.allowPrivilegeEscalation',
    ],
    [
      'templates/tests/test-connection.yaml:11:7',
      'writable-root-filesystem',
      'name: wget',
      'templates/tests/test-connection.yaml#spec.containers[0].securityContext.readOnlyRootFilesystem',
    ],
    [
      'templates/tests/test-connection.yaml:12:7',
      'image-tag-latest',
      'image: busybox',
      'templates/tests/test-connection.yaml#spec.containers[0].image',
    ],
  ],
  // `range` over extra containers (two iterations share line 29: one finding each rule), `with`
  // blocks, an `include` helper feeding the app container's securityContext.
  sidecars: [
    [`${DEPLOY}:14:7`, 'host-pid', 'hostPID: true', `${DEPLOY}#${POD}.hostPID`],
    [
      `${DEPLOY}:19:11`,
      'memory-limits-missing',
      'name: app',
      `${DEPLOY}#${POD}.containers[0].resources.limits.memory`,
    ],
    [
      `${DEPLOY}:19:11`,
      'memory-limits-missing',
      'name: app',
      `${DEPLOY}#${POD}.containers[0].resources.requests.memory`,
    ],
    [
      `${DEPLOY}:29:11`,
      'memory-limits-missing',
      'name: {{ .name }}',
      `${DEPLOY}#${POD}.containers[1].resources.limits.memory`,
    ],
    [
      `${DEPLOY}:29:11`,
      'memory-limits-missing',
      'name: {{ .name }}',
      `${DEPLOY}#${POD}.containers[1].resources.requests.memory`,
    ],
    [
      'values.yaml:9:5',
      'capabilities-not-dropped',
      'securityContext:',
      `${DEPLOY}#${POD}.containers[1].securityContext.capabilities.drop`,
    ],
    [
      'values.yaml:9:5',
      'privilege-escalation-allowed',
      'securityContext:',
      `${DEPLOY}#${POD}.containers[1].securityContext.allowPrivilegeEscalation`,
    ],
    [
      'values.yaml:9:5',
      'writable-root-filesystem',
      'securityContext:',
      `${DEPLOY}#${POD}.containers[1].securityContext.readOnlyRootFilesystem`,
    ],
    [
      'values.yaml:10:7',
      'privileged-container',
      'privileged: true',
      `${DEPLOY}#${POD}.containers[1].securityContext.privileged`,
    ],
    [
      'values.yaml:13:5',
      'capabilities-not-dropped',
      'securityContext: {}',
      `${DEPLOY}#${POD}.containers[2].securityContext.capabilities.drop`,
    ],
    [
      'values.yaml:13:5',
      'privilege-escalation-allowed',
      'securityContext: {}',
      `${DEPLOY}#${POD}.containers[2].securityContext.allowPrivilegeEscalation`,
    ],
    [
      'values.yaml:13:5',
      'writable-root-filesystem',
      'securityContext: {}',
      `${DEPLOY}#${POD}.containers[2].securityContext.readOnlyRootFilesystem`,
    ],
    [
      'values.yaml:15:1',
      'run-as-non-root',
      'podSecurityContext:',
      `${DEPLOY}#${POD}.securityContext.runAsNonRoot`,
    ],
    [
      'values.yaml:15:1',
      'seccomp-profile-missing',
      'podSecurityContext:',
      `${DEPLOY}#${POD}.securityContext.seccompProfile.type`,
    ],
    ['values.yaml:16:3', 'run-as-user-root', 'runAsUser: 0', `${DEPLOY}#${POD}.securityContext.runAsUser`],
    [
      'values.yaml:18:1',
      'capabilities-not-dropped',
      'containerSecurityContext:',
      `${DEPLOY}#${POD}.containers[0].securityContext.capabilities.drop`,
    ],
    [
      'values.yaml:18:1',
      'writable-root-filesystem',
      'containerSecurityContext:',
      `${DEPLOY}#${POD}.containers[0].securityContext.readOnlyRootFilesystem`,
    ],
    [
      'values.yaml:19:3',
      'privilege-escalation-allowed',
      'allowPrivilegeEscalation: true',
      `${DEPLOY}#${POD}.containers[0].securityContext.allowPrivilegeEscalation`,
    ],
  ],
  // A subchart (its values set by the parent) and RBAC templates with a `range` over subjects.
  platform: [
    [
      'templates/rbac.yaml:8:17',
      'rbac-secrets-access',
      '"secrets"',
      'templates/rbac.yaml#rules[0].resources[0]',
    ],
    ['templates/rbac.yaml:9:13', 'rbac-wildcard', '"*"', 'templates/rbac.yaml#rules[0].verbs[0]'],
    [
      'templates/rbac.yaml:24:3',
      'rbac-secrets-access',
      'name: {{ .Release.Name }}-platform',
      'templates/rbac.yaml#roleRef.name',
    ],
    [
      'templates/rbac.yaml:24:3',
      'rbac-wildcard',
      'name: {{ .Release.Name }}-platform',
      'templates/rbac.yaml#roleRef.name',
    ],
    [
      'values.yaml:11:7',
      'rbac-dangerous-subject',
      'name: system:authenticated',
      'templates/rbac.yaml#subjects[2].name',
    ],
    [
      'values.yaml:14:3',
      'capabilities-not-dropped',
      'securityContext:',
      `charts/db/templates/statefulset.yaml#${POD}.containers[0].securityContext.capabilities.drop`,
    ],
    [
      'values.yaml:14:3',
      'privilege-escalation-allowed',
      'securityContext:',
      `charts/db/templates/statefulset.yaml#${POD}.containers[0].securityContext.allowPrivilegeEscalation`,
    ],
    [
      'values.yaml:14:3',
      'writable-root-filesystem',
      'securityContext:',
      `charts/db/templates/statefulset.yaml#${POD}.containers[0].securityContext.readOnlyRootFilesystem`,
    ],
    [
      'values.yaml:15:5',
      'privileged-container',
      'privileged: true',
      `charts/db/templates/statefulset.yaml#${POD}.containers[0].securityContext.privileged`,
    ],
    [
      'charts/db/templates/statefulset.yaml:14:5',
      'run-as-non-root',
      'spec:',
      `charts/db/templates/statefulset.yaml#${POD}.securityContext.runAsNonRoot`,
    ],
    [
      'charts/db/templates/statefulset.yaml:14:5',
      'seccomp-profile-missing',
      'spec:',
      `charts/db/templates/statefulset.yaml#${POD}.securityContext.seccompProfile.type`,
    ],
    [
      'charts/db/templates/statefulset.yaml:16:11',
      'memory-limits-missing',
      'name: db',
      `charts/db/templates/statefulset.yaml#${POD}.containers[0].resources.limits.memory`,
    ],
    [
      'charts/db/templates/statefulset.yaml:16:11',
      'memory-limits-missing',
      'name: db',
      `charts/db/templates/statefulset.yaml#${POD}.containers[0].resources.requests.memory`,
    ],
    [
      'charts/db/templates/statefulset.yaml:21:15',
      'writable-host-path-mount',
      'name: data',
      `charts/db/templates/statefulset.yaml#${POD}.containers[0].volumeMounts[0].name`,
    ],
    [
      'charts/db/templates/statefulset.yaml:25:11',
      'host-path-volume',
      'hostPath:',
      `charts/db/templates/statefulset.yaml#${POD}.volumes[0].hostPath`,
    ],
  ],
};

let bins: { helm: string; none: string } | undefined;

/** A bin/ folder holding only `helm` (the real one), and an empty one. */
function binDirs(): { helm: string; none: string } {
  if (!bins) {
    const helm = tempTree('kubeward-cli-helm-bin-', {});
    symlinkSync(helmBinary(), join(helm, 'helm'));
    bins = { helm, none: tempTree('kubeward-cli-helm-nobin-', {}) };
  }
  return bins;
}

/** A folder with copies of the fixture charts and `files` (path → text). */
function workspace(charts: readonly string[], files: Record<string, string> = {}): string {
  const dir = tempTree('kubeward-cli-helm-', files);
  for (const c of charts) cpSync(join(CHARTS, c), join(dir, c), { recursive: true });
  return dir;
}

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `kubeward scan <args>` in `dir`; helm on PATH unless `helm: false`. */
function kubeward(dir: string, args: readonly string[], o: { helm?: boolean; stdin?: string } = {}): Run {
  const b = binDirs();
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args], {
    cwd: dir,
    env: { ...process.env, PATH: o.helm === false ? b.none : `${b.helm}:${process.env.PATH ?? ''}` },
    input: o.stdin ?? '',
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `file:line:col rule` of each finding line of the text output. */
function textRows(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(\S+:\d+:\d+) (?:error|warning|info|hint) (\S+) /.exec(l);
      if (!m) throw new Error(`not a finding line: ${l}`);
      return `${m[1]} ${m[2]}`;
    });
}

/** The text at 1-based line and column of a file. */
function textAt(file: string, line: number, column: number): string {
  return (readFileSync(file, 'utf8').split('\n')[line - 1] ?? '').slice(column - 1);
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
  rendered?: {
    template: string;
    path: string;
    via: string;
    related: { file: string; line: number; column: number; message: string }[];
  };
}

/** `kubeward scan <args>` in `dir` with helm on PATH, run concurrently with others. */
async function kubewardAsync(dir: string, args: readonly string[]): Promise<Run> {
  const b = binDirs();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'scan', ...args], {
      cwd: dir,
      env: { ...process.env, PATH: `${b.helm}:${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

/** Offset of a 1-based SARIF line and column (characters) in a text. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}

/** Lines of `before` that are not in `after` (a line-based diff): what an edit removed or rewrote. */
function removedLines(before: string, after: string): string[] {
  return unifiedDiff(before, after, 'x', 0)
    .split('\n')
    .filter((l) => l.startsWith('-') && !l.startsWith('---'))
    .map((l) => l.slice(1));
}

function jsonFindings(out: string): JsonFinding[] {
  return (JSON.parse(out) as { findings: JsonFinding[] }).findings;
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
}
interface SarifPhysical {
  artifactLocation: { uri: string };
  region: SarifRegion;
}
interface SarifResult {
  ruleId: string;
  locations: { physicalLocation: SarifPhysical }[];
  relatedLocations?: {
    message: { text: string };
    physicalLocation?: SarifPhysical;
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
  fixes?: {
    description: { text: string };
    artifactChanges: {
      artifactLocation: { uri: string };
      replacements: {
        deletedRegion: SarifRegion & { endLine: number; endColumn: number };
        insertedContent: { text: string };
      }[];
    }[];
  }[];
}

function sarifResults(out: string): SarifResult[] {
  return (JSON.parse(out) as { runs: { results: SarifResult[] }[] }).runs[0]?.results ?? [];
}

describe('kubeward scan renders the fixture charts with the real helm', () => {
  for (const [chart, expected] of Object.entries(EXPECTED)) {
    describe(chart, () => {
      const rows = expected.map(([where, rule]) => `${chart}/${where} ${rule}`);

      it('text: every finding on the file, line and column of the table, at the text it names', () => {
        const dir = workspace([chart]);
        for (const [where, , at] of expected) {
          const [file, line, col] = where.split(':');
          expect(textAt(join(dir, chart, file ?? ''), Number(line), Number(col)), where).toMatch(
            new RegExp(`^${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
          );
        }
        const r = kubeward(dir, [chart]);
        expect(r.err).toMatch(/in 1 chart, profile recommended\n$/);
        expect(r.code).toBe(1);
        expect(textRows(r.out)).toEqual(rows);
      });

      it('JSON: the same findings, each with its template and rendered path', () => {
        const dir = workspace([chart]);
        const r = kubeward(dir, ['--format', 'json', chart]);
        const findings = jsonFindings(r.out);
        expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(rows);
        findings.forEach((f, i) => {
          const rendered = expected[i]?.[3];
          expect(`${f.rendered?.template}#${f.rendered?.path}`).toBe(rendered);
          // A values-fed finding names the template line that pulls the value in.
          const fromValues = f.file.endsWith('/values.yaml');
          expect(f.rendered?.via).toBe(fromValues ? 'values' : 'template');
          if (fromValues) {
            const [rel] = f.rendered?.related ?? [];
            expect(rel?.file).toBe(`${chart}/${f.rendered?.template}`);
            // The line that pulls it in: a template action on it, or (a key whose block a `with`
            // or `toYaml` feeds) on the line after it.
            const lines = readFileSync(join(dir, rel?.file ?? ''), 'utf8').split('\n');
            const line = (rel?.line ?? 0) - 1;
            expect(`${lines[line] ?? ''}\n${lines[line + 1] ?? ''}`, rel?.message).toMatch(
              /\{\{-? *(toYaml |include "|\.)/,
            );
          }
        });
      });

      it('SARIF: physicalLocation in the source file; the rendered path and the template line related', () => {
        const dir = workspace([chart]);
        const json = jsonFindings(kubeward(dir, ['--format', 'json', chart]).out);
        const results = sarifResults(kubeward(dir, ['--format', 'sarif', chart]).out);
        expect(
          results.map((s) => {
            const p = s.locations[0]?.physicalLocation;
            return `${p?.artifactLocation.uri}:${p?.region.startLine}:${p?.region.startColumn} ${s.ruleId}`;
          }),
        ).toEqual(rows);
        results.forEach((s, i) => {
          const [rendered, ...uses] = s.relatedLocations ?? [];
          expect(rendered?.logicalLocations?.[0]?.fullyQualifiedName).toBe(expected[i]?.[3]);
          const rel = json[i]?.rendered?.related ?? [];
          expect(
            uses.map((u) => {
              const p = u.physicalLocation;
              return `${p?.artifactLocation.uri}:${p?.region.startLine}:${p?.region.startColumn}`;
            }),
          ).toEqual(rel.map((x) => `${x.file}:${x.line}:${x.column}`));
        });
      });
    });
  }

  describe('fixes, applied and rendered again', () => {
    for (const chart of Object.keys(EXPECTED)) {
      it(`${chart}: each fix SARIF carries, applied alone, makes its finding go and keeps the rest of the file`, async () => {
        const results = sarifResults(kubeward(workspace([chart]), ['--format', 'sarif', chart]).out);
        const fixed = results.flatMap((s, i) => {
          const fx = s.fixes?.[0];
          return fx ? [{ s, fx, rendered: EXPECTED[chart]?.[i]?.[3] ?? '' }] : [];
        });
        expect(fixed.length).toBeGreaterThan(0);
        await Promise.all(
          fixed.map(async ({ s, fx, rendered }) => {
            const dir = workspace([chart]);
            const [change] = fx.artifactChanges;
            expect(fx.artifactChanges).toHaveLength(1);
            // The fix edits the file the finding is in.
            expect(change?.artifactLocation.uri).toBe(s.locations[0]?.physicalLocation.artifactLocation.uri);
            const file = join(dir, change?.artifactLocation.uri ?? '');
            const before = readFileSync(file, 'utf8');
            let after = before;
            for (const rep of [...(change?.replacements ?? [])].reverse()) {
              const d = rep.deletedRegion;
              const start = offsetOf(after, d.startLine, d.startColumn);
              const end = offsetOf(after, d.endLine, d.endColumn);
              after = after.slice(0, start) + rep.insertedContent.text + after.slice(end);
            }
            writeFileSync(file, after);
            const again = await kubewardAsync(dir, ['--format', 'json', chart]);
            const left = jsonFindings(again.out).map(
              (f) => `${f.ruleId} ${f.rendered?.template}#${f.rendered?.path}`,
            );
            expect(left, `${s.ruleId} ${fx.description.text}`).not.toContain(`${s.ruleId} ${rendered}`);
            // At most the edited line is rewritten; every other line (comments included) is kept.
            const removed = removedLines(before, after);
            expect(removed.length, fx.description.text).toBeLessThanOrEqual(1);
            expect(removed.filter((l) => /^\s*#|\{\{\//.test(l))).toEqual([]);
          }),
        );
      });

      it(`${chart}: --fix-unsafe edits the chart's files, renders again, and reports what remains`, () => {
        const dir = workspace([chart]);
        const plain = jsonFindings(kubeward(dir, ['--format', 'json', chart]).out);
        const sarif = sarifResults(kubeward(dir, ['--format', 'sarif', chart]).out);
        const before = new Map(
          [...new Set(plain.map((f) => f.file))].map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
        );
        // The dry run writes nothing; its diff, applied by git, is what --fix writes.
        const dry = kubeward(dir, ['--fix-dry-run', '--fix-unsafe', chart]);
        for (const [f, text] of before) expect(readFileSync(join(dir, f), 'utf8')).toBe(text);
        expect(dry.err).toMatch(
          /kubeward: \d+ fix(es)? would be applied in \d+ files? \(dry run: nothing written\)/,
        );
        const fix = kubeward(dir, ['--fix-unsafe', '--format', 'json', chart]);
        expect(fix.err).toMatch(/kubeward: applied \d+ fix(es)? in \d+ files?\n/);
        const after = new Map([...before.keys()].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
        const git = spawnSync('git', ['apply', '-R', '--unidiff-zero', '-'], {
          cwd: dir,
          input: dry.out,
          encoding: 'utf8',
        });
        expect(git.stderr).toBe('');
        for (const [f, text] of before) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(text);
        for (const [f, text] of after) writeFileSync(join(dir, f), text);
        // What --fix reports is what a new scan of the fixed chart finds.
        const remaining = jsonFindings(fix.out).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
        expect(
          jsonFindings(kubeward(dir, ['--format', 'json', chart]).out).map(
            (f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`,
          ),
        ).toEqual(remaining);
        // Every finding that had a fix is gone, but those whose fix holds a value the user must
        // choose (a snippet: a memory size, an image tag, a UID, a verb list): --fix never guesses.
        const hadFix = sarif.flatMap((s, i) =>
          s.fixes?.length ? [`${s.ruleId} ${EXPECTED[chart]?.[i]?.[3] ?? ''}`] : [],
        );
        const left = jsonFindings(fix.out).map(
          (f) => `${f.ruleId} ${f.rendered?.template}#${f.rendered?.path}`,
        );
        const SNIPPETS = ['memory-limits-missing', 'image-tag-latest', 'run-as-user-root', 'rbac-wildcard'];
        const stayed = left.filter((l) => hadFix.includes(l));
        expect(stayed.filter((l) => !SNIPPETS.includes(l.split(' ')[0] ?? ''))).toEqual([]);
        expect(stayed.length).toBeLessThan(hadFix.length);
        // Comments and untouched lines are kept: only lines whose value a fix replaced are rewritten.
        for (const [f, text] of before) {
          const removed = removedLines(text, after.get(f) ?? '');
          for (const l of removed) expect(l, f).toMatch(/^\s*[\w-]+: (\{\}|true)$/);
        }
      });
    }
  });

  it('a render failure is one finding at the file, line and column helm names', () => {
    const dir = workspace(['broken']);
    const helm = spawnSync(helmBinary(), ['template', 'release', join(dir, 'broken')], { encoding: 'utf8' });
    expect(helm.status).not.toBe(0);
    const at = /broken\/templates\/pod\.yaml:(\d+):(\d+)/.exec(helm.stderr);
    expect(at).not.toBeNull();
    const r = kubeward(dir, ['broken']);
    expect(r.code).toBe(1);
    expect(textRows(r.out)).toEqual([`broken/templates/pod.yaml:${at?.[1]}:${at?.[2]} helm-render`]);
    expect(r.out).toMatch(/helm template failed: .*nil pointer evaluating interface \{\}\.major/);
  });

  it('a misplaced block in a template: the rules that read it report on its key as written, with unknown-field', () => {
    const dir = workspace([], {
      'misplaced/Chart.yaml': 'apiVersion: v2\nname: misplaced\nversion: 0.1.0\n',
      'misplaced/values.yaml': 'replicas: 1\n',
      'misplaced/templates/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ .Release.Name }}-web',
        'spec:',
        '  replicas: {{ .Values.replicas }}',
        '  selector: {matchLabels: {app: web}}',
        '  securityContext:',
        '    runAsNonRoot: true',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers: [{name: app, image: nginx:1.27}]',
        '',
      ].join('\n'),
    });
    const rows = jsonFindings(kubeward(dir, ['--profile', 'all', '--format', 'json', 'misplaced']).out)
      .filter((f) => f.ruleId === 'run-as-non-root' || f.ruleId === 'unknown-field')
      .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    // Line 8 is `securityContext:` under the Deployment's spec, where Kubernetes drops it; not the pod
    // template's `spec:` (line 12), where the field is missing.
    expect(rows.sort()).toEqual([
      'misplaced/templates/deployment.yaml:8:3 run-as-non-root',
      'misplaced/templates/deployment.yaml:8:3 unknown-field',
    ]);
  });

  it('a dependency missing from charts/ is one finding at it in Chart.yaml, naming helm dependency build', () => {
    const dir = workspace(['needs-redis']);
    const r = kubeward(dir, ['--format', 'json', 'needs-redis']);
    const findings = jsonFindings(r.out);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      'needs-redis/Chart.yaml:7:5 helm-dependency',
      'needs-redis/Chart.yaml:10:5 helm-dependency',
    ]);
    expect(textAt(join(dir, 'needs-redis', 'Chart.yaml'), 7, 5)).toBe('name: common');
    expect(textAt(join(dir, 'needs-redis', 'Chart.yaml'), 10, 5)).toBe('name: redis');
    expect(findings[0]?.message).toMatch(
      /^Dependency "common" \(2\.x\.x\) .* `helm dependency build` in the chart.s folder /,
    );
    expect(findings[1]?.message).toMatch(
      /^Dependency "redis" \(19\.6\.4\) .* `helm dependency build` in the chart.s folder /,
    );
  });
});

describe('values, config and options change what a chart renders to', () => {
  const rowsOf = (r: Run): string[] => textRows(r.out);

  it('--helm-values files apply in order after values.yaml, and findings go on the key that set the value', () => {
    const dir = workspace(['webapp'], {
      'hardened.yaml':
        'podSecurityContext:\n  runAsNonRoot: true\n  seccompProfile:\n    type: RuntimeDefault\n',
      'root.yaml': 'podSecurityContext:\n  runAsUser: 0\n',
    });
    const plain = rowsOf(kubeward(dir, ['webapp']));
    expect(plain).toContain('webapp/values.yaml:41:1 run-as-non-root');
    const hardened = rowsOf(kubeward(dir, ['--helm-values', 'hardened.yaml', 'webapp']));
    expect(hardened).not.toContain('webapp/values.yaml:41:1 run-as-non-root');
    expect(hardened).not.toContain('webapp/values.yaml:41:1 seccomp-profile-missing');
    // Both files: helm merges them, the later one adds runAsUser: 0, set on line 2 of root.yaml.
    const both = rowsOf(
      kubeward(dir, ['--helm-values', 'hardened.yaml', '--helm-values', 'root.yaml', 'webapp']),
    );
    expect(both).toContain('root.yaml:2:3 run-as-user-root');
    expect(textAt(join(dir, 'root.yaml'), 2, 3)).toBe('runAsUser: 0');
    expect(both).not.toContain('webapp/values.yaml:41:1 run-as-non-root');
  });

  it('--set (repeatable) changes the render; a finding from it goes on the template line that uses it', () => {
    const dir = workspace(['sidecars']);
    const r = kubeward(dir, [
      '--set',
      'hostNetwork=true',
      '--set',
      'podSecurityContext.runAsUser=1000',
      'sidecars',
    ]);
    const rows = rowsOf(r);
    expect(rows).toContain('sidecars/templates/deployment.yaml:15:7 host-network');
    expect(textAt(join(dir, 'sidecars', DEPLOY), 15, 7)).toMatch(
      /^hostNetwork: \{\{ \.Values\.hostNetwork \}\}/,
    );
    expect(rows).not.toContain('sidecars/values.yaml:16:3 run-as-user-root');
    expect(rowsOf(kubeward(dir, ['sidecars']))).not.toContain(
      'sidecars/templates/deployment.yaml:15:7 host-network',
    );
  });

  it('a .kubeward.yaml helm.charts entry: values files, set, release name and namespace', () => {
    const config = [
      'helm:',
      '  charts:',
      '    - path: sidecars',
      '      valueFiles: [env/prod.yaml]',
      '      set:',
      '        - hostNetwork=true',
      '    - path: platform',
      '      releaseName: prod',
      '      namespace: payments',
      '',
    ].join('\n');
    const dir = workspace(['sidecars', 'platform'], {
      '.kubeward.yaml': config,
      'env/prod.yaml': 'podSecurityContext:\n  runAsUser: 0\n  runAsGroup: 0\n',
    });
    const r = kubeward(dir, ['--format', 'json', 'sidecars', 'platform']);
    const findings = jsonFindings(r.out);
    const rows = findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    // The set entry of the config file is where hostNetwork=true is written.
    expect(rows).toContain('.kubeward.yaml:6:11 host-network');
    expect(textAt(join(dir, '.kubeward.yaml'), 6, 11)).toBe('hostNetwork=true');
    // The configured values file is merged after values.yaml: runAsUser: 0 is set there last.
    expect(rows).toContain('env/prod.yaml:2:3 run-as-user-root');
    expect(rows).not.toContain('sidecars/values.yaml:16:3 run-as-user-root');
    // Release name and namespace reach the rendered objects.
    const binding = findings.find((f) => f.ruleId === 'rbac-dangerous-subject');
    expect(binding?.message).toMatch(/^ClusterRoleBinding "prod-platform" /);
    const wildcard = findings.find((f) => f.ruleId === 'rbac-wildcard' && f.line === 24);
    expect(wildcard?.message).toContain('ServiceAccount "payments/platform"');
    // Without the config, the defaults.
    const plain = jsonFindings(kubeward(workspace(['platform']), ['--format', 'json', 'platform']).out);
    expect(plain.find((f) => f.ruleId === 'rbac-dangerous-subject')?.message).toMatch(/"release-platform"/);
  });

  it('config-file exceptions naming a chart path suppress the findings placed in that chart', () => {
    const config = [
      'exceptions:',
      '  - rules: [privileged-container]',
      "    paths: ['sidecars/**']",
      '    reason: vendored chart, reviewed',
      '  - rules: [host-pid]',
      "    paths: ['sidecars/templates/deployment.yaml']",
      '    reason: the node agent needs it',
      '',
    ].join('\n');
    const dir = workspace(['sidecars'], { '.kubeward.yaml': config });
    const r = kubeward(dir, ['--format', 'json', 'sidecars']);
    const out = JSON.parse(r.out) as { findings: JsonFinding[]; suppressed: JsonFinding[] };
    const rules = (l: JsonFinding[]): string[] => l.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    expect(rules(out.findings)).not.toContain('sidecars/values.yaml:10:7 privileged-container');
    expect(rules(out.findings)).not.toContain(`sidecars/${DEPLOY}:14:7 host-pid`);
    expect(rules(out.suppressed)).toEqual(
      expect.arrayContaining([
        'sidecars/values.yaml:10:7 privileged-container',
        `sidecars/${DEPLOY}:14:7 host-pid`,
      ]),
    );
    expect(out.findings.length).toBe(EXPECTED.sidecars!.length - 2);
  });

  it('comment suppressions above a values key and above a template line (both comment forms)', () => {
    const dir = workspace(['sidecars']);
    const values = join(dir, 'sidecars', 'values.yaml');
    writeFileSync(
      values,
      readFileSync(values, 'utf8').replace(
        '      privileged: true',
        '      # kubeward-disable-next-line privileged-container -- the logger reads host logs\n      privileged: true',
      ),
    );
    const tpl = join(dir, 'sidecars', DEPLOY);
    writeFileSync(
      tpl,
      readFileSync(tpl, 'utf8').replace(
        '      hostPID: true',
        '      {{/* kubeward-disable-next-line host-pid -- process metrics */}}\n      hostPID: true',
      ),
    );
    const r = kubeward(dir, ['--format', 'json', 'sidecars']);
    const out = JSON.parse(r.out) as { findings: JsonFinding[]; suppressed: JsonFinding[] };
    expect(out.findings.map((f) => f.ruleId)).not.toContain('privileged-container');
    expect(out.findings.map((f) => f.ruleId)).not.toContain('host-pid');
    expect(out.suppressed.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort()).toEqual([
      `sidecars/${DEPLOY}:15:7 host-pid`,
      'sidecars/values.yaml:11:7 privileged-container',
    ]);
  });

  it('helm template … | kubeward scan - still works', () => {
    const dir = workspace(['sidecars']);
    const rendered = execFileSync(helmBinary(), ['template', 'release', 'sidecars'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const r = kubeward(dir, ['-'], { stdin: rendered });
    expect(r.code).toBe(1);
    const rows = rowsOf(r);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.startsWith('<stdin>:'))).toBe(true);
    expect(rows.some((row) => row.endsWith(' host-pid'))).toBe(true);
  });

  it('without helm on PATH, templates are skipped with the note "helm was not found"', () => {
    const dir = workspace(['sidecars']);
    const r = kubeward(dir, ['sidecars'], { helm: false });
    expect(r.err).toMatch(/kubeward: helm was not found on PATH/);
    expect(r.err).toMatch(/sidecars\/templates\/deployment\.yaml: Helm chart template, skipped/);
    expect(r.out).not.toMatch(/templates\//);
  });

  it('--no-render: templates skipped, helm never run, no note about helm', () => {
    const dir = workspace(['sidecars']);
    const r = kubeward(dir, ['--no-render', 'sidecars']);
    expect(r.err).not.toMatch(/helm was not found/);
    expect(r.err).toMatch(/sidecars\/templates\/deployment\.yaml: Helm chart template, skipped/);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/in \d+ files? \(\d+ skipped\)/);
  });

  it('a relative --helm path is taken from the working directory; one that is no program is a usage error', () => {
    const dir = workspace(['sidecars']);
    mkdirSync(join(dir, 'tools'));
    symlinkSync(helmBinary(), join(dir, 'tools', 'helm'));
    const r = kubeward(dir, ['--helm', 'tools/helm', 'sidecars'], { helm: false });
    expect(rowsOf(r)).toContain(`sidecars/${DEPLOY}:14:7 host-pid`);
    const bad = kubeward(dir, ['--helm', 'tools/nothing', 'sidecars']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--helm tools\/nothing: no program there/);
  });
});
