import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import type { Severity } from '../engine/rule';
import { defineRule } from '../engine/rule';
import { WORKLOAD_KINDS } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { ROLE_AND_BINDING_KINDS } from './lib/rbac';

/** Keys whose value decides a security property; a duplicate of one of these is an error. */
const SECURITY_KEYS = new Set([
  'securityContext',
  'privileged',
  'allowPrivilegeEscalation',
  'readOnlyRootFilesystem',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'capabilities',
  'add',
  'drop',
  'seccompProfile',
  'seLinuxOptions',
  'appArmorProfile',
  'procMount',
  'windowsOptions',
  'hostProcess',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'hostPath',
  'hostPort',
  'volumes',
  'volumeMounts',
  'containers',
  'initContainers',
  'ephemeralContainers',
  'image',
  'command',
  'args',
  'serviceAccountName',
  'automountServiceAccountToken',
  'sysctls',
  'annotations',
  'rules',
  'verbs',
  'resources',
  'resourceNames',
  'apiGroups',
  'nonResourceURLs',
  'subjects',
  'roleRef',
  'aggregationRule',
]);

/** Mappings below one of these keys are security-relevant as a whole. */
const SECURITY_SCOPES = new Set([
  'securityContext',
  'rules',
  'subjects',
  'roleRef',
  'capabilities',
  'annotations',
]);

const MAX_DEPTH = 200;

function keyOf(p: Pair): string | undefined {
  if (!isScalar(p.key)) return undefined;
  const v = p.key.value;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v === null ? '' : undefined;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

export const duplicateKey = defineRule({
  id: 'duplicate-key',
  title: 'Duplicate key in a mapping',
  severity: 'warning',
  kinds: [...Object.keys(WORKLOAD_KINDS), ...ROLE_AND_BINDING_KINDS],
  recommended: true,
  catalog: [],
  attack: ['T1562'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags a key that appears more than once in the same mapping of a workload or an RBAC object, reported on each earlier occurrence (the one Kubernetes ignores). It is an error when the key, or the mapping it sits in, decides a security property (`securityContext`, `privileged`, `hostPath`, `capabilities`, annotations, RBAC `rules`, `verbs`, `subjects`, …) and a warning elsewhere.',
    whyBad:
      'YAML requires unique keys, but parsers disagree on what to do with a duplicate: Kubernetes (`sigs.k8s.io/yaml`, and the API server with `fieldValidation` `Warn` or `Ignore`) keeps the last value, PyYAML and most Go tools keep the last too, some parsers keep the first, and strict ones (js-yaml, the API server with `Strict`) reject the file. A reviewer, a diff or another scanner can read `privileged: false` in the first occurrence while the cluster applies `privileged: true` from the second, so the setting that is reviewed is not the setting that runs.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              privileged: false
              runAsNonRoot: true
              privileged: true
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              runAsNonRoot: true
              privileged: false
    `,
    remediation:
      'Keep one occurrence of the key, with the value you mean; delete the others. If a tool generated the duplicate (a template or a patch), fix the generator.',
    fixSafety:
      'Unsafe: the fix deletes the earlier occurrence, which keeps what Kubernetes applies today, but the author may have meant the earlier value; offered as a quick fix only.',
    references: [
      'https://yaml.org/spec/1.2.2/#3211-nodes',
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      'https://github.com/kubernetes-sigs/yaml',
    ],
    notes:
      'The engine parses with duplicate keys allowed and reads the last occurrence everywhere (as the API server does), so other rules judge the value that is applied; this rule tells the reviewer about the one that is not. `<<` merge keys are not reported. A duplicate whose values are identical is still reported (as a warning or error like any other): it is harmless today and misleading after the next edit of one of them.',
  },
  messages: {
    // Where the applied one is, counted from this one: a rule sees one `---` document, not the file.
    duplicateKey: (d: { key: string; count: number; below: number }) =>
      `\`${d.key}\` appears ${d.count} times in this mapping; Kubernetes applies the last one (${d.below === 0 ? 'later on this line' : d.below === 1 ? 'on the next line' : `${String(d.below)} lines below`}) and ignores this one, but other tools and reviewers may read this one.`,
  },
  check(ctx) {
    const text = ctx.fixer.text;
    // First pair per key of the map being read: one scratch map for the whole visit (a map's keys are
    // done before its values are visited), and lists only for keys that do repeat.
    const first = new Map<string, Pair>();
    const visit = (node: unknown, inScope: boolean, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (isSeq(node)) {
        for (const item of node.items) visit(item, inScope, depth + 1);
        return;
      }
      if (!isMap(node)) return;
      const map = node;
      let repeated: Map<string, Pair[]> | undefined;
      if (map.items.length > 1) {
        first.clear();
        for (const p of map.items) {
          if (!isPair(p)) continue;
          const k = keyOf(p);
          if (k === undefined || k === '<<') continue;
          const seen = first.get(k);
          if (!seen) {
            first.set(k, p);
            continue;
          }
          repeated ??= new Map();
          const list = repeated.get(k);
          if (list) list.push(p);
          else repeated.set(k, [seen, p]);
        }
      }
      for (const [k, pairs] of repeated ?? []) {
        const last = pairs[pairs.length - 1];
        const lastStart = (last?.key as Scalar | undefined)?.range?.[0];
        if (!last || lastStart === undefined) continue;
        const severity: Severity = inScope || SECURITY_KEYS.has(k) ? 'error' : 'warning';
        const lastLine = lineOf(text, lastStart);
        for (const p of pairs.slice(0, -1)) {
          const below = lastLine - lineOf(text, (p.key as Scalar | undefined)?.range?.[0] ?? lastStart);
          ctx.report({
            at: p,
            severity,
            messageId: 'duplicateKey',
            data: { key: k, count: pairs.length, below },
            fix: ctx.fixer.fix(`Remove this ignored \`${k}\``, 'unsafe', ctx.fixer.removePair(map, p)),
          });
        }
      }
      for (const p of map.items) {
        if (!isPair(p)) continue;
        const v = p.value;
        if (!isMap(v) && !isSeq(v)) continue;
        const k = keyOf(p);
        visit(v, inScope || (k !== undefined && SECURITY_SCOPES.has(k)), depth + 1);
      }
    };
    visit(ctx.object.root, false, 0);
  },
});
