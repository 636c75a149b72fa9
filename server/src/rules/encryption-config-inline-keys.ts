import { isMap } from 'yaml';
import { pairSpan } from '../engine/locate';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL } from './lib/cis';
import { encryptionEntries } from './lib/encryption';
import { mapItems } from './lib/util';

const LOCAL_KEY_PROVIDERS = new Set(['aescbc', 'aesgcm', 'secretbox']);

export const encryptionConfigInlineKeys = defineRule({
  id: 'encryption-config-inline-keys',
  title: 'Encryption keys stored in the EncryptionConfiguration file',
  severity: 'warning',
  kinds: ['EncryptionConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1552.001'],
  fix: 'never',
  docs: {
    whatItDoes: `Flags every \`secret:\` key value of an \`aescbc\`, \`aesgcm\` or \`secretbox\` provider in an EncryptionConfiguration. Relates to ${CIS} §1.2.28.`,
    whyBad:
      'These providers keep the raw key in the file, next to the data it protects: whoever reads the control-plane host’s disk, a backup, or this file in a repository, decrypts every Secret in etcd. The Kubernetes documentation notes that locally stored keys only moderately improve on no encryption.',
    example: yaml`
      apiVersion: apiserver.config.k8s.io/v1
      kind: EncryptionConfiguration
      resources:
        - resources:
            - secrets
          providers:
            - secretbox:
                keys:
                  - name: key1
                    secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
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
    `,
    remediation:
      'Use the `kms` v2 provider so the key-encryption key stays in an external KMS; if a local key is unavoidable, keep the file out of version control, readable only by root, and rotate the key if it was ever committed.',
    references: [
      CIS_URL,
      'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
      'https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/',
    ],
    notes: `Not an item of its own in ${CIS}; its §1.2.28 rationale prefers a KMS provider. Placeholder values that are not key material (empty, or in angle brackets like \`<BASE 64 ENCODED SECRET>\`) are not reported.`,
  },
  messages: {
    inlineKey: (d: { provider: string; name: string | undefined }) =>
      `The ${d.provider} key "${d.name ?? '(unnamed)'}" is stored in this file; anyone who reads it can decrypt the data it protects.`,
  },
  check(ctx) {
    for (const e of encryptionEntries(ctx) ?? []) {
      for (const p of e.providers) {
        if (!LOCAL_KEY_PROVIDERS.has(p.type) || !isMap(p.body)) continue;
        for (const { map } of mapItems(mapGet(p.body, 'keys'))) {
          const secret = mapGet(map, 'secret');
          const value = scalarString(secret?.value) ?? '';
          if (!secret || value === '' || /^<.*>$/.test(value)) continue;
          ctx.report({
            at: pairSpan(secret),
            messageId: 'inlineKey',
            data: { provider: p.type, name: scalarString(mapGet(map, 'name')?.value) },
          });
        }
      }
    }
  },
});
