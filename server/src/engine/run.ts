import { TECHNIQUES, type TechniqueId } from '../attack';
import { configKey, isReported, mayReport, severityFor, type EngineConfig } from './config';
import { Fixer, type Edit, type Fix } from './fix';
import { EMPTY_INDEX, type WorkspaceIndex } from './index-types';
import { pairSpan, type Span } from './locate';
import { parseChunk, splitChunks, type K8sObject, type ParsedChunk } from './parse';
import type { PssRef, ReportOptions, Rule, Severity } from './rule';
import { podView, WORKLOAD_KINDS } from './workload';

/** A finding, with offsets into the whole text. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  attack: TechniqueId[];
  pss: PssRef | undefined;
  fixes: Fix[];
  object: { kind: string; name: string; namespace: string | undefined; apiVersion: string };
  /** Stable within one text: rule id, position and an ordinal. */
  key: string;
}

/** A YAML syntax problem in a document meant to be a Kubernetes object, offsets into the whole text. */
export interface SyntaxFinding {
  start: number;
  end: number;
  message: string;
  code: string;
}

export interface CheckResult {
  findings: Finding[];
  syntax: SyntaxFinding[];
  /** Kubernetes objects seen. */
  objects: number;
  /** Rule crashes (a bug in a rule, never the user's fault); logged, never thrown. */
  internalErrors: string[];
}

/** Chunk-relative finding, as cached. */
interface ChunkFinding extends Omit<Finding, 'start' | 'end' | 'fixes' | 'key'> {
  start: number;
  end: number;
  fixes: Fix[];
}

interface ChunkResult {
  key: string;
  findings: ChunkFinding[];
  syntax: SyntaxFinding[];
  objects: number;
  internalErrors: string[];
}

const ESCAPE = 'T1611';

/** Context-sensitive ATT&CK (catalog §2.8): where the workload runs adds a persistence technique. */
function enrich(attack: readonly TechniqueId[], kind: string): TechniqueId[] {
  const out = [...attack];
  if (attack.includes(ESCAPE)) {
    if (kind === 'DaemonSet' && !out.includes('T1543.005')) out.push('T1543.005');
    if (kind === 'CronJob' && !out.includes('T1053.007')) out.push('T1053.007');
  }
  return out;
}

/** The message as shown: the rule's text, then the ATT&CK techniques (so they show in the Problems panel). */
function withAttack(message: string, attack: readonly TechniqueId[]): string {
  if (attack.length === 0) return message;
  return `${message} ATT&CK: ${attack.map((id) => `${id} ${TECHNIQUES[id].name}`).join('; ')}.`;
}

function toSpan(at: ReportOptions['at']): Span {
  if ('start' in at && 'end' in at && typeof at.start === 'number') return { start: at.start, end: at.end };
  return pairSpan(at as Parameters<typeof pairSpan>[0]);
}

export interface EngineOptions {
  /** Keep parses and results per chunk text (editor); off for one-shot scans. */
  cache?: boolean;
  maxCacheEntries?: number;
}

/**
 * Runs the rules over a text. Owns the per-chunk caches (one instance per server or scan, never a
 * module singleton): an edit re-parses and re-checks only the `---` chunk it touched.
 */
export class Engine {
  readonly relevantKinds: ReadonlySet<string>;
  private readonly parses = new Map<string, ParsedChunk>();
  private readonly results = new Map<string, ChunkResult>();
  private readonly cache: boolean;
  private readonly max: number;

  constructor(
    readonly rules: readonly Rule[],
    opts: EngineOptions = {},
  ) {
    const kinds = new Set<string>();
    for (const r of rules) {
      if (r.kinds === 'workloads') for (const k of Object.keys(WORKLOAD_KINDS)) kinds.add(k);
      else for (const k of r.kinds) kinds.add(k);
    }
    this.relevantKinds = kinds;
    this.cache = opts.cache ?? true;
    this.max = opts.maxCacheEntries ?? 4000;
  }

  /** Parses a chunk (cached by its text). */
  parse(text: string): ParsedChunk {
    const hit = this.parses.get(text);
    if (hit) {
      this.touch(this.parses, text, hit);
      return hit;
    }
    const parsed = parseChunk(text, { relevantKinds: this.relevantKinds });
    if (this.cache) this.remember(this.parses, text, parsed);
    return parsed;
  }

  private touch<V>(m: Map<string, V>, k: string, v: V): void {
    m.delete(k);
    m.set(k, v);
  }

  private remember<V>(m: Map<string, V>, k: string, v: V): void {
    m.set(k, v);
    while (m.size > this.max) {
      const oldest = m.keys().next().value;
      if (oldest === undefined) break;
      m.delete(oldest);
    }
  }

  /** Drops every cached parse and result (used by tests of memory behaviour). */
  clear(): void {
    this.parses.clear();
    this.results.clear();
  }

  get cacheSize(): number {
    return this.parses.size + this.results.size;
  }

  /**
   * Checks a whole text. `file` (a path or URI) is what config-file exceptions match their path globs
   * against.
   */
  check(text: string, config: EngineConfig, index: WorkspaceIndex = EMPTY_INDEX, _file?: string): CheckResult {
    const findings: Finding[] = [];
    const syntax: SyntaxFinding[] = [];
    const internalErrors: string[] = [];
    let objects = 0;
    const key = `${configKey(config)}|${index.version}`;
    for (const chunk of splitChunks(text)) {
      const r = this.checkChunk(chunk.text, config, index, key);
      objects += r.objects;
      internalErrors.push(...r.internalErrors);
      for (const s of r.syntax) syntax.push({ ...s, start: s.start + chunk.start, end: s.end + chunk.start });
      for (const f of r.findings) {
        const start = f.start + chunk.start;
        const end = f.end + chunk.start;
        findings.push({
          ...f,
          start,
          end,
          fixes: f.fixes.map((fx) => ({ ...fx, edits: fx.edits.map((e) => shift(e, chunk.start)) })),
          key: '',
        });
      }
    }
    findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
    const seen = new Map<string, number>();
    for (const f of findings) {
      const base = `${f.ruleId}@${f.start}-${f.end}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      f.key = n === 0 ? base : `${base}#${n}`;
    }
    return { findings, syntax, objects, internalErrors };
  }

  private checkChunk(text: string, config: EngineConfig, index: WorkspaceIndex, key: string): ChunkResult {
    const cached = this.results.get(text);
    if (cached && cached.key === key) {
      this.touch(this.results, text, cached);
      return cached;
    }
    const parsed = this.parse(text);
    const result: ChunkResult = {
      key,
      findings: [],
      syntax: [],
      objects: parsed.objects.length,
      internalErrors: [],
    };
    if (config.reportSyntaxErrors && (parsed.looksLikeK8s || parsed.tooDeep) && !parsed.templated) {
      for (const e of parsed.errors) {
        const start = Math.min(e.start, text.length);
        result.syntax.push({ ...e, start, end: Math.max(start, Math.min(e.end, text.length)) });
      }
    }
    if (!parsed.templated) {
      for (const obj of parsed.objects) this.runRules(obj, parsed, config, index, result);
    }
    if (this.cache) this.remember(this.results, text, result);
    return result;
  }

  private runRules(
    obj: K8sObject,
    parsed: ParsedChunk,
    config: EngineConfig,
    index: WorkspaceIndex,
    out: ChunkResult,
  ): void {
    const pod = podView(obj);
    const fixer = new Fixer(parsed.text, obj.doc.contents);
    const textLength = parsed.text.length;
    for (const rule of this.rules) {
      if (!mayReport(rule, config)) continue;
      if (rule.kinds === 'workloads' ? !pod : !rule.kinds.includes(obj.kind)) continue;
      const report = (r: ReportOptions): void => {
        const pss = r.pss === null ? undefined : (r.pss ?? rule.pss);
        if (!isReported(rule, pss, config)) return;
        const span = toSpan(r.at);
        const start = Math.max(0, Math.min(span.start, textLength));
        const end = Math.max(start, Math.min(span.end, textLength));
        const fixes = (r.fix === undefined ? [] : Array.isArray(r.fix) ? r.fix : [r.fix as Fix]).filter(
          (f: Fix) =>
            f.edits.length > 0 &&
            f.edits.every((e) => e.start >= 0 && e.end <= textLength && e.start <= e.end),
        );
        const attack = enrich(r.attack ?? rule.attack, obj.kind);
        out.findings.push({
          ruleId: rule.id,
          severity: severityFor(rule, r.severity ?? rule.severity, config),
          message: withAttack(r.message, attack),
          start,
          end,
          attack,
          pss,
          fixes,
          object: { kind: obj.kind, name: obj.name, namespace: obj.namespace, apiVersion: obj.apiVersion },
        });
      };
      try {
        rule.check({
          object: obj,
          pod,
          version: config.version,
          fixer,
          index,
          options: config.ruleOptions[rule.id] ?? {},
          report,
        });
      } catch (e) {
        out.internalErrors.push(`${rule.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  }
}

function shift(e: Edit, by: number): Edit {
  return { start: e.start + by, end: e.end + by, newText: e.newText };
}
