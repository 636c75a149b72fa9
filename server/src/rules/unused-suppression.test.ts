import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rules } from './index';
import { unusedSuppression } from './unused-suppression';

/** A policy refusing pods on the host network (bound for every namespace). */
const NO_HOST_NETWORK = indexed(yaml`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata: { name: no-host-network }
  spec:
    matchConstraints:
      resourceRules: [{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
    validations: [{ expression: '!object.spec.?hostNetwork.orValue(false)' }]
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata: { name: no-host-network }
  spec: { policyName: no-host-network, validationActions: [Deny] }
`);

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
        name: 'one admission policy written `…admission-policy/<name>`: Kubernetes refuses the key (error); the fix changes that `/`',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations:
              kubeward.dev/ignore.admission-policy/no-host-network: "reviewed by the network team"
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        index: NO_HOST_NETWORK,
        errors: [
          {
            line: 6,
            column: 5,
            messageId: 'refusedKey',
            data: {
              key: 'kubeward.dev/ignore.admission-policy/no-host-network',
              problem: 'an annotation key holds one `/`',
              accepted: 'kubeward.dev/ignore.admission-policy.no-host-network',
            },
            severity: 'error',
          },
        ],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations:
              kubeward.dev/ignore.admission-policy.no-host-network: "reviewed by the network team"
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
      {
        name: 'a quoted refused key keeps its quotes in the fix',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations: {'kubeward.dev/ignore.admission-policy/no-host-network': ok}
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        index: NO_HOST_NETWORK,
        errors: [{ line: 5, column: 17, messageId: 'refusedKey', severity: 'error' }],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations: {'kubeward.dev/ignore.admission-policy.no-host-network': ok}
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
      {
        name: 'a rule id Kubernetes cannot hold in a key (above 63 characters): refused, and the fix removes it',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations:
              kubeward.dev/ignore.${'x'.repeat(60)}: why
          spec:
            containers: [{name: c, image: c:1}]
          `,
        errors: [
          {
            line: 6,
            column: 5,
            messageId: 'refusedKey',
            data: {
              key: `kubeward.dev/ignore.${'x'.repeat(60)}`,
              problem: "the name after `kubeward.dev/` is 67 characters, above Kubernetes' 63",
            },
            severity: 'error',
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
