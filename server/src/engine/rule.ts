import type { Pair } from 'yaml';
import type { TechniqueId } from '../attack';
import type { Edit, Fix, Fixer, FixSafety } from './fix';
import type { Span } from './locate';
import type { Field } from './node';
import type { K8sObject } from './parse';
import type { IndexLookup } from './index-types';
import type { DirectiveUse } from './suppress/apply';
import type { PodView } from './workload';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type PssLevel = 'baseline' | 'restricted';

/** Check ids of Pod Security Admission (`policy/check_*.go`). */
export type PsaCheck =
  | 'privileged'
  | 'hostNamespaces'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'capabilities_baseline'
  | 'appArmorProfile'
  | 'seLinuxOptions'
  | 'procMount'
  | 'seccompProfile_baseline'
  | 'sysctls'
  | 'windowsHostProcess'
  | 'hostProbesAndHostLifecycle'
  | 'allowPrivilegeEscalation'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seccompProfile_restricted'
  | 'capabilities_restricted'
  | 'restrictedVolumes'
  | 'procMount_restricted';

export interface PssRef {
  level: PssLevel;
  check: PsaCheck;
}

/** Equivalent checks in other scanners, for the docs. */
export interface PeerIds {
  kubeLinter?: string;
  kubesec?: string;
  polaris?: string;
  kubescape?: string;
  trivy?: string;
  checkov?: string;
}

export interface RuleDocs {
  whatItDoes: string;
  whyBad: string;
  /** A manifest the rule fires on (tested). */
  example: string;
  /** The same manifest fixed; the rule stays silent on it (tested). */
  useInstead: string;
  /** Ends with a period. */
  remediation: string;
  /** Why the fix is safe or unsafe; required when the rule has a fix. */
  fixSafety?: string;
  references: readonly string[];
  peers?: PeerIds;
  /** Extra notes: version gates, where other tools differ, why a row of the catalog is folded in here. */
  notes?: string;
}

/** What the rule looks at: every workload kind with a pod template, or the listed kinds. */
export type RuleKinds = 'workloads' | readonly string[];

/**
 * A rule's messages, keyed by message id (typescript-eslint's `messages`/`MessageIds`). Each is a
 * typed function of the finding's data, so a missing value is a compile error, and a finding carries
 * the id and the data: tests assert those, and rewording a message changes one line.
 */
export type MessageTable = Readonly<Record<string, (data: never) => string>>;

/** The id of a message and, when the message takes any, its data. */
export type MessageRef<M extends MessageTable, K extends keyof M & string> =
  Parameters<M[K]> extends []
    ? { messageId: K; data?: undefined }
    : { messageId: K; data: Parameters<M[K]>[0] };

export interface ReportBase {
  /** A span, or a field/pair reported as `key: value` (see locate.ts). */
  at: Span | Field | Pair;
  severity?: Severity;
  fix?: Fix | readonly Fix[] | undefined;
  /** Overrides the rule's PSS reference for this finding (`null`: not a PSS finding). */
  pss?: PssRef | null;
  /** Overrides the rule's ATT&CK techniques for this finding. */
  attack?: readonly TechniqueId[];
  /** The finding is about an absent field (dropped on partial objects); spans from `missingSpan` imply it. */
  missing?: boolean;
  /** The admission policy behind the finding (rule `admission-policy`); suppressible by its name. */
  policy?: FindingPolicy;
}

/** Which admission policy (and binding and validation) a finding of `admission-policy` is about. */
export interface FindingPolicy {
  kind: string;
  name: string;
  binding: string | null;
  /** Index in the policy's `validations` (Kyverno: its expressions); null for the policy as a whole. */
  validation: number | null;
}

/** What a rule reports: where, which of its messages with what data, and its fixes. */
export type ReportOptions<M extends MessageTable = MessageTable> = {
  [K in keyof M & string]: ReportBase & MessageRef<M, K>;
}[keyof M & string];

export interface RuleContext<M extends MessageTable = MessageTable> {
  readonly object: K8sObject;
  /** The text of the `---` chunk the object is in (the offsets of its nodes are into it). */
  readonly text: string;
  /** The pod template, for workload kinds. */
  readonly pod: PodView | undefined;
  /** Target Kubernetes minor version (e.g. 37 for 1.37). */
  readonly version: number;
  readonly fixer: Fixer;
  readonly index: IndexLookup;
  /** Rule options from the configuration, if any. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The object is partial (a Kustomize patch): findings about missing fields are dropped. */
  readonly partial?: boolean;
  report(r: ReportOptions<M>): void;
}

/**
 * What a rule that judges suppressions reports: about which directive, where (by default the whole
 * comment or annotation), which of its messages with what data, and its fixes.
 */
export type SuppressionReport<M extends MessageTable = MessageTable> = {
  [K in keyof M & string]: {
    directive: DirectiveUse;
    at?: Span;
    fix?: Fix | readonly Fix[] | undefined;
    /** This finding's severity, when not the rule's (a setting for the rule still decides). */
    severity?: Severity;
  } & MessageRef<M, K>;
}[keyof M & string];

/** What `Rule.checkSuppressions` sees: every suppression of one text, after all were applied. */
export interface SuppressionContext<M extends MessageTable = MessageTable> {
  /** Each comment and annotation directive, in text order, with what it did. */
  readonly directives: readonly DirectiveUse[];
  /** Suppressions must give a reason (`requireSuppressionReason` in the settings or config file). */
  readonly requireReason: boolean;
  /**
   * A fix from edits, or undefined when an edit is absent (a directive in a document with syntax
   * errors has no removal or reason edit).
   */
  fix(title: string, safety: FixSafety, ...edits: (Edit | undefined)[]): Fix | undefined;
  /** A fix whose edits hold snippet placeholders (`${1:reason}`). */
  snippetFix(title: string, safety: FixSafety, ...edits: (Edit | undefined)[]): Fix | undefined;
  report(r: SuppressionReport<M>): void;
}

export interface Rule<M extends MessageTable = MessageTable> {
  /** Kebab-case; also the diagnostic code, docs file name, suppression key and settings key. */
  readonly id: string;
  readonly title: string;
  /** Default severity (overridable per rule). */
  readonly severity: Severity;
  readonly kinds: RuleKinds;
  /**
   * Kinds the rule looks at besides `kinds`, as the workspace decides (the `admission-policy` rule:
   * the kinds its policies can match, custom resources included). A chunk of a kind no rule lists is
   * parsed only while this says some rule wants it. Called once per check; keep the answer cheap.
   */
  readonly kindsFrom?: (index: IndexLookup) => (kind: string) => boolean;
  /** The Pod Security Standards control this rule implements, if any. */
  readonly pss?: PssRef;
  /** Part of the `recommended` profile (PSS rules are in it anyway). */
  readonly recommended: boolean;
  /** The row of `research/rules.md` this rule implements. */
  readonly catalog: readonly string[];
  readonly attack: readonly TechniqueId[];
  readonly docs: RuleDocs;
  /** Whether findings carry a fix ('sometimes': only some cases have a definite edit). */
  readonly fix: 'never' | 'sometimes' | 'always';
  /** Rules that need other files (ServiceAccounts, NetworkPolicies, Roles) from the workspace index. */
  readonly crossFile?: boolean;
  /** Every message the rule reports, by id. */
  readonly messages: M;
  check(ctx: RuleContext<M>): void;
  /**
   * For rules that judge suppressions themselves (the meta rules, rules/lib/meta.ts): called once
   * per checked text, after every suppression was applied. Their findings are reported under every
   * profile unless the rule is turned off by id, and cannot be suppressed.
   */
  checkSuppressions?(ctx: SuppressionContext<M>): void;
}

/** The text of message `id` of a rule for `data`. */
export function messageText(rule: Rule, id: string, data: unknown): string {
  const m = rule.messages[id];
  if (!m) throw new Error(`${rule.id}: no message "${id}"`);
  return m(data as never);
}

/** Declares a rule. (typescript-eslint's `createRule` analogue; the id also names the docs page.) */
export function defineRule<const M extends MessageTable>(rule: Rule<M>): Rule<M> {
  return rule;
}

export const DOCS_BASE = 'https://github.com/kubeward/kubeward/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
