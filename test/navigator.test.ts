// `kubeward scan --format navigator`: an ATT&CK Navigator layer (format 4.5, enterprise-attack,
// ATT&CK 18) checked against the format's definition (test/support/navigator-layer-4.5.schema.json)
// and against the ATT&CK data in ../shared/conformance/attack/enterprise.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildLayer, hitsOf } from '../server/src/present/navigator';
import { runCli } from './support/cli-run';
import { tempTree } from './support/files';

const ROOT = join(__dirname, '..');
const schema = JSON.parse(
  readFileSync(join(__dirname, 'support', 'navigator-layer-4.5.schema.json'), 'utf8'),
);
const attack = JSON.parse(
  readFileSync(join(ROOT, '..', 'shared', 'conformance', 'attack', 'enterprise.json'), 'utf8'),
) as {
  attack_version: string;
  techniques: { id: string; deprecated?: boolean; revoked?: boolean; tactics: string[] }[];
  tactics: { shortname: string }[];
};
const techniques = new Map(attack.techniques.map((t) => [t.id, t]));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

interface Layer {
  versions: { attack: string; navigator: string; layer: string };
  domain: string;
  techniques: { techniqueID: string; tactic?: string; score: number; comment: string }[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
}

function checkLayer(layer: Layer): void {
  expect(validate(layer), JSON.stringify(validate.errors, null, 2)).toBe(true);
  expect(layer.domain).toBe('enterprise-attack');
  expect(layer.versions.layer).toBe('4.5');
  expect(layer.versions.attack).toBe(attack.attack_version.split('.')[0]);
  expect(layer.versions.attack).toBe('18');
  const [major = 0, minor = 0] = layer.versions.navigator.split('.').map(Number);
  expect(major > 4 || (major === 4 && minor >= 9), 'navigator version at least 4.9.0').toBe(true);
  expect(layer.gradient.maxValue).toBeGreaterThan(layer.gradient.minValue);
  const shortnames = new Set(attack.tactics.map((t) => t.shortname));
  for (const t of layer.techniques) {
    const real = techniques.get(t.techniqueID);
    expect(
      real,
      `${t.techniqueID} is an ATT&CK v${attack.attack_version} Enterprise technique`,
    ).toBeDefined();
    expect(real?.deprecated ?? false).toBe(false);
    expect(real?.revoked ?? false).toBe(false);
    if (t.tactic !== undefined) expect(shortnames.has(t.tactic)).toBe(true);
    expect(t.score).toBeGreaterThanOrEqual(layer.gradient.minValue);
    expect(t.score).toBeLessThanOrEqual(layer.gradient.maxValue);
  }
}

describe('kubeward scan --format navigator', () => {
  it('writes a valid layer whose scores are the findings per technique, naming rules and files', async () => {
    const r = await runCli(['scan', '--format', 'navigator', '--profile', 'all', 'examples'], ROOT);
    expect(r.code).toBe(1);
    const layer = JSON.parse(r.out) as Layer;
    checkLayer(layer);
    const rows = JSON.parse(
      (await runCli(['scan', '--format', 'json', '--profile', 'all', 'examples'], ROOT)).out,
    ).findings as { ruleId: string; file: string; attack: { technique: string }[] }[];
    const want = new Map<string, { n: number; rules: Set<string>; files: Set<string> }>();
    for (const row of rows) {
      for (const id of new Set(row.attack.map((a) => a.technique))) {
        const w = want.get(id) ?? { n: 0, rules: new Set(), files: new Set() };
        w.n++;
        w.rules.add(row.ruleId);
        w.files.add(row.file);
        want.set(id, w);
      }
    }
    expect(layer.techniques.map((t) => t.techniqueID)).toEqual([...want.keys()].sort());
    for (const t of layer.techniques) {
      const w = want.get(t.techniqueID)!;
      expect(t.score).toBe(w.n);
      for (const rule of w.rules) expect(t.comment).toContain(rule);
      for (const file of w.files) expect(t.comment).toContain(file);
    }
    expect(layer.gradient.maxValue).toBe(Math.max(...layer.techniques.map((t) => t.score)));
  });

  it('is valid over the whole corpus, and with no findings at all', async () => {
    const corpus = await runCli(
      ['scan', '--format', 'navigator', '--profile', 'all', '--no-progress', '../shared/corpus/real'],
      ROOT,
    );
    const layer = JSON.parse(corpus.out) as Layer;
    checkLayer(layer);
    expect(layer.techniques.length).toBeGreaterThan(5);
    const empty = await runCli(
      ['scan', '--format', 'navigator', '.'],
      tempTree('kubeward-nav-', { 'a.yaml': 'a: 1\n' }),
    );
    expect(empty.code).toBe(0);
    const none = JSON.parse(empty.out) as Layer;
    checkLayer(none);
    expect(none.techniques).toEqual([]);
  });
});

describe('the layer schema', () => {
  it('rejects what the format does not allow', () => {
    const good = buildLayer([], { version: '0.0.0' });
    expect(validate(good)).toBe(true);
    const { name: _name, ...noName } = good;
    for (const bad of [
      noName,
      { ...good, domain: 'containers-attack' },
      { ...good, versions: { ...good.versions, layer: '4.4' } },
      { ...good, techniques: [{ score: 1 }] },
      { ...good, techniques: [{ techniqueID: 'T1611', tactic: 'Privilege Escalation' }] },
      { ...good, gradient: { colors: ['#ff0000'], minValue: 0, maxValue: 1 } },
      { ...good, sorting: 7 },
      { ...good, unknownField: true },
    ])
      expect(validate(bad), JSON.stringify(bad).slice(0, 80)).toBe(false);
  });
});

describe('buildLayer (the pure builder the editor will reuse)', () => {
  it('counts a finding once per technique, whatever its tactics, and lists at most maxFiles files', () => {
    const rows = {
      findings: ['a.yaml', 'b.yaml', 'c.yaml'].map((file) => ({
        file,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
        ruleId: 'host-pid',
        severity: 'error' as const,
        message: '',
        attack: [
          { tactic: 'TA0002', tacticName: '', technique: 'T1053.007', techniqueName: '' },
          { tactic: 'TA0003', tacticName: '', technique: 'T1053.007', techniqueName: '' },
          { tactic: 'TA0004', tacticName: '', technique: 'T1611', techniqueName: '' },
        ],
        fixable: false,
        docs: '',
      })),
      suppressed: [],
    };
    const layer = buildLayer(hitsOf(rows), { version: '0.0.0', maxFiles: 2 });
    checkLayer(layer);
    expect(layer.techniques.map((t) => [t.techniqueID, t.score])).toEqual([
      ['T1053.007', 3],
      ['T1611', 3],
    ]);
    expect(layer.techniques[0]?.comment).toBe(
      '3 findings. Rules: host-pid (3). Files: a.yaml, b.yaml and 1 more.',
    );
    expect(layer.gradient).toEqual({ colors: ['#ffe766', '#ffaf66', '#ff6666'], minValue: 0, maxValue: 3 });
  });
});
