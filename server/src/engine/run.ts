import type { TechniqueId } from '../attack';
import { configKey, isReported, mayReport, PSS_RANK, severityFor, type EngineConfig } from './config';
import { Fixer, fixOf, snippetFixOf, type Edit, type Fix } from './fix';
import { Globs } from './glob';
import { EMPTY_INDEX, type IndexLookup } from './index-types';
import { isNowhere, pairSpan, type Span } from './locate';
import { findingPath, pathOfNode, type PathElem } from './path';
import { chunksOf, cheapKind, parseChunk, type K8sObject, type ParsedChunk, type SourceText } from './parse';
import { sharedSpans, touchesShared } from './alias-guard';
import {
  applySuppressions,
  ruleOfSuppressionId,
  type DirectiveUse,
  type ExceptionUse,
  type SuppressedFinding,
} from './suppress/apply';
import { collectDirectives, placeDirectives, type ChunkDirectives, type Directive } from './suppress/collect';
import { isoToday } from './suppress/grammar';
import { misplacedAlong, misspelledAlong, withMisspelling } from './misspelling';
import { isMissingReport, isPartialObject } from './partial';
import {
  messageText,
  type PssRef,
  type ReportOptions,
  type Rule,
  type FindingPolicy,
  type Severity,
  type SuppressionReport,
} from './rule';
import { podView, WORKLOAD_KINDS } from './workload';

/**
 * A finding, with offsets into the whole text. It carries data, not presentation: the rule's message
 * for it (`message`, from `messageId` and `data`) and its context (ATT&CK, Pod Security level, the
 * Namespace's enforcement); each presenter (present/) composes the text it shows from them.
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Id of the rule's message (a key of its `messages` table). */
  messageId: string;
  /** The values the message was written with. */
  data: Readonly<Record<string, unknown>>;
  /** The rule's message for this finding, as its messages table writes it. */
  message: string;
  start: number;
  end: number;
  attack: TechniqueId[];
  pss: PssRef | undefined;
  fixes: Fix[];
  object: { kind: string; name: string; namespace: string | undefined; apiVersion: string };
  /**
   * Where in its object the finding starts, as {@link formatPath} writes it
   * (`spec.containers[name="web"].securityContext.privileged`); empty for a finding about a
   * suppression comment or annotation. Survives edits elsewhere in the file.
   */
  path: string;
  /** Stable within one text: rule id, position and an ordinal. */
  key: string;
  /** The workspace holds the object's Namespace, and its Pod Security `enforce` label rejects these pods. */
  enforcement?: Enforcement;
  /** The finding is about a field that is absent (its span is the nearest existing key). */
  missing?: true;
  /** For a finding about an absent field: that field's path in the object (keys and indices). */
  missingPath?: PathElem[];
  /**
   * The absent field is written misspelled (`runAsNonroot` for `runAsNonRoot`) or at another level
   * (`securityContext` under a Deployment's `spec`, with `misplaced` saying where it is and where it
   * belongs): the finding points at that key, its message says so, and it has no fix (which would add
   * a second key); `unknown-field` renames or moves the key.
   */
  misspelled?: { written: string; intended: string; misplaced?: { at: string; belongs: string } };
  /**
   * Set by a rendered source (a Helm chart) when it placed the finding in a file a person edits:
   * where the engine saw it (the template and the object path) and other places that explain it
   * (the template line that pulls a values-fed value in).
   */
  rendered?: RenderedAt;
  /** Rule `admission-policy`: the policy (and binding, validation) that refuses the object. */
  policy?: FindingPolicy;
}

/** Where a rendered source's finding was seen, and what else explains it. */
export interface RenderedAt {
  /**
   * The template (chart-relative) the checked document was rendered from; for a Kustomize overlay,
   * the first root (tree-relative folder) whose build deploys the object.
   */
  template: string;
  /** The object path in the rendered document (`spec.template.spec.containers[0]…`). */
  path: string;
  /**
   * How the place was found. Helm: written in the template, set by values or `--set`. Kustomize:
   * written in the resource file, set by a patch, a transformer entry, a generator. Either: only the object.
   */
  via: 'template' | 'values' | 'set' | 'resource' | 'patch' | 'transformer' | 'generator' | 'fallback';
  /** Kustomize: every root (tree-relative folder) whose build deploys the object with this finding. */
  roots?: string[];
  related: RelatedLocation[];
}

/** Another place in another file, with its range already as lines and characters (0-based). */
export interface RelatedLocation {
  /** Absolute path. */
  path: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

/** A Namespace whose `pod-security.kubernetes.io/enforce` level covers a finding's level. */
export interface Enforcement {
  namespace: string;
  /** The label's value (`baseline` or `restricted`). */
  level: string;
  /** The object is a Pod itself, not a controller whose pods are rejected when it creates them. */
  pod: boolean;
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
  /** Findings hidden by a suppression (comment, annotation or config exception), with how and why. */
  suppressed: SuppressedFinding<Finding>[];
  /** Per config-file exception: how many findings of this text it suppressed, and whether it expired. */
  exceptionUse: ExceptionUse[];
  /** A `---` document holds Helm/Go template syntax (`{{ }}`), so the rules did not run on it. */
  templated: boolean;
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
  /** Suppressions written in the chunk (comments, annotations), chunk-relative. */
  directives: Directive[];
  /** Findings the rules produced but the profile hides; they count as uses of a suppression. */
  silenced: { ruleId: string; start: number }[];
  /** The rules ran over the whole chunk (no template, no syntax error): "unused" may be claimed. */
  complete: boolean;
  /** The chunk holds template syntax: its rules did not run. */
  templated: boolean;
}

const ESCAPE = 'T1611';
/** The rule that reports misspelled keys itself; the others are told about them (see `misspelledAlong`). */
const UNKNOWN_FIELD = 'unknown-field';

/** Context-sensitive ATT&CK (catalog §2.8): where the workload runs adds a persistence technique. */
function enrich(attack: readonly TechniqueId[], kind: string): TechniqueId[] {
  const out = [...attack];
  if (attack.includes(ESCAPE)) {
    if (kind === 'DaemonSet' && !out.includes('T1543.005')) out.push('T1543.005');
    if (kind === 'CronJob' && !out.includes('T1053.007')) out.push('T1053.007');
  }
  return out;
}

/**
 * Where the workspace holds the object's Namespace and its `pod-security.kubernetes.io/enforce` label
 * covers the finding's level: the API server will reject the pods (for a controller, enforce applies
 * to the pods it creates, not to the controller object itself).
 */
function enforcedBy(
  index: IndexLookup,
  obj: K8sObject,
  level: 'baseline' | 'restricted',
): Enforcement | undefined {
  const ns = obj.namespace ?? 'default';
  const enforce = index.find('Namespace', undefined, ns)?.data.enforce;
  if (typeof enforce !== 'string' || (PSS_RANK[enforce] ?? 0) < (PSS_RANK[level] ?? 0)) return undefined;
  return { namespace: ns, level: enforce, pod: obj.kind === 'Pod' };
}

function toSpan(at: ReportOptions['at']): Span {
  if ('start' in at && 'end' in at && typeof at.start === 'number') return at;
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
  private readonly rulesById: ReadonlyMap<string, Rule>;
  /** Rules that judge suppressions (`checkSuppressions`), in registry order. */
  private readonly suppressionRules: readonly Rule[];
  /** Rules whose kinds the workspace decides (`kindsFrom`). */
  private readonly dynamicRules: readonly Rule[];
  /** Per config: the rules that may report under it (decided once, not per rule per object). */
  private readonly active = new WeakMap<EngineConfig, readonly Rule[]>();
  private readonly activeByKey = new Map<string, readonly Rule[]>();
  private readonly parses = new Map<string, ParsedChunk>();
  private readonly results = new Map<string, ChunkResult>();
  /** Compiled globs of config-file exceptions. */
  private readonly globs = new Globs();
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
    this.rulesById = new Map(rules.map((r) => [r.id, r]));
    this.suppressionRules = rules.filter((r) => r.checkSuppressions !== undefined);
    this.dynamicRules = rules.filter((r) => r.kindsFrom !== undefined);
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

  /** Chunk texts of each open document's last check, and how many documents use each chunk text. */
  private readonly owned = new Map<string, readonly string[]>();
  private readonly users = new Map<string, number>();

  /**
   * Records that `owner` (a document URI) now consists of these chunks. Chunks no open document
   * uses any more (the version before an edit, a closed document's) leave the caches at once, so
   * memory follows the open documents, not the LRU bound.
   */
  private own(owner: string, texts: readonly string[]): void {
    for (const t of texts) this.users.set(t, (this.users.get(t) ?? 0) + 1);
    const before = this.owned.get(owner);
    this.owned.set(owner, texts);
    if (before) for (const t of before) this.disown(t);
  }

  private disown(text: string): void {
    const n = (this.users.get(text) ?? 0) - 1;
    if (n > 0) {
      this.users.set(text, n);
      return;
    }
    this.users.delete(text);
    this.parses.delete(text);
    this.results.delete(text);
  }

  /** The document closed: drop its cached parses and results that no other open document shares. */
  release(owner: string): void {
    const before = this.owned.get(owner);
    if (!before) return;
    this.owned.delete(owner);
    for (const t of before) this.disown(t);
  }

  /**
   * Checks a whole text. `file` (a path or URI) is what config-file exceptions match their path globs
   * against.
   */
  check(
    text: SourceText,
    config: EngineConfig,
    index: IndexLookup = EMPTY_INDEX,
    file?: string,
    /** The open document this text is (its URI): its cache entries live until `release(owner)`. */
    owner?: string,
  ): CheckResult {
    const raw: Finding[] = [];
    const syntax: SyntaxFinding[] = [];
    const internalErrors: string[] = [];
    const placed: ChunkDirectives[] = [];
    const silenced: { ruleId: string; start: number }[] = [];
    let objects = 0;
    let templated = false;
    // Suppressions are applied below, on every call, from cached per-chunk parts: what they depend on
    // beyond the chunk text (config, `file`, today's date) is never baked into the cache.
    const key = `${configKey(config)}|${index.version}`;
    const chunks = chunksOf(text);
    if (owner !== undefined && this.cache)
      this.own(
        owner,
        chunks.map((c) => c.text),
      );
    for (const chunk of chunks) {
      const r = this.checkChunk(chunk.text, config, index, key);
      objects += r.objects;
      templated ||= r.templated;
      internalErrors.push(...r.internalErrors);
      placed.push({ start: chunk.start, end: chunk.end, directives: r.directives, complete: r.complete });
      for (const s of r.silenced) silenced.push({ ruleId: s.ruleId, start: s.start + chunk.start });
      for (const s of r.syntax) syntax.push({ ...s, start: s.start + chunk.start, end: s.end + chunk.start });
      for (const f of r.findings) {
        const start = f.start + chunk.start;
        const end = f.end + chunk.start;
        raw.push({
          ...f,
          start,
          end,
          fixes: f.fixes.map((fx) => ({ ...fx, edits: fx.edits.map((e) => shift(e, chunk.start)) })),
          key: '',
        });
      }
    }
    const applied = applySuppressions(raw, silenced, placeDirectives(placed), {
      exceptions: config.exceptions,
      strict: config.strict,
      today: config.today ?? isoToday(),
      file,
      globs: this.globs,
      ruleState: (id) => {
        const rule = this.rulesById.get(ruleOfSuppressionId(id));
        // A suppression cannot hide a finding of a rule that judges suppressions.
        if (!rule || rule.checkSuppressions !== undefined) return 'unknown';
        return mayReport(rule, config) ? 'enabled' : 'disabled';
      },
    });
    const findings = applied.kept;
    for (const rule of this.suppressionRules) {
      // Not subject to the profile: only turning the rule off by id silences it.
      if (config.rules[rule.id] === 'off') continue;
      this.judgeSuppressions(rule, applied.directives, config, findings, internalErrors);
    }
    // Rule ids are ASCII: code-unit order, not `localeCompare`, whose first call builds an ICU
    // collator (~10 ms of a fresh server's first check).
    findings.sort(
      (a, b) =>
        a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    );
    const seen = new Map<string, number>();
    for (const f of [...findings, ...applied.suppressed.map((s) => s.finding)]) {
      const base = `${f.ruleId}@${f.start}-${f.end}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      f.key = n === 0 ? base : `${base}#${n}`;
    }
    return {
      findings,
      syntax,
      objects,
      internalErrors,
      suppressed: applied.suppressed,
      exceptionUse: applied.exceptions,
      templated,
    };
  }

  /**
   * Runs a rule's `checkSuppressions` over the directives as applied. Its findings are added after
   * suppressions were applied, so nothing suppresses them.
   */
  private judgeSuppressions(
    rule: Rule,
    directives: readonly DirectiveUse[],
    config: EngineConfig,
    out: Finding[],
    internalErrors: string[],
  ): void {
    const report = (r: SuppressionReport): void => {
      const at = r.at ?? r.directive.at;
      const data = (r.data ?? {}) as Readonly<Record<string, unknown>>;
      out.push({
        ruleId: rule.id,
        severity: severityFor(rule, r.severity ?? rule.severity, config),
        messageId: r.messageId,
        data,
        message: messageText(rule, r.messageId, data),
        start: at.start,
        end: at.end,
        attack: [...rule.attack],
        pss: undefined,
        fixes:
          r.fix === undefined ? [] : Array.isArray(r.fix) ? [...(r.fix as readonly Fix[])] : [r.fix as Fix],
        object: r.directive.object ?? { kind: '', name: '', namespace: undefined, apiVersion: '' },
        // About a comment or annotation, not a field of the object.
        path: '',
        key: '',
      });
    };
    try {
      rule.checkSuppressions?.({
        directives,
        requireReason: config.requireSuppressionReason,
        fix: fixOf,
        snippetFix: snippetFixOf,
        report,
      });
    } catch (e) {
      internalErrors.push(`${rule.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  private checkChunk(text: string, config: EngineConfig, index: IndexLookup, key: string): ChunkResult {
    const cached = this.results.get(text);
    if (cached?.key === key) {
      this.touch(this.results, text, cached);
      return cached;
    }
    let parsed = this.parse(text);
    if (parsed.skipped) {
      // No rule lists the kind, but the workspace may make one want it (a policy for custom resources).
      const kind = cheapKind(text);
      if (kind !== undefined && this.dynamicRules.some((r) => r.kindsFrom?.(index)(kind) === true)) {
        parsed = parseChunk(text);
        if (this.cache) this.remember(this.parses, text, parsed);
      }
    }
    const result: ChunkResult = {
      key,
      findings: [],
      syntax: [],
      objects: parsed.objects.length,
      internalErrors: [],
      directives: collectDirectives(parsed),
      silenced: [],
      complete: !parsed.templated && !parsed.skipped && parsed.errors.length === 0,
      templated: parsed.templated,
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

  private activeRules(config: EngineConfig): readonly Rule[] {
    let hit = this.active.get(config);
    if (hit) return hit;
    // A scan plans a new config object per file; what `mayReport` reads is usually the same.
    const k = `${config.profile}|${JSON.stringify(config.rules)}`;
    hit = this.activeByKey.get(k);
    if (!hit) this.activeByKey.set(k, (hit = this.rules.filter((r) => mayReport(r, config))));
    this.active.set(config, hit);
    return hit;
  }

  private runRules(
    obj: K8sObject,
    parsed: ParsedChunk,
    config: EngineConfig,
    index: IndexLookup,
    out: ChunkResult,
  ): void {
    const pod = podView(obj);
    const fixer = new Fixer(parsed.text, obj.doc.contents);
    const textLength = parsed.text.length;
    const partial = config.partial === true || isPartialObject(pod);
    const unknownField = this.rulesById.get(UNKNOWN_FIELD);
    const namesUnknownField = unknownField !== undefined && mayReport(unknownField, config);
    for (const rule of this.activeRules(config)) {
      const listed = rule.kinds === 'workloads' ? pod !== undefined : rule.kinds.includes(obj.kind);
      if (!listed && rule.kindsFrom?.(index)(obj.kind) !== true) continue;
      const report = (r: ReportOptions): void => {
        const pss = r.pss === null ? undefined : (r.pss ?? rule.pss);
        if (!isReported(rule, pss, config)) {
          const at = toSpan(r.at);
          out.silenced.push({ ruleId: rule.id, start: Math.max(0, Math.min(at.start, textLength)) });
          return;
        }
        const missing = isMissingReport(r);
        if (partial && missing) return;
        let span = toSpan(r.at);
        const absent = span.absent;
        const misspelled =
          absent && rule.id !== UNKNOWN_FIELD
            ? (misspelledAlong(obj, absent.base, absent.path, config.version) ??
              misplacedAlong(obj, absent.base, absent.path, config.version))
            : undefined;
        if (absent && misspelled) span = { ...pairSpan(misspelled.pair), absent, missing: true };
        if (isNowhere(span)) {
          out.internalErrors.push(`${rule.id}: reported on a node without a position (${r.messageId})`);
          return;
        }
        const start = Math.max(0, Math.min(span.start, textLength));
        const end = Math.max(start, Math.min(span.end, textLength));
        const fixes = (
          r.fix === undefined || misspelled
            ? []
            : Array.isArray(r.fix)
              ? (r.fix as readonly Fix[])
              : [r.fix as Fix]
        ).filter(
          (f: Fix) =>
            // No fix on a document with syntax errors: its tree is the parser's guess (issue 8 fuzzing).
            parsed.errors.length === 0 &&
            f.edits.length > 0 &&
            f.edits.every((e) => e.start >= 0 && e.end <= textLength && e.start <= e.end) &&
            // A fix inside an anchor that an alias reuses, or in a map with a `<<` merge, would change
            // other places too: it is not offered.
            !touchesShared(f.edits, sharedSpans(obj.doc, parsed.text)),
        );
        const attack = enrich(r.attack ?? rule.attack, obj.kind);
        const enforcement = pod && pss ? enforcedBy(index, obj, pss.level) : undefined;
        const missingPath = span.absent ? absentPath(obj, span.absent) : undefined;
        const data = (r.data ?? {}) as Readonly<Record<string, unknown>>;
        const message = messageText(rule, r.messageId, data);
        out.findings.push({
          ruleId: rule.id,
          severity: severityFor(rule, r.severity ?? rule.severity, config),
          messageId: r.messageId,
          data,
          message: misspelled ? withMisspelling(message, misspelled, namesUnknownField) : message,
          ...(misspelled
            ? {
                misspelled: {
                  written: misspelled.written,
                  intended: misspelled.intended,
                  ...(misspelled.misplaced ? { misplaced: misspelled.misplaced } : {}),
                },
              }
            : {}),
          ...(enforcement ? { enforcement } : {}),
          ...(missing ? { missing: true as const } : {}),
          ...(missingPath ? { missingPath } : {}),
          ...(r.policy ? { policy: r.policy } : {}),
          start,
          end,
          attack,
          pss,
          fixes,
          object: { kind: obj.kind, name: obj.name, namespace: obj.namespace, apiVersion: obj.apiVersion },
          path: findingPath(obj.root, start),
        });
      };
      try {
        rule.check({
          object: obj,
          text: parsed.text,
          pod,
          version: config.version,
          fixer,
          index,
          options: config.ruleOptions[rule.id] ?? {},
          partial,
          report,
        });
      } catch (e) {
        out.internalErrors.push(`${rule.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  }
}

/** The object path of an absent field: its base node's path in the object, then the missing keys. */
function absentPath(obj: K8sObject, absent: NonNullable<Span['absent']>): PathElem[] | undefined {
  const base = pathOfNode(obj.root, absent.base);
  return base ? [...base, ...absent.path] : undefined;
}

function shift(e: Edit, by: number): Edit {
  return { start: e.start + by, end: e.end + by, newText: e.newText };
}
