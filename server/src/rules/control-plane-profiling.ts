import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  CIS,
  CIS_URL,
  KUBE_BENCH_MASTER,
  boolFlagMessages,
  checkBoolFlag,
  type BoolFlagCheck,
} from './lib/cis';
import { lastFlag, processesOf } from './lib/flags';

const SECTION = {
  'kube-apiserver': '1.2.15',
  'kube-controller-manager': '1.3.2',
  'kube-scheduler': '1.4.1',
} as const;

/** The check of every component but its Benchmark section, which {@link SECTION} gives. */
const PROFILING = {
  flag: 'profiling',
  want: false,
  dflt: true,
  safety: 'safe',
} as const satisfies Omit<BoolFlagCheck, 'section'>;

export const controlPlaneProfiling = defineRule({
  id: 'control-plane-profiling',
  title: 'Control-plane profiling endpoint enabled',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1613', 'T1499'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags kube-apiserver, kube-controller-manager and kube-scheduler static Pods whose \`--profiling\` is absent (it defaults to true) or true. ${CIS} §1.2.15, §1.3.2 and §1.4.1.`,
    whyBad:
      'Profiling serves Go’s `/debug/pprof` handlers: heap and goroutine dumps reveal internals of the process, and CPU profiles and traces are costly enough to slow a control-plane component down on request.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-scheduler
        namespace: kube-system
      spec:
        containers:
          - name: kube-scheduler
            image: registry.k8s.io/kube-scheduler:v1.31.0
            command:
              - kube-scheduler
              - --bind-address=127.0.0.1
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-scheduler
        namespace: kube-system
      spec:
        containers:
          - name: kube-scheduler
            image: registry.k8s.io/kube-scheduler:v1.31.0
            command:
              - kube-scheduler
              - --bind-address=127.0.0.1
              - --profiling=false
    `,
    remediation: 'Set `--profiling=false` on the API server, controller manager and scheduler.',
    fixSafety:
      'Safe: the fix only removes the debugging endpoints `/debug/pprof`; nothing a cluster needs to run depends on them.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/',
      'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/',
    ],
    notes: `${CIS} §1.2.15 (API server), §1.3.2 (controller manager) and §1.4.1 (scheduler), all Automated. kubeadm does not set the flag, so its control plane fires. A scheduler started with \`--config\` and no \`--profiling\` takes \`enableProfiling\` from its KubeSchedulerConfiguration file, which the rule cannot see; it stays silent then.`,
  },
  messages: boolFlagMessages(PROFILING),
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler')) {
      if (p.component === 'etcd') continue;
      if (p.component === 'kube-scheduler' && !lastFlag(p, 'profiling') && lastFlag(p, 'config')) continue;
      checkBoolFlag(ctx, p, { ...PROFILING, section: SECTION[p.component] });
    }
  },
});
