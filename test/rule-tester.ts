import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { engineConfig, type EngineConfig } from '../server/src/engine/config';
import { applyEdits, editsOverlap, snippetDefaults, type Edit } from '../server/src/engine/fix';
import type { IndexLookup } from '../server/src/engine/index-types';
import { withMisspelling } from '../server/src/engine/misspelling';
import { messageText, type Rule } from '../server/src/engine/rule';
import { Engine, type Finding } from '../server/src/engine/run';
import { LineIndex } from '../server/src/engine/text';
import { WorkspaceIndex } from '../server/src/engine/workspace-index';
import type { Settings } from '../server/src/protocol';

export interface ExpectedError {
  /** Id of the rule's message (a key of its `messages` table). */
  messageId: string;
  /** The values the message is written with (compared whole). */
  data?: Record<string, unknown>;
  /** 1-based, as the editor shows. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: Finding['severity'];
  /** ATT&CK techniques of the finding (compared whole). */
  attack?: readonly string[];
}

/** Extra rules to run alongside (their findings are dropped) and engine config (e.g. `strict`). */
export interface RuleEnv {
  with?: readonly Rule[];
  config?: Partial<EngineConfig>;
}

export interface ValidCase {
  code: string;
  settings?: Partial<Settings>;
  index?: IndexLookup;
  name?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** Text after applying every first fix (repeated until nothing changes); null: no fix expected. */
  output?: string | null;
}

const ALL: Partial<Settings> = { profile: 'all' };

/**
 * Runs one rule alone over a text. A cross-file rule without an explicit index gets one holding the
 * text itself, as the CLI and the server index every input before checking it.
 */
export function runRule(
  rule: Rule,
  code: string,
  settings: Partial<Settings> = ALL,
  index?: IndexLookup,
  env: RuleEnv = {},
) {
  // Suppression meta rules judge the other rules' findings: they run with the whole registry.
  const engine = new Engine(env.with ? [rule, ...env.with.filter((r) => r.id !== rule.id)] : [rule], {
    cache: false,
  });
  const r = engine.check(
    code,
    { ...engineConfig({ ...ALL, ...settings }), ...(env.config ?? {}) },
    index ?? (rule.crossFile ? selfIndex(code) : undefined),
  );
  return env.with ? { ...r, findings: r.findings.filter((f) => f.ruleId === rule.id) } : r;
}

function selfIndex(code: string): IndexLookup {
  const index = new WorkspaceIndex();
  index.update('file:///input.yaml', code);
  return index;
}

function yamlErrorCount(text: string): number {
  return parseAllDocuments(text).reduce((n, d) => n + ('errors' in d ? d.errors.length : 0), 0);
}

/** Applies the first fix of every finding that does not overlap an earlier one. */
export function applyFirstFixes(text: string, findings: readonly Finding[]): string {
  const chosen: Edit[][] = [];
  for (const f of findings) {
    const fx = f.fixes[0];
    if (!fx) continue;
    if (chosen.some((c) => editsOverlap(c, fx.edits))) continue;
    chosen.push(fx.edits.map((e) => ({ ...e, newText: snippetDefaults(e.newText) })));
  }
  return applyEdits(text, chosen.flat());
}

function checkInvariants(rule: Rule, code: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    expect(f.ruleId).toBe(rule.id);
    // The message is the rule's table applied to the finding's data, nothing else.
    expect(Object.keys(rule.messages)).toContain(f.messageId);
    const text = messageText(rule, f.messageId, f.data);
    // (Naming unknown-field, or not when the settings turn it off.)
    expect(
      f.misspelled ? [true, false].map((n) => withMisspelling(text, f.misspelled!, n)) : [text],
    ).toContain(f.message);
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeLessThanOrEqual(code.length);
    expect(f.start).toBeLessThan(f.end);
    // A finding about a misspelled field leaves the fix to unknown-field (see engine/misspelling.ts).
    if (rule.fix === 'always' && !f.misspelled)
      expect(f.fixes.length, `${rule.id} declares fix: always`).toBeGreaterThan(0);
    if (rule.fix === 'never') expect(f.fixes.length, `${rule.id} declares fix: never`).toBe(0);
    for (const fx of f.fixes) {
      expect(fx.title.length).toBeGreaterThan(0);
      for (const e of fx.edits) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeLessThanOrEqual(code.length);
      }
    }
  }
}

/** Table-driven rule test (ESLint's RuleTester, adapted to YAML). */
export function ruleTester(
  rule: Rule,
  cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] },
  env: RuleEnv = {},
): void {
  const seen = new Set<string>();
  describe(rule.id, () => {
    cases.valid.forEach((c, i) => {
      const vc = typeof c === 'string' ? { code: c } : c;
      it(`valid #${i + 1}${vc.name ? ` (${vc.name})` : ''}`, () => {
        expect(seen.has(vc.code), 'duplicate case').toBe(false);
        seen.add(vc.code);
        const r = runRule(rule, vc.code, vc.settings, vc.index, env);
        expect(r.internalErrors).toEqual([]);
        expect(r.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${i + 1}${c.name ? ` (${c.name})` : ''}`, () => {
        expect(seen.has(c.code + JSON.stringify(c.settings ?? {})), 'duplicate case').toBe(false);
        seen.add(c.code + JSON.stringify(c.settings ?? {}));
        expect(c.errors.length, 'an invalid case needs at least one error').toBeGreaterThan(0);
        const r = runRule(rule, c.code, c.settings, c.index, env);
        expect(r.internalErrors).toEqual([]);
        const lines = new LineIndex(c.code);
        const got = r.findings.map((f) => {
          const s = lines.position(f.start);
          const e = lines.position(f.end);
          return {
            line: s.line + 1,
            column: s.character + 1,
            endLine: e.line + 1,
            endColumn: e.character + 1,
            f,
          };
        });
        expect(got.length, got.map((g) => `${g.line}:${g.column} ${g.f.message}`).join('\n')).toBe(
          c.errors.length,
        );
        c.errors.forEach((want, j) => {
          const g = got[j];
          if (!g) throw new Error('missing finding');
          expect(`${g.line}:${g.column}`, g.f.message).toBe(`${want.line}:${want.column}`);
          if (want.endLine !== undefined) expect(g.endLine).toBe(want.endLine);
          if (want.endColumn !== undefined) expect(g.endColumn).toBe(want.endColumn);
          expect(g.f.messageId, g.f.message).toBe(want.messageId);
          if (want.data !== undefined) expect(g.f.data).toEqual(want.data);
          if (want.severity) expect(g.f.severity).toBe(want.severity);
          if (want.attack) expect(g.f.attack).toEqual(want.attack);
        });
        checkInvariants(rule, c.code, r.findings);
        const fixable = r.findings.some((f) => f.fixes.length > 0);
        if (c.output === undefined) {
          expect(fixable, 'the rule offers a fix here: give the expected `output`').toBe(false);
          return;
        }
        if (c.output === null) {
          expect(fixable).toBe(false);
          return;
        }
        expect(c.output).not.toBe(c.code);
        let text = c.code;
        for (let round = 0; round < 10; round++) {
          const rr = runRule(rule, text, c.settings, c.index, env);
          if (!rr.findings.some((f) => f.fixes.length > 0)) break;
          text = applyFirstFixes(text, rr.findings);
        }
        expect(text).toBe(c.output);
        expect(yamlErrorCount(text)).toBeLessThanOrEqual(yamlErrorCount(c.code));
        const after = runRule(rule, text, c.settings, c.index, env);
        expect(after.findings.filter((f) => f.fixes.length > 0)).toEqual([]);
      });
    });
  });
}
