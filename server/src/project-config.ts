// `.kubeward.yaml`: parse, check against schemas/kubeward-config.schema.json with exact ranges, and
// merge with editor settings or CLI flags into the engine's config. Pure: no file system, no LSP.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import schemaJson from '../../schemas/kubeward-config.schema.json';
import { engineConfig, type ConfigException, type EngineConfig } from './engine/config';
import { DEFAULT_SETTINGS, PROFILES, type Profile, type RuleSetting, type Settings } from './protocol';

/** File names of the project configuration, in order of preference. */
export const CONFIG_FILE_NAMES = ['.kubeward.yaml', '.kubeward.yml'] as const;

export function isConfigFileName(name: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name);
}

/** The project configuration as read (only the parts that passed the schema). */
export interface ProjectConfig {
  profile?: Profile;
  kubernetesVersion?: string;
  rules: Record<string, RuleSetting>;
  ruleOptions: Record<string, Record<string, unknown>>;
  /** Globs relative to the config file's folder. */
  exclude: string[];
  exceptions: ConfigException[];
  strict: string[];
  requireSuppressionReason?: boolean;
  reportSyntaxErrors?: boolean;
  /** How the charts below the config file's folder are rendered (`helm.charts`). */
  helmCharts: HelmChartConfig[];
  /**
   * The kustomization folders to build (`kustomize.roots`, relative to the config file's folder);
   * undefined: every folder with a kustomization that no other kustomization includes.
   */
  kustomizeRoots?: string[];
}

/** One entry of `helm.charts`: paths relative to the config file's folder. */
export interface HelmChartConfig {
  path: string;
  valueFiles: string[];
  set: string[];
  /** Where each `set` entry's text is in the config file (findings on a value it sets go there). */
  setAt?: { start: number; end: number }[];
  releaseName?: string;
  namespace?: string;
}

/** A mistake in the config file, offsets into its text. */
export interface ConfigProblem {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedProjectConfig {
  config: ProjectConfig;
  problems: ConfigProblem[];
  lines: LineCounter;
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = {
  rules: {},
  ruleOptions: {},
  exclude: [],
  exceptions: [],
  strict: [],
  helmCharts: [],
};

/** The subset of JSON Schema the checker understands (the config schema uses nothing else). */
export interface SchemaNode {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'boolean' | 'number' | 'integer';
  enum?: readonly unknown[];
  pattern?: string;
  minLength?: number;
  minItems?: number;
  required?: readonly string[];
  properties?: Readonly<Record<string, SchemaNode>>;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  anyOf?: readonly SchemaNode[];
  definitions?: Readonly<Record<string, SchemaNode>>;
  description?: string;
}

export const CONFIG_SCHEMA = schemaJson as unknown as SchemaNode;

function span(node: Node | Pair | null | undefined, fallback: { start: number; end: number }) {
  if (!node) return fallback;
  if (isPair(node)) {
    const k = node.key as Node | null;
    const v = node.value as Node | null;
    const start = k?.range?.[0] ?? fallback.start;
    const end = v?.range?.[1] ?? k?.range?.[1] ?? fallback.end;
    return { start, end };
  }
  const r = node.range;
  if (!r) return fallback;
  // A block collection: its first line only, never the whole block.
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const first = node.items[0];
    const firstNode = (isPair(first) ? (first.key as Node | null) : (first as Node | null)) ?? null;
    return { start: r[0], end: firstNode?.range?.[1] ?? r[1] };
  }
  return { start: r[0], end: r[1] };
}

function typeName(node: Node | null | undefined): string {
  if (!node) return 'null';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
    return typeof v;
  }
  return 'alias';
}

function matchesType(node: Node | null | undefined, t: NonNullable<SchemaNode['type']>): boolean {
  const n = typeName(node);
  return n === t || (t === 'number' && n === 'integer');
}

/**
 * Checks a YAML node against a schema node; problems point at the offending key or value. Driven by
 * the schema, so the file Red Hat YAML validates with and the one Kubeward reports with cannot drift.
 */
export class SchemaChecker {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly root: SchemaNode,
    private readonly whole: { start: number; end: number },
  ) {}

  private resolve(s: SchemaNode): SchemaNode {
    if (!s.$ref) return s;
    const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
    const target = m?.[1] ? this.root.definitions?.[m[1]] : undefined;
    return target ? this.resolve(target) : {};
  }

  private add(
    at: Node | Pair | null | undefined,
    message: string,
    severity: ConfigProblem['severity'] = 'error',
  ) {
    this.problems.push({ ...span(at, this.whole), message, severity });
  }

  check(node: Node | null | undefined, schemaIn: SchemaNode, path: string, at?: Node | Pair): void {
    const schema = this.resolve(schemaIn);
    const where = at ?? node;
    if (schema.anyOf) {
      const errs = schema.anyOf.map((alt) => {
        const sub = new SchemaChecker(this.root, this.whole);
        sub.check(node, alt, path, at);
        return { alt: this.resolve(alt), problems: sub.problems };
      });
      if (errs.some((e) => e.problems.length === 0)) return;
      const sameType = errs.find((e) => e.alt.type && matchesType(node, e.alt.type));
      if (sameType) this.problems.push(...sameType.problems);
      else this.add(where, `${path}: expected ${describeAlternatives(errs.map((e) => e.alt))}.`);
      return;
    }
    if (schema.type && !matchesType(node, schema.type)) {
      this.add(where, `${path}: expected ${article(schema.type)}, got ${typeName(node)}.`);
      return;
    }
    if (schema.enum && isScalar(node) && !schema.enum.includes(node.value)) {
      this.add(node, `${path}: "${String(node.value)}" is not one of ${schema.enum.map(String).join(', ')}.`);
      return;
    }
    if (isScalar(node) && typeof node.value === 'string') {
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(node.value))
        this.add(node, `${path}: "${node.value}" does not match ${schema.pattern}.`);
      if (schema.minLength !== undefined && node.value.length < schema.minLength)
        this.add(node, `${path}: must not be empty.`);
    }
    if (isSeq(node)) {
      if (schema.minItems !== undefined && node.items.length < schema.minItems)
        this.add(
          where,
          `${path}: needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}.`,
        );
      if (schema.items) {
        node.items.forEach((item, i) => {
          this.check(item as Node | null, schema.items ?? {}, `${path}[${i}]`);
        });
      }
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) {
          this.add(pair.key as Node | null, `${path}: keys must be plain strings.`);
          continue;
        }
        if (seen.has(key)) this.add(pair.key as Node, `${path}: duplicate key "${key}".`);
        seen.add(key);
        const sub = path === '' ? key : `${path}.${key}`;
        if (schema.propertyNames) {
          const pn = this.resolve(schema.propertyNames);
          if (pn.pattern && !new RegExp(pn.pattern, 'u').test(key))
            this.add(pair.key as Node, `${sub}: "${key}" is not a valid name (${pn.pattern}).`);
        }
        const prop = schema.properties?.[key];
        if (prop) this.check(pair.value as Node | null, prop, sub, pair);
        else if (schema.additionalProperties === false) {
          const known = Object.keys(schema.properties ?? {});
          const hint = closest(key, known);
          this.add(
            pair.key as Node,
            `${path === '' ? '' : `${path}: `}unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}.`,
          );
        } else if (typeof schema.additionalProperties === 'object')
          this.check(pair.value as Node | null, schema.additionalProperties, sub, pair);
      }
      for (const req of schema.required ?? []) {
        if (!seen.has(req)) this.add(where, `${path === '' ? '' : `${path}: `}"${req}" is required.`);
      }
    }
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function describeAlternatives(alts: readonly SchemaNode[]): string {
  return alts
    .map((a) => (a.enum ? `one of ${a.enum.map(String).join(', ')}` : article(a.type ?? 'value')))
    .join(' or ');
}

/** The known name at edit distance ≤ 2, for "did you mean". */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

const LEVELS = new Set(['off', 'on', 'error', 'warning', 'info', 'hint']);

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/**
 * Parses a `.kubeward.yaml`. Never throws: syntax errors and schema violations become problems, and
 * only valid parts reach the config. `knownRules` adds a warning for rule ids that do not exist.
 */
export function parseProjectConfig(text: string, knownRules?: ReadonlySet<string>): ParsedProjectConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const problems: ConfigProblem[] = [];
  const whole = {
    start: 0,
    end: Math.min(text.length, !text.includes('\n') ? text.length : text.indexOf('\n')),
  };
  for (const e of doc.errors) {
    problems.push({
      start: e.pos[0],
      end: Math.max(e.pos[1], e.pos[0]),
      message: `YAML: ${e.message.split('\n')[0] ?? ''}`,
      severity: 'error',
    });
  }
  const config: ProjectConfig = {
    rules: {},
    ruleOptions: {},
    exclude: [],
    exceptions: [],
    strict: [],
    helmCharts: [],
  };
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return { config, problems, lines };
  const checker = new SchemaChecker(CONFIG_SCHEMA, whole);
  checker.check(root, CONFIG_SCHEMA, '');
  problems.push(...checker.problems);
  if (!isMap(root) || doc.errors.length > 0) return { config, problems, lines };

  // Extract only pairs that produced no problem.
  const bad = (n: Node | Pair | null | undefined): boolean => {
    const s = span(n, whole);
    const r = isPair(n)
      ? { start: s.start, end: (n.value as Node | null)?.range?.[2] ?? s.end }
      : n?.range
        ? { start: n.range[0], end: n.range[2] }
        : s;
    return checker.problems.some((p) => p.start >= r.start && p.end <= r.end);
  };
  for (const pair of root.items) {
    if (!isScalar(pair.key) || bad(pair)) {
      if (!(isScalar(pair.key) && ['rules', 'exceptions', 'helm'].includes(String(pair.key.value)))) continue;
    }
    const key = String((pair.key as { value: unknown }).value);
    const value = pair.value as Node | null;
    const js: unknown = value?.toJSON();
    switch (key) {
      case 'profile':
        if (PROFILES.includes(js as Profile)) config.profile = js as Profile;
        break;
      case 'kubernetesVersion':
        if (typeof js === 'string') config.kubernetesVersion = js;
        break;
      case 'exclude':
        config.exclude = strings(js);
        break;
      case 'strict':
        config.strict = strings(js);
        break;
      case 'requireSuppressionReason':
        if (typeof js === 'boolean') config.requireSuppressionReason = js;
        break;
      case 'reportSyntaxErrors':
        if (typeof js === 'boolean') config.reportSyntaxErrors = js;
        break;
      case 'rules':
        if (!isMap(value)) break;
        for (const rp of value.items) {
          if (!isScalar(rp.key) || bad(rp)) continue;
          const id = String(rp.key.value);
          if (knownRules && !knownRules.has(id)) {
            const hint = closest(id, [...knownRules]);
            problems.push({
              ...span(rp.key, whole),
              message: `rules: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}.`,
              severity: 'warning',
            });
            continue;
          }
          const v: unknown = (rp.value as Node | null)?.toJSON();
          if (typeof v === 'string' && LEVELS.has(v)) config.rules[id] = v as RuleSetting;
          else if (v && typeof v === 'object') {
            const o = v as { level?: unknown; options?: unknown };
            if (typeof o.level === 'string' && LEVELS.has(o.level)) config.rules[id] = o.level as RuleSetting;
            if (o.options && typeof o.options === 'object')
              config.ruleOptions[id] = o.options as Record<string, unknown>;
          }
        }
        break;
      case 'exceptions':
        if (!isSeq(value)) break;
        for (const item of value.items) {
          if (bad(item as Node) || !isMap(item)) continue;
          const o = (item as Node).toJSON() as Record<string, unknown>;
          const ex: ConfigException = { rules: strings(o.rules) };
          const paths = strings(o.paths);
          if (paths.length > 0) ex.paths = paths;
          for (const k of ['namespaces', 'kinds', 'names'] as const) {
            const list = strings(o[k]);
            if (list.length > 0) ex[k] = list;
          }
          if (typeof o.reason === 'string') ex.reason = o.reason;
          if (typeof o.until === 'string') ex.until = o.until;
          config.exceptions.push(ex);
        }
        break;
      case 'helm': {
        const charts = isMap(value) ? (value.get('charts', true) as Node | undefined) : undefined;
        if (!isSeq(charts)) break;
        for (const item of charts.items) {
          if (bad(item as Node) || !isMap(item)) continue;
          const o = (item as Node).toJSON() as Record<string, unknown>;
          if (typeof o.path !== 'string' || o.path === '') continue;
          const chart: HelmChartConfig = {
            path: o.path,
            valueFiles: strings(o.valueFiles),
            set: strings(o.set),
          };
          const setSeq = item.get('set', true);
          if (isSeq(setSeq)) {
            const at = setSeq.items.flatMap((n) =>
              isScalar(n) && typeof n.value === 'string' && n.range
                ? [{ start: n.range[0], end: n.range[1] }]
                : [],
            );
            if (at.length === chart.set.length) chart.setAt = at;
          }
          if (typeof o.releaseName === 'string') chart.releaseName = o.releaseName;
          if (typeof o.namespace === 'string') chart.namespace = o.namespace;
          config.helmCharts.push(chart);
        }
        break;
      }
      case 'kustomize': {
        const roots = isMap(value) ? (value.get('roots', true) as Node | undefined) : undefined;
        if (!isSeq(roots) || bad(roots)) break;
        config.kustomizeRoots = strings(roots.toJSON());
        break;
      }
      default:
        break;
    }
  }
  return { config, problems, lines };
}

/**
 * The engine config for a file: the project config, with the editor settings (or CLI flags) on top.
 * An editor setting overrides the file only where it differs from its default, since
 * `workspace/configuration` cannot tell an explicit default from an unset value; CLI flags
 * (`explicit`) always do. Per-rule settings merge, the user's winning.
 */
export function mergeConfig(
  project: ProjectConfig | undefined,
  settings: Partial<Settings>,
  /** Settings were given explicitly (CLI flags): any value present overrides the file. */
  explicit = false,
): EngineConfig {
  const p = project ?? EMPTY_PROJECT_CONFIG;
  const pick = <K extends keyof Settings>(
    key: K,
    fromFile: Settings[K] | undefined,
  ): Settings[K] | undefined => {
    const s = settings[key];
    if (s !== undefined && (explicit || s !== DEFAULT_SETTINGS[key])) return s;
    return fromFile ?? s;
  };
  const merged: Partial<Settings> = { rules: { ...p.rules, ...(settings.rules ?? {}) } };
  const profile = pick('profile', p.profile);
  if (profile !== undefined) merged.profile = profile;
  const version = pick('kubernetesVersion', p.kubernetesVersion);
  if (version !== undefined) merged.kubernetesVersion = version;
  const syntax = pick('reportSyntaxErrors', p.reportSyntaxErrors);
  if (syntax !== undefined) merged.reportSyntaxErrors = syntax;
  const reason = pick('requireSuppressionReason', p.requireSuppressionReason);
  if (reason !== undefined) merged.requireSuppressionReason = reason;
  return {
    ...engineConfig(merged),
    ruleOptions: p.ruleOptions,
    exceptions: p.exceptions,
    strict: p.strict,
  };
}
