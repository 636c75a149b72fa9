import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  CIS,
  CIS_URL,
  KUBE_BENCH_ETCD,
  checkRequiredFlags,
  envValue,
  requiredFlagText,
  type RequiredFlagData,
} from './lib/cis';
import {
  describeProcess,
  flagSpan,
  lastFlag,
  processesOf,
  processRef,
  setFlagEdit,
  splitList,
  type ProcessRef,
} from './lib/flags';

export const etcdTls = defineRule({
  id: 'etcd-tls',
  title: 'etcd serves clients or peers without TLS certificates',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: [],
  attack: ['T1557', 'T1040'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags an etcd static Pod that lacks \`--cert-file\`, \`--key-file\`, \`--peer-cert-file\` or \`--peer-key-file\` (flags or \`ETCD_*\` environment variables), ${CIS} §2.1 and §2.4, or that listens on an \`http://\` client or peer URL (\`--listen-client-urls\`, \`--listen-peer-urls\`), which etcd serves in plain text whatever certificates are set.`,
    whyBad:
      'Without a certificate and key etcd serves its clients (the API server) or its peers in plain text: every Secret crosses the network readable and can be altered in flight.',
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
              - --cert-file=/etc/kubernetes/pki/etcd/server.crt
              - --key-file=/etc/kubernetes/pki/etcd/server.key
              - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
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
              - --cert-file=/etc/kubernetes/pki/etcd/server.crt
              - --key-file=/etc/kubernetes/pki/etcd/server.key
              - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
              - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    `,
    remediation:
      'Issue etcd server and peer certificates from a dedicated etcd CA, set the four flags to them, and listen on https:// client and peer URLs only.',
    fixSafety:
      'Unsafe: the fix adds the flag with kubeadm’s default path as a placeholder; etcd fails to start if the file is missing. Offered as a quick fix only. For an http:// URL the fix makes it https://; every client of that URL must then use TLS.',
    references: [CIS_URL, KUBE_BENCH_ETCD, 'https://etcd.io/docs/v3.5/op-guide/security/'],
    notes: `${CIS} §2.1 and §2.4, both Automated. The Manual item §2.7 (a CA unique to etcd) is not checked.`,
  },
  messages: {
    noServingCert: (d: RequiredFlagData) => requiredFlagText(d, 'clients talk to etcd in plain text', '2.1'),
    noPeerCert: (d: RequiredFlagData) =>
      requiredFlagText(d, 'etcd members talk to each other in plain text', '2.4'),
    plainUrl: (d: { process: ProcessRef; flag: string; url: string }) =>
      `${describeProcess(d.process)} listens on \`${d.url}\` (\`--${d.flag}\`): etcd serves an http:// URL in plain text and without client certificates, whatever certificate files are set; use https://.`,
  },
  check(ctx) {
    for (const p of processesOf(ctx, 'etcd')) {
      checkRequiredFlags(
        ctx,
        p,
        [
          {
            flag: 'cert-file',
            placeholder: '/etc/kubernetes/pki/etcd/server.crt',
            messageId: 'noServingCert',
          },
          {
            flag: 'key-file',
            placeholder: '/etc/kubernetes/pki/etcd/server.key',
            messageId: 'noServingCert',
          },
          {
            flag: 'peer-cert-file',
            placeholder: '/etc/kubernetes/pki/etcd/peer.crt',
            messageId: 'noPeerCert',
          },
          {
            flag: 'peer-key-file',
            placeholder: '/etc/kubernetes/pki/etcd/peer.key',
            messageId: 'noPeerCert',
          },
        ],
        true,
      );
      // Certificates protect only the https:// URLs: etcd serves an http:// URL in plain text.
      for (const flag of ['listen-client-urls', 'listen-peer-urls']) {
        const f = lastFlag(p, flag);
        const setting = f ? undefined : envValue(p, flag);
        const url = splitList(f?.value ?? setting?.value ?? '').find((u) => /^http:\/\//i.test(u));
        const at = f ? flagSpan(p, f) : setting?.span;
        if (url === undefined || !at) continue;
        // Every http:// URL of the flag made https:// (unsafe: its clients must then use TLS).
        const value = splitList(f?.value ?? setting?.value ?? '')
          .map((u) => u.replace(/^http:\/\//i, 'https://'))
          .join(',');
        const edit = f
          ? setFlagEdit(ctx, f, value)
          : setting?.node && ctx.fixer.replaceQuoted(setting.node, value);
        ctx.report({
          at,
          messageId: 'plainUrl',
          data: { process: processRef(p), flag, url },
          fix: ctx.fixer.fix(`Serve \`--${flag}\` over https://`, 'unsafe', edit),
        });
      }
    }
  },
});
