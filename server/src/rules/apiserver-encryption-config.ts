import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  APISERVER_REF,
  CIS,
  CIS_URL,
  KUBE_BENCH_MASTER,
  checkRequiredFlags,
  requiredFlagText,
  type RequiredFlagData,
} from './lib/cis';
import { processesOf } from './lib/flags';

export const apiserverEncryptionConfig = defineRule({
  id: 'apiserver-encryption-config',
  title: 'API server does not encrypt data at rest',
  severity: 'warning',
  kinds: 'workloads',
  recommended: false,
  catalog: [],
  attack: ['T1552', 'T1005'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod without \`--encryption-provider-config\`. ${CIS} §1.2.27. The configuration file itself is checked by \`encryption-config-secrets-not-encrypted\`, \`encryption-config-weak-provider\` and \`encryption-config-inline-keys\`.`,
    whyBad:
      'Without an encryption configuration every Secret is stored in etcd as plain text: whoever reads the etcd data directory, a backup or a snapshot reads every credential of the cluster.',
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
              - --etcd-servers=https://127.0.0.1:2379
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
              - --etcd-servers=https://127.0.0.1:2379
              - --encryption-provider-config=/etc/kubernetes/enc/enc.yaml
    `,
    remediation:
      'Write an `EncryptionConfiguration` that encrypts `secrets` with a `kms` (v2) or `secretbox` provider first, mount it into the Pod, and point `--encryption-provider-config` at it.',
    fixSafety:
      'Unsafe: the fix adds the flag with a placeholder path; the API server does not start until that file exists and is mounted. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      APISERVER_REF,
      'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
    ],
    notes: `${CIS} §1.2.27 “Ensure that the --encryption-provider-config argument is set as appropriate” is a Manual check, so the rule is not in the recommended profile.`,
  },
  messages: {
    noEncryptionConfig: (d: RequiredFlagData) =>
      requiredFlagText(d, 'Secrets are stored unencrypted in etcd', '1.2.27'),
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) {
      checkRequiredFlags(ctx, p, [
        {
          flag: 'encryption-provider-config',
          placeholder: '/etc/kubernetes/enc/enc.yaml',
          messageId: 'noEncryptionConfig',
        },
      ]);
    }
  },
});
