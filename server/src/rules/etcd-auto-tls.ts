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

const AUTO_TLS = {
  flag: 'auto-tls',
  want: false,
  dflt: false,
  section: '2.3',
  safety: 'unsafe',
} as const satisfies BoolFlagCheck;

const PEER_AUTO_TLS = {
  flag: 'peer-auto-tls',
  want: false,
  dflt: false,
  section: '2.6',
  safety: 'unsafe',
} as const satisfies BoolFlagCheck;

export const etcdAutoTls = defineRule({
  id: 'etcd-auto-tls',
  title: 'etcd uses self-signed auto-generated certificates',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1557'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags an etcd static Pod with \`--auto-tls=true\` or \`--peer-auto-tls=true\` (flags or \`ETCD_*\` environment variables). ${CIS} §2.3 and §2.6.`,
    whyBad:
      'Auto TLS makes etcd generate self-signed certificates that no client or peer can verify: the traffic is encrypted, but to whoever answers. It also cannot be combined with meaningful client-certificate authentication.',
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
              - --auto-tls=true
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
              - --auto-tls=false
    `,
    remediation:
      'Remove `--auto-tls` and `--peer-auto-tls` (or set them to false) and configure CA-signed certificates with `--cert-file`, `--key-file`, `--peer-cert-file` and `--peer-key-file`.',
    fixSafety:
      'Unsafe: without auto TLS etcd needs real certificates configured, or it serves without TLS. Offered as a quick fix only.',
    references: [CIS_URL, KUBE_BENCH_ETCD, 'https://etcd.io/docs/v3.5/op-guide/security/'],
    notes: `${CIS} §2.3 and §2.6, both Automated. Both settings default to false, so only an explicit true is a finding.`,
  },
  messages: { ...boolFlagMessages(AUTO_TLS, PEER_AUTO_TLS), ...etcdEnvMessages },
  check(ctx) {
    for (const p of processesOf(ctx, 'etcd')) {
      checkEtcdBoolFlag(ctx, p, AUTO_TLS);
      checkEtcdBoolFlag(ctx, p, PEER_AUTO_TLS);
    }
  },
});
