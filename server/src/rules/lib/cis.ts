import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { FixSafety } from '../../engine/fix';
import { pairSpan, type Span } from '../../engine/locate';
import { mapGet, scalarString } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import {
  describeProcess,
  flagSpan,
  lastFlag,
  parseBool,
  processRef,
  setFlagFix,
  type ControlPlaneProcess,
  type FlagItem,
  type ProcessRef,
} from './flags';

/**
 * The Benchmark version the CIS rules cite. Section numbers and the Automated/Manual status follow
 * the CIS Kubernetes Benchmark v1.10.0 as encoded in kube-bench `cfg/cis-1.10`.
 */
export const CIS = 'CIS Kubernetes Benchmark v1.10.0';
export const CIS_URL = 'https://www.cisecurity.org/benchmark/kubernetes';
export const KUBE_BENCH_MASTER =
  'https://github.com/aquasecurity/kube-bench/blob/main/cfg/cis-1.10/master.yaml';
export const KUBE_BENCH_ETCD = 'https://github.com/aquasecurity/kube-bench/blob/main/cfg/cis-1.10/etcd.yaml';
export const KUBE_BENCH_NODE = 'https://github.com/aquasecurity/kube-bench/blob/main/cfg/cis-1.10/node.yaml';
export const KUBE_BENCH_CONTROLPLANE =
  'https://github.com/aquasecurity/kube-bench/blob/main/cfg/cis-1.10/controlplane.yaml';
export const KUBE_BENCH_POLICIES =
  'https://github.com/aquasecurity/kube-bench/blob/main/cfg/cis-1.10/policies.yaml';
export const APISERVER_REF =
  'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/';

/** An etcd setting given as an environment variable (`ETCD_CLIENT_CERT_AUTH`). */
export interface EnvSetting {
  variable: string;
  value: string;
  /** Its `value:` pair (its `name:` pair when it has no value); undefined when neither has a position. */
  span: Span | undefined;
  node: Scalar | undefined;
}

/** The value of an etcd setting given as an environment variable (the last one that names it). */
export function envValue(p: ControlPlaneProcess, flag: string): EnvSetting | undefined {
  const env = mapGet(p.container.map, 'env')?.value;
  if (!isSeq(env)) return undefined;
  const variable = envName(flag);
  let found: EnvSetting | undefined;
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const name = mapGet(item, 'name');
    if (scalarString(name?.value) !== variable) continue;
    const v = mapGet(item, 'value');
    const node = isScalar(v?.value) ? v.value : undefined;
    const start = v?.key.range?.[0] ?? node?.range?.[0];
    const end = node?.range?.[1] ?? v?.key.range?.[1];
    found = {
      variable,
      value: scalarString(v?.value) ?? '',
      span: start !== undefined && end !== undefined ? { start, end } : name && pairSpan(name),
      node,
    };
  }
  return found;
}

/** The environment variable etcd reads a flag from: `client-cert-auth` → `ETCD_CLIENT_CERT_AUTH`. */
function envName(flag: string): string {
  return `ETCD_${flag.toUpperCase().replace(/-/g, '_')}`;
}

export interface BoolFlagCheck {
  flag: string;
  /** The secure value. */
  want: boolean;
  /** The binary's default when the flag is absent. */
  dflt: boolean;
  section: string;
  safety: FixSafety;
}

/** What a boolean flag's findings say: the process, the flag, its secure value and the Benchmark section. */
export interface BoolFlagData {
  process: ProcessRef;
  flag: string;
  want: boolean;
  section: string;
}

/** Every message {@link checkBoolFlag} can report; a rule's table holds those its flags can reach. */
const ALL_BOOL_FLAG_MESSAGES = {
  insecureFlag: (d: BoolFlagData & { value: string }) =>
    `${describeProcess(d.process)} sets \`--${d.flag}=${d.value}\`; ${CIS} §${d.section} requires \`--${d.flag}=${String(d.want)}\`.`,
  insecureDefault: (d: BoolFlagData & { default: boolean }) =>
    `${describeProcess(d.process)} does not set \`--${d.flag}\`, which defaults to ${String(d.default)}; ${CIS} §${d.section} requires \`--${d.flag}=${String(d.want)}\`.`,
} as const;

type AllBoolFlagMessages = typeof ALL_BOOL_FLAG_MESSAGES;

/** What decides which boolean-flag messages a flag can produce: its secure value and its default. */
export type FlagDefault = Pick<BoolFlagCheck, 'want' | 'dflt'>;

/** Whether leaving the flag out is insecure: its default is not the secure value. */
function insecureByDefault(c: FlagDefault): boolean {
  return c.dflt !== c.want;
}

/** Per flag: `true` when its default may differ from its secure value (a non-literal boolean may). */
type DefaultDiffers<C> = C extends FlagDefault
  ? boolean extends C['want']
    ? true
    : boolean extends C['dflt']
      ? true
      : [C['want']] extends [C['dflt']]
        ? false
        : true
  : never;

/** The table {@link boolFlagMessages} builds for flags `C`. */
export type BoolFlagMessages<C extends FlagDefault> = Pick<AllBoolFlagMessages, 'insecureFlag'> &
  (true extends DefaultDiffers<C> ? Pick<AllBoolFlagMessages, 'insecureDefault'> : unknown);

/**
 * The messages {@link checkBoolFlag} reports for a rule's flags, for the rule's table: `insecureFlag`,
 * and `insecureDefault` only when some flag's default is not its secure value (an absent flag whose
 * default is secure is never reported). Pass the same check objects the rule checks with.
 */
export function boolFlagMessages<const C extends readonly FlagDefault[]>(
  ...flags: C
): BoolFlagMessages<C[number]> {
  const { insecureFlag, insecureDefault } = ALL_BOOL_FLAG_MESSAGES;
  const table = flags.some(insecureByDefault) ? { insecureFlag, insecureDefault } : { insecureFlag };
  return table as BoolFlagMessages<C[number]>;
}

/** The message {@link checkEtcdBoolFlag} reports besides {@link boolFlagMessages}. */
export const etcdEnvMessages = {
  insecureEnv: (d: BoolFlagData & { variable: string; value: string }) =>
    `${describeProcess(d.process)} sets ${d.variable}=${d.value}; ${CIS} §${d.section} requires \`--${d.flag}=${String(d.want)}\`.`,
} as const;

/** Reports the flag when it is set to another value than the secure one; true when it is set at all. */
function checkSetFlag(
  ctx: RuleContext<AllBoolFlagMessages>,
  p: ControlPlaneProcess,
  c: BoolFlagCheck,
): boolean {
  const f = lastFlag(p, c.flag);
  if (!f) return false;
  if (parseBool(f.value) !== c.want) {
    ctx.report({
      at: flagSpan(p, f),
      messageId: 'insecureFlag',
      data: { process: processRef(p), flag: c.flag, value: f.value, want: c.want, section: c.section },
      fix: setFlagFix(ctx, p, c.flag, String(c.want), c.safety),
    });
  }
  return true;
}

/** Reports an absent flag whose default is not the secure value. */
function checkDefault(ctx: RuleContext<AllBoolFlagMessages>, p: ControlPlaneProcess, c: BoolFlagCheck): void {
  if (!insecureByDefault(c)) return;
  ctx.report({
    at: p.anchor,
    messageId: 'insecureDefault',
    data: { process: processRef(p), flag: c.flag, default: c.dflt, want: c.want, section: c.section },
    fix: setFlagFix(ctx, p, c.flag, String(c.want), c.safety),
  });
}

/**
 * Reports a boolean flag whose effective value is not the secure one. The rule's table is
 * {@link boolFlagMessages} of its checks: `insecureDefault` is reported only for a check that put it there.
 */
export function checkBoolFlag(
  ctx: RuleContext<AllBoolFlagMessages>,
  p: ControlPlaneProcess,
  c: BoolFlagCheck,
): void {
  if (!checkSetFlag(ctx, p, c)) checkDefault(ctx, p, c);
}

/** {@link checkBoolFlag} for etcd, which also reads the flag from an `ETCD_*` environment variable. */
export function checkEtcdBoolFlag(
  ctx: RuleContext<AllBoolFlagMessages & typeof etcdEnvMessages>,
  p: ControlPlaneProcess,
  c: BoolFlagCheck,
): void {
  if (checkSetFlag(ctx, p, c)) return;
  const e = envValue(p, c.flag);
  if (!e) {
    checkDefault(ctx, p, c);
    return;
  }
  if (parseBool(e.value) === c.want || !e.span) return;
  const want = String(c.want);
  ctx.report({
    at: e.span,
    messageId: 'insecureEnv',
    data: {
      process: processRef(p),
      flag: c.flag,
      variable: e.variable,
      value: e.value,
      want: c.want,
      section: c.section,
    },
    fix: ctx.fixer.fix(
      `Set the variable to ${want}`,
      c.safety,
      e.node && ctx.fixer.replaceQuoted(e.node, want),
    ),
  });
}

export interface RequiredFlag<K extends string = string> {
  flag: string;
  /** Default path for the snippet placeholder (kubeadm's layout). */
  placeholder: string;
  /** The rule's message for this flag; its text (see {@link requiredFlagText}) says what goes wrong without it. */
  messageId: K;
}

/** What a required flag's finding says: the process, the flag, and whether it is given but empty. */
export interface RequiredFlagData {
  process: ProcessRef;
  flag: string;
  empty: boolean;
}

/**
 * The text of every required-flag message, `<process> does not set `--flag`: <why> (<CIS> §<section>).`
 * (or `has an empty `--flag``); `why` says what goes wrong without the flag (no final period).
 */
export function requiredFlagText(d: RequiredFlagData, why: string, section: string): string {
  const what = d.empty ? `has an empty \`--${d.flag}\`` : `does not set \`--${d.flag}\``;
  return `${describeProcess(d.process)} ${what}: ${why} (${CIS} §${section}).`;
}

/** Reports flags that must be set to a non-empty value (fix: append with a snippet placeholder). */
export function checkRequiredFlags<K extends string>(
  ctx: RuleContext<Record<K, (d: RequiredFlagData) => string>>,
  p: ControlPlaneProcess,
  flags: readonly RequiredFlag<K>[],
  env = false,
): void {
  const c: RuleContext<Record<string, (d: RequiredFlagData) => string>> = ctx;
  for (const r of flags) {
    const f: FlagItem | undefined = lastFlag(p, r.flag);
    if (f && f.value !== '') continue;
    if (!f && env && envValue(p, r.flag)?.value) continue;
    c.report({
      at: f ? flagSpan(p, f) : p.anchor,
      messageId: r.messageId,
      data: { process: processRef(p), flag: r.flag, empty: f !== undefined },
      fix: setFlagFix(ctx, p, r.flag, `\${1:${r.placeholder}}`, 'unsafe', { snippet: true }),
    });
  }
}
