import { describe, expect, it } from 'vitest';
import { ruleTester } from '../../../test/rule-tester';
import { engineConfig } from '../engine/config';
import { Engine } from '../engine/run';
import { yaml } from '../engine/yaml-tag';
import { duplicateKey } from './duplicate-key';

ruleTester(duplicateKey, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            securityContext: {privileged: false}
          - name: app
            securityContext: {privileged: false}
    `,
    { name: 'not a Kubernetes object', code: 'a: 1\na: 2\n' },
    {
      name: 'ConfigMap is not checked',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: "1"\n  x: "2"\n',
    },
    {
      name: 'merge keys are not duplicates',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              securityContext:
                <<: {runAsNonRoot: true}
                <<: {readOnlyRootFilesystem: true}
      `,
    },
  ],
  invalid: [
    {
      name: 'privileged twice: the ignored first one is reported, as an error',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              securityContext:
                privileged: false
                runAsNonRoot: true
                privileged: true
      `,
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: 'privileged', count: 2, below: 2 },
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 26,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              securityContext:
                runAsNonRoot: true
                privileged: true
      `,
    },
    {
      name: 'a label twice is a warning; three times gives two findings',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: a, app: b, app: c}
        spec:
          template:
            spec:
              hostNetwork: true
              hostNetwork: false
      `,
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: 'app', count: 3, below: 0 },
          line: 5,
          column: 12,
          severity: 'warning',
        },
        {
          messageId: 'duplicateKey',
          data: { key: 'app', count: 3, below: 0 },
          line: 5,
          column: 20,
          severity: 'warning',
        },
        {
          messageId: 'duplicateKey',
          data: { key: 'hostNetwork', count: 2, below: 1 },
          line: 9,
          column: 7,
          endColumn: 24,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: c}
        spec:
          template:
            spec:
              hostNetwork: false
      `,
    },
    {
      name: 'RBAC verbs key twice in a rule, CRLF',
      code: 'apiVersion: rbac.authorization.k8s.io/v1\r\nkind: Role\r\nmetadata: {name: r}\r\nrules:\r\n  - apiGroups: [""]\r\n    resources: [pods]\r\n    verbs: [get]\r\n    verbs: ["*"]\r\n',
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: 'verbs', count: 2, below: 1 },
          line: 7,
          column: 5,
          endColumn: 17,
          severity: 'error',
        },
      ],
      output:
        'apiVersion: rbac.authorization.k8s.io/v1\r\nkind: Role\r\nmetadata: {name: r}\r\nrules:\r\n  - apiGroups: [""]\r\n    resources: [pods]\r\n    verbs: ["*"]\r\n',
    },
    {
      name: 'numeric and boolean keys compare by their text',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            1: x
            1: y
        spec: {containers: [{name: c}]}
      `,
      errors: [
        {
          messageId: 'duplicateKey',
          data: { key: '1', count: 2, below: 1 },
          line: 6,
          column: 5,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            1: y
        spec: {containers: [{name: c}]}
      `,
    },
  ],
});

describe('the message, in the second document of a file', () => {
  it('counts lines from the ignored key, not from the top of its `---` document', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: b',
      '  name: c',
      'spec: {containers: [{name: c, image: nginx:1.25}]}',
      '',
    ].join('\n');
    const found = new Engine([duplicateKey]).check(text, engineConfig({ profile: 'all' })).findings;
    expect(found.map((f) => f.message)).toEqual([
      '`name` appears 2 times in this mapping; Kubernetes applies the last one (on the next line) and ignores this one, but other tools and reviewers may read this one.',
    ]);
    expect(lineOf(text, found[0]!.start)).toBe(8);
  });
});

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
