import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { encryptionConfigInlineKeys } from './encryption-config-inline-keys';

ruleTester(encryptionConfigInlineKeys, {
  valid: [
    {
      name: 'placeholder',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: <BASE 64 ENCODED SECRET>
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - secretbox:
                  keys:
                    - name: key1
                      secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
      `,
      errors: [
        {
          messageId: 'inlineKey',
          data: { provider: 'secretbox', name: 'key1' },
          line: 9,
          column: 15,
          endLine: 9,
          endColumn: 67,
        },
      ],
    },
  ],
});
