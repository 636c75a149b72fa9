import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { encryptionConfigSecretsNotEncrypted } from './encryption-config-secrets-not-encrypted';

ruleTester(encryptionConfigSecretsNotEncrypted, {
  valid: [
    {
      code: yaml`
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
    },
    {
      name: 'wildcard covers secrets',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [events]
            providers: [{identity: {}}]
          - resources: ["*.*"]
            providers: [{secretbox: {keys: [{name: k, secret: "<key>"}]}}]
      `,
    },
  ],
  invalid: [
    {
      name: 'identity first (docs: Encrypting your data, reversed)',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - secrets
            providers:
              - identity: {}
              - aescbc:
                  keys:
                    - name: key1
                      secret: <BASE 64 ENCODED SECRET>
      `,
      errors: [{ messageId: 'identityFirst', line: 7, column: 9, endLine: 7, endColumn: 21 }],
      output: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - secrets
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: <BASE 64 ENCODED SECRET>
              - identity: {}
      `,
    },
    {
      name: 'secrets not listed',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - configmaps
            providers:
              - secretbox:
                  keys:
                    - name: key1
                      secret: <BASE 64 ENCODED SECRET>
      `,
      errors: [{ messageId: 'noSecretsEntry', line: 3, column: 1, endLine: 3, endColumn: 10 }],
    },
    {
      name: 'identity only: no fix',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - identity: {}
      `,
      errors: [{ messageId: 'identityFirst', line: 6, column: 9, endLine: 6, endColumn: 21 }],
    },
  ],
});
