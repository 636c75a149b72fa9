import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  APISERVER_REF,
  CIS,
  CIS_URL,
  KUBE_BENCH_MASTER,
  boolFlagMessages,
  checkBoolFlag,
  type BoolFlagCheck,
} from './lib/cis';
import { processesOf } from './lib/flags';

const LOOKUP = {
  flag: 'service-account-lookup',
  want: true,
  dflt: true,
  section: '1.2.21',
  safety: 'safe',
} as const satisfies BoolFlagCheck;

export const apiserverServiceAccountLookup = defineRule({
  id: 'apiserver-service-account-lookup',
  title: 'API server accepts tokens of deleted service accounts',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1550.001', 'T1528'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod with \`--service-account-lookup=false\`. ${CIS} §1.2.21.`,
    whyBad:
      'With lookup off the API server trusts a service-account token’s signature alone and never checks that the account or its token Secret still exists. Deleting a leaked token’s account then does not revoke it.',
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
              - --service-account-lookup=false
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
              - --service-account-lookup=true
    `,
    remediation: 'Set `--service-account-lookup=true`, or remove the flag: it defaults to true.',
    fixSafety:
      'Safe: true is the default every cluster runs with; the fix only undoes an explicit `false` (at the cost of an etcd lookup per token, which the API server caches).',
    references: [CIS_URL, KUBE_BENCH_MASTER, APISERVER_REF],
    notes: `${CIS} §1.2.21, Automated. The flag defaults to true, so only an explicit false is a finding.`,
  },
  messages: boolFlagMessages(LOOKUP),
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) checkBoolFlag(ctx, p, LOOKUP);
  },
});
