import { keySpan, pairSpan } from '../engine/locate';
import { mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_MASTER } from './lib/cis';
import { coversSecrets, encryptionEntries } from './lib/encryption';

export const encryptionConfigSecretsNotEncrypted = defineRule({
  id: 'encryption-config-secrets-not-encrypted',
  title: 'EncryptionConfiguration leaves Secrets unencrypted',
  severity: 'error',
  kinds: ['EncryptionConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1552', 'T1005'],
  fix: 'sometimes',
  docs: {
    whatItDoes: `Flags an EncryptionConfiguration (apiserver.config.k8s.io) in which no entry covers \`secrets\` (by name, \`*.\` or \`*.*\`), or in which the first entry that covers them lists \`identity\` as its first provider. ${CIS} §1.2.28.`,
    whyBad:
      'The first provider of the matching entry is the one every write uses. With `identity` first, or with no entry for Secrets, new and updated Secrets are written to etcd in plain text although an encryption configuration is in place.',
    example: yaml`
      apiVersion: apiserver.config.k8s.io/v1
      kind: EncryptionConfiguration
      resources:
        - resources:
            - secrets
          providers:
            - identity: {}
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
            - identity: {}
    `,
    remediation:
      'Add an entry for `secrets` (before any wildcard entry) whose first provider encrypts, preferably `kms` v2; keep `identity` last only while existing Secrets are rewritten.',
    fixSafety:
      'Unsafe: moving `identity` behind an encrypting provider makes the API server encrypt every write with that provider’s key; all control-plane nodes must share the file, and existing Secrets stay plain until rewritten. Offered as a quick fix only, and only when an encrypting provider is already listed.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
      'https://kubernetes.io/docs/reference/config-api/apiserver-config.v1/',
    ],
    notes: `${CIS} §1.2.28 “Ensure that encryption providers are appropriately configured”, Manual, so the rule is not in the recommended profile. Entries are matched in order and the first entry naming a resource wins, as in the API server; \`*.\` covers the core group and \`*.*\` everything.`,
  },
  messages: {
    noSecretsEntry: () =>
      `No entry of this EncryptionConfiguration covers \`secrets\`, so Secrets are written to etcd unencrypted (${CIS} §1.2.28).`,
    identityFirst: () =>
      `\`identity\` is the first provider for \`secrets\`, so Secrets are written to etcd unencrypted (${CIS} §1.2.28).`,
  },
  check(ctx) {
    const entries = encryptionEntries(ctx);
    if (!entries) return;
    const entry = entries.find((e) => e.resources.some((r) => coversSecrets(r.value)));
    if (!entry) {
      const top = mapGet(ctx.object.root, 'resources');
      ctx.report({
        at: top ? keySpan(top) : pairSpan(ctx.object.kindPair),
        messageId: 'noSecretsEntry',
      });
      return;
    }
    const first = entry.providers[0];
    if (first?.type !== 'identity') return;
    const seq = entry.providersSeq;
    const encrypting = entry.providers.some((p) => p.type !== 'identity');
    ctx.report({
      at: pairSpan(first.pair),
      messageId: 'identityFirst',
      fix:
        seq && encrypting
          ? ctx.fixer.fix(
              'Move `identity` to the end of the providers',
              'unsafe',
              ctx.fixer.removeSeqItem(seq, first.index),
              ctx.fixer.appendSeqItem(seq, 'identity: {}'),
            )
          : undefined,
    });
  },
});
