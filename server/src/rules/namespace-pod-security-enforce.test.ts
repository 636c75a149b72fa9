import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { namespacePodSecurityEnforce } from './namespace-pod-security-enforce';

ruleTester(namespacePodSecurityEnforce, {
  valid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: restricted
      `,
    },
  ],
  invalid: [
    {
      name: 'no labels',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
      `,
      errors: [
        {
          messageId: 'noEnforceLabel',
          data: { namespace: 'team-a' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: baseline
      `,
    },
    {
      name: 'other labels only',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/warn: restricted
      `,
      errors: [
        {
          messageId: 'noEnforceLabel',
          data: { namespace: 'team-a' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/warn: restricted
            pod-security.kubernetes.io/enforce: baseline
      `,
    },
    {
      name: 'privileged, quoted',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: "privileged"
      `,
      errors: [
        {
          messageId: 'privilegedLevel',
          data: { namespace: 'team-a' },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 53,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: "baseline"
      `,
    },
  ],
});
