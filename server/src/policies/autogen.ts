import type { MatchResources, PolicyModel } from './model';

/** A pod controller Kyverno's autogen generates a policy variant for. */
export interface AutogenTarget {
  group: string;
  version: string;
  resource: string;
  kind: string;
  /** Which replacement set applies (`defaults` or `cronjobs`). */
  config: 'defaults' | 'cronjobs';
}

/** Kyverno's autogen targets (pkg/cel/autogen/data.go), keyed by lower-case resource. */
export const AUTOGEN_TARGETS: Readonly<Record<string, AutogenTarget>> = {
  daemonsets: { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', config: 'defaults' },
  deployments: {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    config: 'defaults',
  },
  replicasets: {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    config: 'defaults',
  },
  statefulsets: {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    config: 'defaults',
  },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', config: 'defaults' },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', config: 'cronjobs' },
};

const REPLACEMENTS: Readonly<Record<AutogenTarget['config'], readonly [string, string][]>> = {
  defaults: [
    ['spec', 'spec.template.spec'],
    ['metadata', 'spec.template.metadata'],
  ],
  cronjobs: [
    ['spec', 'spec.jobTemplate.spec.template.spec'],
    ['metadata', 'spec.jobTemplate.spec.template.metadata'],
  ],
};

const isIdentifierChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

function replaceProtected(text: string, from: string, to: string): string {
  let out = '';
  let rest = text;
  for (let i = rest.indexOf(from); i >= 0; i = rest.indexOf(from)) {
    out += rest.slice(0, i);
    const after = rest.slice(i + from.length);
    const protectedSuffix = after.startsWith('.namespace') && !isIdentifierChar(after[10]);
    out += protectedSuffix ? from : to;
    rest = after;
  }
  return out + rest;
}

/**
 * Kyverno's autogen rewriting (pkg/cel/autogen/replacement.go): every `object.spec` becomes
 * `object.spec.template.spec` (`…jobTemplate.spec.template.spec` for CronJobs) and every
 * `object.metadata` the template's metadata, except `object.metadata.namespace`; the same for
 * `oldObject`. Kyverno applies it to the policy's JSON text, so messages change too.
 */
export function autogenRewrite(text: string, config: AutogenTarget['config']): string {
  let out = text;
  for (const [from, to] of REPLACEMENTS[config]) {
    out = replaceProtected(out, `object.${from}`, `object.${to}`);
    out = replaceProtected(out, `oldObject.${from}`, `oldObject.${to}`);
  }
  return out;
}

/**
 * Whether Kyverno generates pod-controller variants of a policy (pkg/cel/autogen/support.go): it
 * matches exactly `pods` in the core group `v1`, in one rule, without resource names, exclusions or an
 * object selector.
 */
export function canAutogen(match: MatchResources | undefined): boolean {
  if (!match || match.kinds) return false;
  const sel = match.objectSelector;
  if (sel && (Object.keys(sel.matchLabels).length > 0 || sel.matchExpressions.length > 0)) return false;
  if (match.excludeResourceRules.length > 0 || match.resourceRules.length !== 1) return false;
  const rule = match.resourceRules[0];
  if (!rule || rule.resourceNames.length > 0) return false;
  return (
    rule.apiGroups.length === 1 &&
    rule.apiGroups[0] === '' &&
    rule.apiVersions.length === 1 &&
    rule.apiVersions[0] === 'v1' &&
    rule.resources.length === 1 &&
    rule.resources[0] === 'pods'
  );
}

/** The autogen targets of a Kyverno ValidatingPolicy (none when autogen does not apply). */
export function autogenTargets(policy: PolicyModel): AutogenTarget[] {
  if (policy.dialect !== 'kyverno' || !canAutogen(policy.matchConstraints)) return [];
  const wanted = policy.autogenControllers ?? Object.keys(AUTOGEN_TARGETS);
  return wanted.flatMap((c) => {
    const t = AUTOGEN_TARGETS[c] ?? Object.values(AUTOGEN_TARGETS).find((x) => x.kind.toLowerCase() === c);
    return t ? [t] : [];
  });
}
