import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { auditPolicyCatchAll } from './audit-policy-catch-all';

ruleTester(auditPolicyCatchAll, {
  valid: [
    {
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: None
            nonResourceURLs: ["/healthz*"]
          - level: Metadata
      `,
    },
  ],
  invalid: [
    {
      name: 'no catch-all',
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: Metadata
            resources:
              - group: ""
                resources: ["secrets"]
      `,
      errors: [{ messageId: 'noCatchAll', line: 3, column: 1, endLine: 3, endColumn: 6 }],
      output: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: Metadata
            resources:
              - group: ""
                resources: ["secrets"]
          - level: Metadata
      `,
    },
    {
      name: 'catch-all logs nothing',
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: RequestResponse
            resources:
              - group: ""
                resources: ["pods"]
          - level: None
      `,
      errors: [{ messageId: 'catchAllNone', line: 8, column: 5, endLine: 8, endColumn: 16 }],
      output: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: RequestResponse
            resources:
              - group: ""
                resources: ["pods"]
          - level: Metadata
      `,
    },
    {
      name: 'no rules at all: no fix',
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
      `,
      errors: [{ messageId: 'noCatchAll', line: 2, column: 1, endLine: 2, endColumn: 13 }],
    },
  ],
});
