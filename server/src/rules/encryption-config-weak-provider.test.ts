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
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 15,
          message: '`aesgcm` is only safe with automated key rotation (every 200,000',
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
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 12,
          message: 'KMS v1 is deprecated since Kubernetes 1.28 and disabled by default',
        },
      ],
    },
  ],
});
