import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rules } from './index';
import { unusedSuppression } from './unused-suppression';

ruleTester(
  unusedSuppression,
  {
    valid: [
      yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          # kubeward-disable-next-line host-network -- CNI agent
          hostNetwork: true
          containers: [{name: c, image: c:1, securityContext: {allowPrivilegeEscalation: false}}]
      `,
      {
        name: 'a rule the settings turn off is never called unused',
        settings: { profile: 'all', rules: { 'host-network': 'off' } },
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network -- CNI agent
            containers: [{name: c, image: c:1}]
        `,
      },
      {
        name: 'not claimed in a Helm template, whose rules did not run in full',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network -- CNI agent
            hostNetwork: {{ .Values.hostNetwork }}
            containers: []
        `,
      },
    ],
    invalid: [
      {
        name: 'the container is not privileged: the comment suppresses nothing and the fix removes it',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            containers:
              # kubeward-disable-next-line privileged-container -- GPU driver
              - name: c
                image: c:1
          `,
        errors: [
          {
            line: 6,
            column: 5,
            messageId: 'unused',
            data: { unknown: [], unused: ['privileged-container'], how: 'comment-container' },
            severity: 'hint',
          },
        ],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            containers:
              - name: c
                image: c:1
          `,
      },
      {
        name: 'an unknown id among used ones: reported on that id, and the fix drops only it',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-netwrk, host-network -- CNI agent
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [
          {
            line: 5,
            column: 32,
            endColumn: 43,
            messageId: 'unused',
            data: { unknown: ['host-netwrk'], unused: [], how: 'comment-line' },
          },
        ],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network -- CNI agent
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
      {
        name: 'an annotation of a rule that reports nothing on the object',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations:
              kubeward.dev/ignore.host-network: "CNI agent"
          spec:
            containers: [{name: c, image: c:1}]
          `,
        errors: [
          {
            line: 6,
            column: 5,
            messageId: 'unused',
            data: { unknown: [], unused: ['host-network'], how: 'annotation' },
          },
        ],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
          spec:
            containers: [{name: c, image: c:1}]
          `,
      },
      {
        name: '`kubeward-disable` after the first key of its document has no effect',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable host-network -- CNI agent
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [{ line: 5, column: 3, messageId: 'afterFirstKey' }],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
      {
        name: '`kubeward-disable` that no document follows has no effect',
        code: '# kubeward-disable host-network -- CNI agent\n',
        errors: [{ line: 1, column: 1, messageId: 'noDocumentFollows' }],
        output: '',
      },
      {
        name: 'a directive that names no rule',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [{ line: 5, column: 3, messageId: 'noRule' }],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
    ],
  },
  { with: rules },
);
