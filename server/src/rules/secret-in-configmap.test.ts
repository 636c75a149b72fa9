import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { secretInConfigmap } from './secret-in-configmap';

ruleTester(secretInConfigmap, {
  valid: [
    yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: c}
      data:
        message: This is a test
        db_user: postgres
        sort_key: name
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          db_user: postgres
          db_password: abc123
          ssh_access: |
            -----BEGIN OPENSSH PRIVATE KEY-----
            xxxxxxxx
            -----END OPENSSH PRIVATE KEY-----
        binaryData:
          blob: QUtJQUlPU0ZPRE5ON0VYQU1QTEU=
      `,
      errors: [
        {
          messageId: 'credential',
          data: { configMap: 'c', section: 'data', key: 'db_password', reason: { by: 'name' } },
          line: 6,
          column: 3,
          endColumn: 22,
        },
        {
          messageId: 'credential',
          data: {
            configMap: 'c',
            section: 'data',
            key: 'ssh_access',
            reason: { by: 'value', looksLike: 'privateKey' },
          },
          line: 7,
          column: 3,
          endLine: 10,
          endColumn: 38,
        },
        {
          messageId: 'credential',
          data: {
            configMap: 'c',
            section: 'binaryData',
            key: 'blob',
            reason: { by: 'value', looksLike: 'awsAccessKeyId' },
          },
          line: 12,
          column: 3,
          endColumn: 37,
        },
      ],
    },
  ],
});
