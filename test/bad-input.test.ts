// How the engine, the service (the server's checks, in process) and the CLI handle bad and odd input:
// alias and merge-key bombs, huge files, lines and document counts, deep nesting, binary bytes,
// invalid UTF-8, UTF-16 and BOMs, tabs, CRLF, duplicate and non-string keys, JSON, `kind: List`.
// Each case states its expected result. Big inputs are generated here, at run time. Every case also
// checks that each diagnostic lies inside the document (test/fuzz/invariants).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { main } from '../server/src/cli';
import { duplicateKey } from '../server/src/rules/duplicate-key';
import { rules } from '../server/src/rules/index';
import { KubewardService } from '../server/src/service';
import { Lines } from './fuzz/invariants';

// duplicate-key is added here until it is registered in server/src/rules/index.ts.
const service = new KubewardService({
  rules: rules.some((r) => r.id === duplicateKey.id) ? rules : [...rules, duplicateKey],
});

function check(text: string): { diags: Diagnostic[]; codes: string[]; ms: number } {
  const t0 = performance.now();
  const c = service.validate('file:///hostile.yaml', 1, text, { profile: 'all' });
  const ms = performance.now() - t0;
  expect(c.result.internalErrors).toEqual([]);
  const lines = new Lines(text);
  for (const d of c.diagnostics) {
    const s = lines.offset(d.range.start);
    const e = lines.offset(d.range.end);
    expect(s, JSON.stringify(d.range)).toBeDefined();
    expect(e, JSON.stringify(d.range)).toBeDefined();
    expect(s ?? 0).toBeLessThanOrEqual(e ?? 0);
  }
  return { diags: c.diagnostics, codes: c.diagnostics.map((d) => String(d.code)), ms };
}

const POD = (extra = '  hostNetwork: true\n') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${extra}  containers:\n    - name: app\n      image: nginx:1.27\n`;

const dir = mkdtempSync(join(tmpdir(), 'kubeward-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  ruleId: string;
  line: number;
}

async function cli(
  name: string,
  bytes: Buffer | string,
): Promise<{ rows: { ruleId: string; line: number }[]; err: string; code: number }> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  let out = '';
  let err = '';
  const code = await main(['scan', '--format', 'json', '--profile', 'all', '--fail-on', 'none', file], {
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  const parsed = JSON.parse(out) as Row[] | { findings: Row[] };
  return { rows: Array.isArray(parsed) ? parsed : parsed.findings, err, code };
}

describe('bad input', () => {
  it('billion laughs (9 levels of 9 aliases): aliases are not expanded; the Pod is checked normally', () => {
    const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: a', '  annotations:'];
    lines.push('    a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]');
    for (let i = 1; i < 10; i++)
      lines.push(
        `    a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    lines.push('spec:', '  hostNetwork: true', '  containers: [{name: c, image: x}]');
    const r = check(`${lines.join('\n')}\n`);
    expect(r.codes).toContain('host-network');
    expect(r.ms).toBeLessThan(5000);
  });

  it('merge-key bomb (11 levels of 10 merges): each map is searched once; merged privileged: true is found', () => {
    const lines = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'x0: &m0 {privileged: true}'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `x${i}: &m${i} {<<: [${Array(10)
          .fill(`*m${i - 1}`)
          .join(',')}]}`,
      );
    lines.push('spec:', '  containers:', '    - name: c', '      securityContext: {<<: *m11}');
    const r = check(`${lines.join('\n')}\n`);
    expect(r.codes).toContain('privileged-container');
    expect(r.ms).toBeLessThan(5000);
  });

  it('merge keys and anchors: values reached through `<<` and `*alias` are what Kubernetes applies', () => {
    const text = POD('').replace(
      '      image: nginx:1.27\n',
      '      image: nginx:1.27\n      securityContext:\n        <<: &sc {allowPrivilegeEscalation: true}\n        privileged: &t true\n    - name: b\n      securityContext: {privileged: *t}\n',
    );
    const r = check(text);
    expect(r.codes.filter((c) => c === 'privileged-container')).toHaveLength(2);
    expect(r.codes).toContain('privilege-escalation-allowed');
  });

  it('50 MB file (a 50 MB ConfigMap then a Pod): the ConfigMap is skipped unparsed, the Pod found on its line', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: |\n${'    0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n'.repeat(770_000)}`;
    const text = `${big}---\n${POD()}`;
    expect(text.length).toBeGreaterThan(50_000_000);
    const r = check(text);
    const hn = r.diags.find((d) => d.code === 'host-network');
    expect(hn?.range.start.line).toBe(770_005 + 6);
    expect(r.ms).toBeLessThan(30_000);
  }, 60_000);

  it('100,000-line single document (a ConfigMap-like Secret-free object): no findings, no errors', () => {
    const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: big', '  labels:'];
    for (let i = 0; i < 100_000; i++) lines.push(`    k${i}: v${i}`);
    lines.push('spec:', '  hostPID: true', '  containers: [{name: c, image: x}]');
    const r = check(`${lines.join('\n')}\n`);
    expect(r.diags.find((d) => d.code === 'host-pid')?.range.start.line).toBe(100_006);
    expect(r.codes).not.toContain('yaml-syntax');
  }, 60_000);

  it('10,000 documents in one file (100 Pods among 9,900 ConfigMaps): one host-network finding per Pod', () => {
    const docs: string[] = [];
    for (let i = 0; i < 10_000; i++)
      docs.push(
        i % 100 === 0 ? POD() : `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {a: b}\n`,
      );
    const r = check(docs.join('---\n'));
    expect(r.codes.filter((c) => c === 'host-network')).toHaveLength(100);
  }, 60_000);

  it.each([
    ['flow', `${POD('')}x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['compact block sequences', `${POD('')}x:\n${'- '.repeat(10_000)}y\n`],
    [
      'indentation by one space',
      `${POD('')}x:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')}\n`,
    ],
  ])(
    'nesting 10,000 levels deep (%s): one TOO_DEEP diagnostic where it gets too deep',
    (_n, text) => {
      const r = check(text);
      expect(r.codes).toEqual(['yaml-syntax']);
      expect(r.diags[0]?.message).toContain('TOO_DEEP');
      expect(r.diags[0]?.range.start.line).toBeGreaterThanOrEqual(8);
    },
    60_000,
  );

  it('a 1 MB line (an annotation value): findings after it keep their positions', () => {
    const text = POD().replace('  name: p\n', `  name: p\n  annotations:\n    x: "${'a'.repeat(1 << 20)}"\n`);
    const r = check(text);
    expect(r.diags.find((d) => d.code === 'host-network')?.range.start).toEqual({ line: 7, character: 2 });
  });

  it('a binary file named .yaml (CLI): nothing reported, no crash (not a Kubernetes object)', async () => {
    const bytes = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const r = await cli('image.yaml', Buffer.concat([bytes, Buffer.alloc(4096, 7)]));
    expect(r.rows).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('binary bytes inside a manifest (server text): a single BINARY diagnostic at the control character', () => {
    const r = check(POD().replace('nginx:1.27', 'nginx\u0000:1.27'));
    expect(r.codes).toEqual(['yaml-syntax']);
    expect(r.diags[0]?.message).toContain('BINARY');
    expect(r.diags[0]?.range.start).toEqual({ line: 8, character: 18 });
  });

  it('invalid UTF-8 (CLI reads a file): decoded with U+FFFD, findings on the right line', async () => {
    const text = Buffer.concat([
      Buffer.from('# caf\xe9 '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(`\n${POD()}`),
    ]);
    const r = await cli('bad-utf8.yaml', text);
    expect(r.rows.find((x) => x.ruleId === 'host-network')?.line).toBe(7);
  });

  it('UTF-16 LE and BE with BOM (CLI): decoded, same findings as UTF-8', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POD(), 'utf16le')]);
    const be = Buffer.from(le).swap16();
    expect((await cli('le.yaml', le)).rows.find((x) => x.ruleId === 'host-network')?.line).toBe(6);
    expect((await cli('be.yaml', be)).rows.find((x) => x.ruleId === 'host-network')?.line).toBe(6);
  });

  it('UTF-8 BOM: CLI drops it; the server text keeps it and the finding stays on its line', async () => {
    expect(
      (await cli('bom.yaml', `\ufeff${POD()}`)).rows.find((x) => x.ruleId === 'host-network')?.line,
    ).toBe(6);
    expect(check(`\ufeff${POD()}`).diags.find((d) => d.code === 'host-network')?.range.start).toEqual({
      line: 5,
      character: 2,
    });
  });

  it('tabs as indentation: a YAML syntax diagnostic, no crash', () => {
    const r = check(POD().replace('  hostNetwork', '\thostNetwork'));
    expect(r.codes).toContain('yaml-syntax');
  });

  it('CRLF: same findings, same positions as LF', () => {
    const lf = check(POD()).diags.map((d) => [d.code, d.range]);
    const crlf = check(POD().replace(/\n/g, '\r\n')).diags.map((d) => [d.code, d.range]);
    expect(crlf).toEqual(lf);
  });

  it('duplicate keys: reported by duplicate-key on the ignored one; other rules read the last value', () => {
    const r = check(POD('  hostNetwork: true\n  hostNetwork: false\n'));
    expect(r.codes).toContain('duplicate-key');
    expect(r.codes).not.toContain('host-network');
  });

  it('non-string keys (numbers, booleans, null, a flow map as key): no crash', () => {
    const r = check(POD('  1: a\n  true: b\n  ~: c\n  ? {a: b}\n  : d\n  hostIPC: true\n'));
    expect(r.codes).toContain('host-ipc');
  });

  it.each([
    ['yes', true],
    ['on', true],
    ['"yes"', false],
    ['no', false],
  ])('YAML 1.1 boolean hostNetwork: %s → reported: %s', (v, reported) => {
    expect(check(POD(`  hostNetwork: ${v}\n`)).codes.includes('host-network')).toBe(reported);
  });

  it('numbers where strings are expected (name: 123, image: 1.0): checked normally', () => {
    const r = check(POD().replace('name: app', 'name: 123').replace('image: nginx:1.27', 'image: 1.0'));
    expect(r.codes).toContain('host-network');
  });

  it.each([
    ['empty file', ''],
    ['empty documents', '---\n---\n...\n---\n'],
    ['comments only', '# a\n# b\n'],
  ])('%s: nothing reported', (_n, text) => {
    expect(check(text).diags).toEqual([]);
  });

  it('JSON manifest (.json through the CLI, JSON-in-YAML in the server): same findings', async () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x' }] },
      },
      null,
      2,
    );
    expect(check(json).codes).toContain('host-network');
    expect((await cli('pod.json', json)).rows.map((x) => x.ruleId)).toContain('host-network');
  });

  it('kind: List with items: each item is checked', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - ${POD().trimEnd().split('\n').join('\n    ')}\n  - ${POD().trimEnd().split('\n').join('\n    ')}\n`;
    expect(check(text).codes.filter((c) => c === 'host-network')).toHaveLength(2);
  });
});
