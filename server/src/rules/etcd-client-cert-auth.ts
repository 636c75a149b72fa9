import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  CIS,
  CIS_URL,
  KUBE_BENCH_ETCD,
  boolFlagMessages,
  checkEtcdBoolFlag,
  etcdEnvMessages,
  type BoolFlagCheck,
} from './lib/cis';
import { processesOf } from './lib/flags';

const CLIENT_CERT_AUTH = {
  flag: 'client-cert-auth',
  want: true,
  dflt: false,
  section: '2.2',
  safety: 'unsafe',
} as const satisfies BoolFlagCheck;

const PEER_CLIENT_CERT_AUTH = {
  flag: 'peer-client-cert-auth',
  want: true,
  dflt: false,
  section: '2.5',
  safety: 'unsafe',
} as const satisfies BoolFlagCheck;

export const etcdClientCertAuth = defineRule({
  id: 'etcd-client-cert-auth',
  title: 'etcd does not require client certificates',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1552', 'T1133'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags an etcd static Pod whose \`--client-cert-auth\` or \`--peer-client-cert-auth\` is absent or false (flags or \`ETCD_*\` environment variables). ${CIS} §2.2 and §2.5.`,
    whyBad:
      'etcd holds every object of the cluster, Secrets included. Without client-certificate authentication anyone who reaches its client port reads and writes it directly, bypassing Kubernetes authentication, RBAC and admission; without peer authentication any host can join the cluster as a member.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: etcd
        namespace: kube-system
      spec:
        containers:
          - name: etcd
            image: registry.k8s.io/etcd:3.5.15-0
            command:
              - etcd
              - --client-cert-auth=true
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: etcd
        namespace: kube-system
      spec:
        containers:
          - name: etcd
            image: registry.k8s.io/etcd:3.5.15-0
            command:
              - etcd
              - --client-cert-auth=true
              - --peer-client-cert-auth=true
    `,
    remediation:
      'Set `--client-cert-auth=true` and `--peer-client-cert-auth=true`, with `--trusted-ca-file` and `--peer-trusted-ca-file` pointing at the etcd CA.',
    fixSafety:
      'Unsafe: clients and members without a certificate signed by the trusted CA are refused. Offered as a quick fix only.',
    references: [CIS_URL, KUBE_BENCH_ETCD, 'https://etcd.io/docs/v3.5/op-guide/security/'],
    notes: `${CIS} §2.2 and §2.5, both Automated. Both settings default to false. etcd also reads them from \`ETCD_CLIENT_CERT_AUTH\` and \`ETCD_PEER_CLIENT_CERT_AUTH\`; a flag wins over the variable.`,
  },
  messages: { ...boolFlagMessages(CLIENT_CERT_AUTH, PEER_CLIENT_CERT_AUTH), ...etcdEnvMessages },
  check(ctx) {
    for (const p of processesOf(ctx, 'etcd')) {
      checkEtcdBoolFlag(ctx, p, CLIENT_CERT_AUTH);
      checkEtcdBoolFlag(ctx, p, PEER_CLIENT_CERT_AUTH);
    }
  },
});
