import type { Edit } from '../engine/fix';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { APISERVER_REF, CIS, CIS_URL, KUBE_BENCH_MASTER } from './lib/cis';
import {
  allFlags,
  describeProcess,
  flagSpan,
  processesOf,
  processRef,
  setFlagEdit,
  setFlagFix,
  splitList,
  type FlagItem,
  type ProcessRef,
} from './lib/flags';

/** Plugins that must not be disabled, with their section. */
const KEEP = { ServiceAccount: '1.2.12', NamespaceLifecycle: '1.2.13' } as const;
type KeptPlugin = keyof typeof KEEP;
const KEPT = Object.keys(KEEP) as KeptPlugin[];

export const apiserverAdmissionPlugins = defineRule({
  id: 'apiserver-admission-plugins',
  title: 'API server admission plugins weaken node or namespace isolation',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1078', 'T1610'],
  fix: 'sometimes',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod whose \`--enable-admission-plugins\` lacks \`NodeRestriction\` or includes \`AlwaysAdmit\`, or whose \`--disable-admission-plugins\` turns off \`ServiceAccount\` or \`NamespaceLifecycle\`. ${CIS} §1.2.10, §1.2.12, §1.2.13 and §1.2.14.`,
    whyBad:
      'Without `NodeRestriction` a kubelet’s credentials can modify every Node and Pod object, so an attacker who escapes to one node can relabel other nodes to attract workloads and their secrets. `AlwaysAdmit` is a no-op plugin that only signals a misconfiguration. Disabling `ServiceAccount` drops the automatic service-account wiring and its checks; disabling `NamespaceLifecycle` lets objects be created in namespaces being deleted or that do not exist.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --enable-admission-plugins=AlwaysAdmit
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --enable-admission-plugins=NodeRestriction
    `,
    remediation:
      'Include `NodeRestriction` in `--enable-admission-plugins`, remove `AlwaysAdmit` from it, and keep `ServiceAccount` and `NamespaceLifecycle` out of `--disable-admission-plugins`.',
    fixSafety:
      'Unsafe: `NodeRestriction` rejects kubelets that do not authenticate as `system:node:<name>`, and re-enabling plugins changes what the API server admits. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      APISERVER_REF,
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction',
    ],
    notes: `${CIS} §1.2.10 (AlwaysAdmit not set), §1.2.12 (ServiceAccount), §1.2.13 (NamespaceLifecycle) and §1.2.14 (NodeRestriction), all Automated. Both flags are list flags: repeated occurrences add up. \`ServiceAccount\` and \`NamespaceLifecycle\` are on by default, so only disabling them is a finding; \`NodeRestriction\` is off by default, so it must be listed. The Manual items §1.2.3 (DenyServiceExternalIPs), §1.2.9 (EventRateLimit) and §1.2.11 (AlwaysPullImages) are not checked. The deprecated \`--admission-control\` flag is not read.`,
  },
  messages: {
    alwaysAdmit: (d: { process: ProcessRef }) =>
      `${describeProcess(d.process)} enables the AlwaysAdmit admission plugin (${CIS} §1.2.10).`,
    noNodeRestriction: (d: { process: ProcessRef }) =>
      `${describeProcess(d.process)} does not enable the NodeRestriction admission plugin: kubelets can modify any Node and Pod (${CIS} §1.2.14).`,
    disabledPlugins: (d: { process: ProcessRef; plugins: KeptPlugin[] }) =>
      `${describeProcess(d.process)} disables the ${d.plugins.join(' and ')} admission plugin${d.plugins.length > 1 ? 's' : ''} (${CIS} ${d.plugins.map((n) => `§${KEEP[n]}`).join(', ')}).`,
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) {
      const enables = allFlags(p, 'enable-admission-plugins');
      const enabled = enables.flatMap((f) => splitList(f.value));
      const last: FlagItem | undefined = enables[enables.length - 1];
      const noNodeRestriction = !enabled.includes('NodeRestriction');
      // One desired value for the last occurrence, so the two findings' fixes agree.
      const desired = (f: FlagItem): string => {
        const vals = splitList(f.value).filter((v) => v !== 'AlwaysAdmit');
        if (f === last && noNodeRestriction) vals.push('NodeRestriction');
        return vals.join(',');
      };
      const editFor = (f: FlagItem): Edit | undefined => {
        const v = desired(f);
        if (v === '')
          return f.valueNode ? undefined : ctx.fixer.removeSeqItem(f.seq, f.seq.items.indexOf(f.node));
        return f.valueNode ? undefined : setFlagEdit(ctx, f, v);
      };
      for (const f of enables) {
        if (!splitList(f.value).includes('AlwaysAdmit')) continue;
        ctx.report({
          at: flagSpan(p, f),
          messageId: 'alwaysAdmit',
          data: { process: processRef(p) },
          fix: ctx.fixer.fix('Remove `AlwaysAdmit`', 'unsafe', editFor(f)),
        });
      }
      if (noNodeRestriction) {
        ctx.report({
          at: last ? flagSpan(p, last) : p.anchor,
          messageId: 'noNodeRestriction',
          data: { process: processRef(p) },
          fix: last
            ? ctx.fixer.fix('Add `NodeRestriction`', 'unsafe', editFor(last))
            : setFlagFix(ctx, p, 'enable-admission-plugins', 'NodeRestriction', 'unsafe'),
        });
      }
      for (const f of allFlags(p, 'disable-admission-plugins')) {
        const vals = splitList(f.value);
        const bad = KEPT.filter((name) => vals.includes(name));
        if (bad.length === 0) continue;
        const keep = vals.filter((v) => !bad.some((name) => name === v));
        const edit = f.valueNode
          ? undefined
          : keep.length === 0
            ? ctx.fixer.removeSeqItem(f.seq, f.seq.items.indexOf(f.node))
            : setFlagEdit(ctx, f, keep.join(','));
        ctx.report({
          at: flagSpan(p, f),
          messageId: 'disabledPlugins',
          data: { process: processRef(p), plugins: bad },
          fix: ctx.fixer.fix(`Stop disabling ${bad.map((n) => `\`${n}\``).join(' and ')}`, 'unsafe', edit),
        });
      }
    }
  },
});
