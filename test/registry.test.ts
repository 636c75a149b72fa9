import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../server/src/attack';
import { rules } from '../server/src/rules/index';

const rulesDir = join(__dirname, '..', 'server', 'src', 'rules');
const ruleFiles = readdirSync(rulesDir).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
);

describe('rule registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('registers every rule file, and every registered rule has a file named after its id', () => {
    const ids = new Set(rules.map((r) => r.id));
    expect(ruleFiles.map((f) => f.slice(0, -3)).sort()).toEqual([...ids].sort());
  });

  it('has a test file for every rule', () => {
    const tests = new Set(readdirSync(rulesDir).filter((f) => f.endsWith('.test.ts')));
    for (const r of rules) expect(tests.has(`${r.id}.test.ts`), `${r.id}.test.ts`).toBe(true);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has a test case for every message', (id, r) => {
    const test = readFileSync(join(rulesDir, `${id}.test.ts`), 'utf8');
    const untested = Object.keys(r.messages).filter((m) => !test.includes(`messageId: '${m}'`));
    expect(untested, `message ids no case of ${id}.test.ts asserts`).toEqual([]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has complete metadata', (_id, r) => {
    expect(r.title.length).toBeGreaterThan(3);
    expect(['error', 'warning', 'info', 'hint']).toContain(r.severity);
    for (const k of ['whatItDoes', 'whyBad', 'example', 'useInstead', 'remediation'] as const) {
      expect(r.docs[k].trim().length, k).toBeGreaterThan(0);
    }
    expect(r.docs.remediation.trimEnd()).toMatch(/\.$/);
    expect(r.docs.references.length).toBeGreaterThan(0);
    for (const u of r.docs.references) expect(u).toMatch(/^https:\/\//);
    expect(
      r.fix === 'never'
        ? r.docs.fixSafety === undefined || r.docs.fixSafety.length > 0
        : (r.docs.fixSafety ?? '').length > 0,
    ).toBe(true);
    expect(r.attack.length).toBeGreaterThan(0);
    for (const t of r.attack) expect(Object.keys(TECHNIQUES)).toContain(t);
    if (r.pss) expect(['baseline', 'restricted']).toContain(r.pss.level);
  });

  it('is the only place rules are listed: docs pages exist for every rule', () => {
    const docs = new Set(readdirSync(join(__dirname, '..', 'docs', 'rules')));
    for (const r of rules) expect(docs.has(`${r.id}.md`), `docs/rules/${r.id}.md`).toBe(true);
  });

  it('offers every rule id as a per-rule setting key in the settings docs', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(pkg.contributes.configuration.properties)).toContain('kubeward.rules');
  });
});
