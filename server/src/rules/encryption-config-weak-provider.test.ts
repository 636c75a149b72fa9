import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { encryptionConfigWeakProvider } from './encryption-config-weak-provider';

ruleTester(encryptionConfigWeakProvider, {
  valid: [
    {
      name: 'aescbc only as a fallback for reading',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - secretbox:
                  keys: [{name: k2, secret: "<key>"}]
              - aescbc:
                  keys: [{name: k1, secret: "<key>"}]
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets, configmaps]
            providers:
              - aesgcm:
                  keys: [{name: k1, secret: "<key>"}]
      `,
      errors: [
        {
          messageId: 'aesgcmRotation',
          data: { resources: ['secrets', 'configmaps'] },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 15,
        },
      ],
    },
    {
      name: 'aescbc writing, as in the Kubernetes encrypt-data task',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - secrets
              - configmaps
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
              - identity: {}
      `,
      errors: [
        {
          messageId: 'aescbcWeak',
          data: { resources: ['secrets', 'configmaps'] },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 15,
        },
      ],
    },
    {
      name: 'KMS v1',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - kms:
                  name: legacy
                  endpoint: unix:///tmp/kms.sock
      `,
      errors: [
        {
          messageId: 'kmsV1Deprecated',
          data: { resources: ['secrets'] },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 12,
        },
      ],
    },
  ],
});
