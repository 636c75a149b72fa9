import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_MASTER } from './lib/cis';
import {
  describeProcess,
  flagSpan,
  lastFlag,
  processesOf,
  processRef,
  setFlagFix,
  type ProcessRef,
} from './lib/flags';

const SECTION = { 'kube-controller-manager': '1.3.7', 'kube-scheduler': '1.4.2' } as const;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const controlPlaneBindAddress = defineRule({
  id: 'control-plane-bind-address',
  title: 'Controller manager or scheduler listens beyond localhost',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1046', 'T1133'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags kube-controller-manager and kube-scheduler static Pods whose \`--bind-address\` is absent (it defaults to 0.0.0.0) or not a loopback address. ${CIS} §1.3.7 and §1.4.2.`,
    whyBad:
      'These components serve health, metrics and (unless disabled) profiling endpoints on their secure port. Bound to every interface of a host-network Pod, the port is reachable from the whole node network, exposing component internals and a target for attacks on the endpoint.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-controller-manager
        namespace: kube-system
      spec:
        hostNetwork: true
        containers:
          - name: kube-controller-manager
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            command:
              - kube-controller-manager
              - --bind-address=0.0.0.0
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-controller-manager
        namespace: kube-system
      spec:
        hostNetwork: true
        containers:
          - name: kube-controller-manager
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            command:
              - kube-controller-manager
              - --bind-address=127.0.0.1
    `,
    remediation: 'Set `--bind-address=127.0.0.1` on the controller manager and the scheduler.',
    fixSafety:
      'Unsafe: monitoring that scrapes the components’ metrics from another host stops working. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/',
      'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/',
    ],
    notes: `${CIS} §1.3.7 and §1.4.2, both Automated. kube-bench passes when the flag is absent, but the binaries then bind 0.0.0.0, which is what the Benchmark’s rationale warns against; Kubeward reports the absent flag. kubeadm sets 127.0.0.1.`,
  },
  messages: {
    nonLoopback: (d: { process: ProcessRef; address: string; section: string }) =>
      `${describeProcess(d.process)} binds to ${d.address || '(empty)'}; ${CIS} §${d.section} requires \`--bind-address=127.0.0.1\`.`,
    listensOnAll: (d: { process: ProcessRef; section: string }) =>
      `${describeProcess(d.process)} does not set \`--bind-address\`, so it listens on 0.0.0.0; ${CIS} §${d.section} requires \`--bind-address=127.0.0.1\`.`,
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-controller-manager', 'kube-scheduler')) {
      if (p.component !== 'kube-controller-manager' && p.component !== 'kube-scheduler') continue;
      const section = SECTION[p.component];
      const f = lastFlag(p, 'bind-address');
      if (f && LOOPBACK.has(f.value)) continue;
      const fix = setFlagFix(ctx, p, 'bind-address', '127.0.0.1', 'unsafe');
      if (f) {
        ctx.report({
          at: flagSpan(p, f),
          messageId: 'nonLoopback',
          data: { process: processRef(p), address: f.value, section },
          fix,
        });
      } else {
        ctx.report({
          at: p.anchor,
          messageId: 'listensOnAll',
          data: { process: processRef(p), section },
          fix,
        });
      }
    }
  },
});
