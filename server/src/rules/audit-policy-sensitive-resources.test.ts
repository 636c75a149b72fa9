import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { auditPolicySensitiveResources } from './audit-policy-sensitive-resources';

ruleTester(auditPolicySensitiveResources, {
  valid: [
    {
      name: 'Metadata first, bodies for the rest',
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: Metadata
            resources:
              - group: ""
                resources: [secrets, configmaps]
              - group: authentication.k8s.io
                resources: [tokenreviews]
          - level: RequestResponse
      `,
    },
    {
      name: 'not an audit policy',
      code: yaml`
        apiVersion: policy.example.com/v1
        kind: Policy
        rules:
          - level: RequestResponse
      `,
    },
  ],
  invalid: [
    {
      name: 'secrets only: fixable',
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: RequestResponse
            resources:
              - group: ""
                resources: ["secrets"]
          - level: Metadata
      `,
      errors: [
        {
          messageId: 'bodyLogged',
          data: { resources: ['secrets'], level: 'RequestResponse' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 27,
        },
      ],
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
      name: 'catch-all at Request logs all three',
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: Request
      `,
      errors: [
        {
          messageId: 'bodyLogged',
          data: { resources: ['secrets', 'configmaps', 'tokenreviews'], level: 'Request' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'whole core group before a Metadata rule for configmaps',
      code: yaml`
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: Metadata
            resources:
              - group: ""
                resources: [configmaps]
          - level: RequestResponse
            verbs: [create, update]
            resources:
              - group: ""
      `,
      errors: [
        {
          messageId: 'bodyLogged',
          data: { resources: ['secrets'], level: 'RequestResponse' },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 27,
        },
      ],
    },
  ],
});
