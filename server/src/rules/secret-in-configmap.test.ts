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
        { line: 6, column: 3, endColumn: 22, message: 'data entry db_password holds a credential' },
        { line: 7, column: 3, endLine: 10, endColumn: 38, message: 'looks like a private key' },
        { line: 12, column: 3, endColumn: 37, message: 'binaryData entry blob' },
      ],
    },
  ],
});
