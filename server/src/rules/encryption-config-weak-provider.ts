import { keySpan, pairSpan } from '../engine/locate';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_MASTER } from './lib/cis';
import { encryptionEntries } from './lib/encryption';

export const encryptionConfigWeakProvider = defineRule({
  id: 'encryption-config-weak-provider',
  title: 'EncryptionConfiguration writes with a weak or deprecated provider',
  severity: 'warning',
  kinds: ['EncryptionConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1552'],
  fix: 'never',
  docs: {
    whatItDoes: `Flags the first (writing) provider of an EncryptionConfiguration entry when it is \`aescbc\` (weak), \`aesgcm\` (safe only with automated key rotation) or \`kms\` v1 (deprecated). ${CIS} §1.2.28.`,
    whyBad:
      'The Kubernetes documentation rates `aescbc` weak because CBC is open to padding-oracle attacks, and `aesgcm` with a random nonce must have its key rotated every 200,000 writes or nonces repeat. KMS v1 is deprecated since Kubernetes 1.28 and disabled by default since 1.29; a cluster relying on it may not start after an upgrade.',
    example: yaml`
      apiVersion: apiserver.config.k8s.io/v1
      kind: EncryptionConfiguration
      resources:
        - resources:
            - secrets
          providers:
            - aescbc:
                keys:
                  - name: key1
                    secret: c2VjcmV0IGlzIHNlY3VyZQ==
            - identity: {}
    `,
    useInstead: yaml`
      apiVersion: apiserver.config.k8s.io/v1
      kind: EncryptionConfiguration
      resources:
        - resources:
            - secrets
          providers:
            - kms:
                apiVersion: v2
                name: vault
                endpoint: unix:///var/run/kms/vault.sock
            - identity: {}
    `,
    remediation:
      'Write with `kms` (`apiVersion: v2`), or `secretbox` where no KMS is available, and keep the old provider after it only until every Secret has been rewritten.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/#providers',
      'https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/',
    ],
    notes: `${CIS} §1.2.28, Manual. kube-bench (cfg/cis-1.10) still accepts \`aescbc\`, \`kms\` and \`secretbox\`; Kubeward follows the Kubernetes documentation, which since 1.27 calls \`aescbc\` weak. Providers after the first only decrypt existing data and are not reported.`,
  },
  messages: {
    aescbcWeak: (d: { resources: string[] }) =>
      `\`aescbc\` is weak (CBC is open to padding-oracle attacks); ${encrypts(d.resources)}`,
    aesgcmRotation: (d: { resources: string[] }) =>
      `\`aesgcm\` is only safe with automated key rotation (every 200,000 writes); ${encrypts(d.resources)}`,
    kmsV1Deprecated: (d: { resources: string[] }) =>
      `KMS v1 is deprecated since Kubernetes 1.28 and disabled by default since 1.29; ${encrypts(d.resources)}`,
  },
  check(ctx) {
    for (const e of encryptionEntries(ctx) ?? []) {
      const p = e.providers[0];
      if (!p) continue;
      const messageId =
        p.type === 'aescbc'
          ? 'aescbcWeak'
          : p.type === 'aesgcm'
            ? 'aesgcmRotation'
            : p.type === 'kms' && scalarString(mapGet(p.body, 'apiVersion')?.value) !== 'v2'
              ? 'kmsV1Deprecated'
              : undefined;
      if (!messageId) continue;
      ctx.report({
        at: p.body ? keySpan(p.pair) : pairSpan(p.pair),
        messageId,
        data: { resources: e.resources.map((r) => r.value) },
      });
    }
  },
});

/** `it encrypts secrets, configmaps (CIS … §1.2.28).` */
function encrypts(resources: readonly string[]): string {
  return `it encrypts ${resources.join(', ') || 'these resources'} (${CIS} §1.2.28).`;
}
