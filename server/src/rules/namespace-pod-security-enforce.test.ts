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
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
          message: 'Namespace "team-a" has no `pod-security.kubernetes.io/enforce` label,',
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
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 9,
          message: 'Namespace "team-a" has no `pod-security.kubernetes.io/enforce` label,',
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
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 53,
          message: 'Namespace "team-a" enforces the `privileged` Pod Security level: any',
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
