// What the suppression tests share: the whole registry (meta rules judge the other rules' findings),
// a fixed today, and a check that lists suppressed and meta findings compactly.
import { engineConfig, type EngineConfig } from '../../server/src/engine/config';
import { Engine, type Finding } from '../../server/src/engine/run';
import { rules } from '../../server/src/rules/index';
import { META_RULE_IDS } from '../../server/src/rules/lib/meta';

export function cfg(over: Partial<EngineConfig> = {}): EngineConfig {
  return { ...engineConfig({ profile: 'all' }), today: '2026-06-01', ...over };
}

const isMeta = (f: Finding): boolean => (META_RULE_IDS as readonly string[]).includes(f.ruleId);

/** Checks a text with every rule; `suppressed` reads `<rule> <how> <reason or -> [<until>]`. */
export function check(
  text: string,
  over: Partial<EngineConfig> = {},
  file?: string,
  engine = new Engine(rules),
) {
  const r = engine.check(text, cfg(over), undefined, file);
  return {
    r,
    ids: r.findings.map((f) => f.ruleId),
    suppressed: r.suppressed.map(
      (s) => `${s.finding.ruleId} ${s.how} ${s.reason ?? '-'}${s.until ? ` ${s.until}` : ''}`,
    ),
    meta: r.findings.filter(isMeta),
  };
}

/** A meta finding as tests assert it: rule, message id and data (never the prose). */
export function metaOf(f: Finding): { ruleId: string; messageId: string; data: unknown } {
  return { ruleId: f.ruleId, messageId: f.messageId, data: f.data };
}

export const POD = (spec: string, meta = '  name: web\n'): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n${meta}spec:\n${spec}`;

export const HOSTNET = POD(`  hostNetwork: true\n  containers:\n    - name: app\n      image: a:1\n`);
