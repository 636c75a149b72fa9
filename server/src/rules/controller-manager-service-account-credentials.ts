import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  CIS,
  CIS_URL,
  KUBE_BENCH_MASTER,
  boolFlagMessages,
  checkBoolFlag,
  checkRequiredFlags,
  requiredFlagText,
  type BoolFlagCheck,
  type RequiredFlagData,
} from './lib/cis';
import { processesOf } from './lib/flags';

const USE_CREDENTIALS = {
  flag: 'use-service-account-credentials',
  want: true,
  dflt: false,
  section: '1.3.3',
  safety: 'unsafe',
} as const satisfies BoolFlagCheck;

export const controllerManagerServiceAccountCredentials = defineRule({
  id: 'controller-manager-service-account-credentials',
  title: 'Controller manager shares one credential across controllers or lacks service-account keys',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1078', 'T1528'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a kube-controller-manager static Pod whose \`--use-service-account-credentials\` is absent or false, or that lacks \`--service-account-private-key-file\` or \`--root-ca-file\`. ${CIS} §1.3.3, §1.3.4 and §1.3.5.`,
    whyBad:
      'Without per-controller service accounts every controller acts with the controller manager’s own, very broad credential, so RBAC cannot limit any single controller. Without the private key it cannot sign service-account tokens, and without the root CA file pods are not given the CA to verify the API server.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-controller-manager
        namespace: kube-system
      spec:
        containers:
          - name: kube-controller-manager
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            command:
              - kube-controller-manager
              - --root-ca-file=/etc/kubernetes/pki/ca.crt
              - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-controller-manager
        namespace: kube-system
      spec:
        containers:
          - name: kube-controller-manager
            image: registry.k8s.io/kube-controller-manager:v1.31.0
            command:
              - kube-controller-manager
              - --root-ca-file=/etc/kubernetes/pki/ca.crt
              - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
              - --use-service-account-credentials=true
    `,
    remediation:
      'Set `--use-service-account-credentials=true`, `--service-account-private-key-file` and `--root-ca-file`, as kubeadm does.',
    fixSafety:
      'Unsafe: with per-controller credentials each controller needs its `system:controller:*` RBAC role (bootstrapped by default, but custom RBAC may lack them); the file flags get placeholder paths. Offered as quick fixes only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles',
    ],
    notes: `${CIS} §1.3.3, §1.3.4 and §1.3.5, all Automated. \`--use-service-account-credentials\` defaults to false.`,
  },
  messages: {
    ...boolFlagMessages(USE_CREDENTIALS),
    noSigningKey: (d: RequiredFlagData) =>
      requiredFlagText(d, 'service-account tokens cannot be signed', '1.3.4'),
    noRootCa: (d: RequiredFlagData) =>
      requiredFlagText(d, 'pods do not get the CA that verifies the API server', '1.3.5'),
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-controller-manager')) {
      checkBoolFlag(ctx, p, USE_CREDENTIALS);
      checkRequiredFlags(ctx, p, [
        {
          flag: 'service-account-private-key-file',
          placeholder: '/etc/kubernetes/pki/sa.key',
          messageId: 'noSigningKey',
        },
        {
          flag: 'root-ca-file',
          placeholder: '/etc/kubernetes/pki/ca.crt',
          messageId: 'noRootCa',
        },
      ]);
    }
  },
});
