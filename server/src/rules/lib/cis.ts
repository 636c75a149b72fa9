import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { quoteLike, type FixSafety } from '../../engine/fix';
import { mapGet, scalarString } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import {
  flagSpan,
  lastFlag,
  parseBool,
  setFlagFix,
  who,
  type ControlPlaneProcess,
  type FlagItem,
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

/** The value of an etcd setting given as an environment variable (`ETCD_CLIENT_CERT_AUTH`). */
export function envValue(
  p: ControlPlaneProcess,
  flag: string,
): { value: string; span: { start: number; end: number }; node: Scalar | undefined } | undefined {
  const env = mapGet(p.container.map, 'env')?.value;
  if (!isSeq(env)) return undefined;
  const want = `ETCD_${flag.toUpperCase().replace(/-/g, '_')}`;
  let found: { value: string; span: { start: number; end: number }; node: Scalar | undefined } | undefined;
  for (const item of env.items) {
    if (!isMap(item)) continue;
    if (scalarString(mapGet(item, 'name')?.value) !== want) continue;
    const v = mapGet(item, 'value');
    const value = scalarString(v?.value) ?? '';
    const node = v?.value;
    const r = isScalar(node) ? node.range : undefined;
    const key = v?.key.range;
    found = {
      value,
      span: { start: key?.[0] ?? r?.[0] ?? 0, end: r?.[1] ?? key?.[1] ?? 0 },
      node: isScalar(node) ? node : undefined,
    };
  }
  return found;
}

export interface BoolFlagCheck {
  flag: string;
  /** The secure value. */
  want: boolean;
  /** The binary's default when the flag is absent. */
  dflt: boolean;
  section: string;
  safety: FixSafety;
  /** Read `ETCD_*` environment variables too (etcd). */
  env?: boolean;
}

/** Reports a boolean flag whose effective value is not the secure one. */
export function checkBoolFlag(ctx: RuleContext, p: ControlPlaneProcess, c: BoolFlagCheck): void {
  const f = lastFlag(p, c.flag);
  const want = String(c.want);
  if (f) {
    const v = parseBool(f.value);
    if (v === c.want) return;
    ctx.report({
      at: flagSpan(f),
      message: `${who(p)} sets \`--${c.flag}=${f.value}\`; ${CIS} §${c.section} requires \`--${c.flag}=${want}\`.`,
      fix: setFlagFix(ctx, p, c.flag, want, c.safety),
    });
    return;
  }
  if (c.env) {
    const e = envValue(p, c.flag);
    if (e) {
      if (parseBool(e.value) === c.want) return;
      ctx.report({
        at: e.span,
        message: `${who(p)} sets ETCD_${c.flag.toUpperCase().replace(/-/g, '_')}=${e.value}; ${CIS} §${c.section} requires \`--${c.flag}=${want}\`.`,
        fix: e.node?.range
          ? {
              title: `Set the variable to ${want}`,
              safety: c.safety,
              edits: [{ start: e.node.range[0], end: e.node.range[1], newText: quoteLike(e.node, want) }],
            }
          : undefined,
      });
      return;
    }
  }
  if (c.dflt === c.want) return;
  ctx.report({
    at: p.anchor,
    message: `${who(p)} does not set \`--${c.flag}\`, which defaults to ${String(c.dflt)}; ${CIS} §${c.section} requires \`--${c.flag}=${want}\`.`,
    fix: setFlagFix(ctx, p, c.flag, want, c.safety),
  });
}

export interface RequiredFlag {
  flag: string;
  /** Default path for the snippet placeholder (kubeadm's layout). */
  placeholder: string;
  section: string;
  /** What goes wrong without it (ends without a period). */
  why: string;
}

/** Reports flags that must be set to a non-empty value (fix: append with a snippet placeholder). */
export function checkRequiredFlags(
  ctx: RuleContext,
  p: ControlPlaneProcess,
  flags: readonly RequiredFlag[],
  env = false,
): void {
  for (const r of flags) {
    const f: FlagItem | undefined = lastFlag(p, r.flag);
    if (f && f.value !== '') continue;
    if (!f && env && envValue(p, r.flag)?.value) continue;
    ctx.report({
      at: f ? flagSpan(f) : p.anchor,
      message: `${who(p)} ${f ? `has an empty \`--${r.flag}\`` : `does not set \`--${r.flag}\``}: ${r.why} (${CIS} §${r.section}).`,
      fix: setFlagFix(ctx, p, r.flag, `\${1:${r.placeholder}}`, 'unsafe', { snippet: true }),
    });
  }
}
