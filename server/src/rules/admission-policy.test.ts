import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { admissionPolicy } from './admission-policy';

/** A ValidatingAdmissionPolicy for pods (`validation` is its one validation's YAML) and its binding. */
const podPolicy = (name: string, validation: string, binding = 'validationActions: [Deny]') => yaml`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata:
    name: ${name}
  spec:
    matchConstraints:
      resourceRules:
        - apiGroups: ['']
          apiVersions: [v1]
          operations: [CREATE, UPDATE]
          resources: [pods]
    validations:
      - ${validation}
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata:
    name: ${name}-binding
  spec:
    policyName: ${name}
    ${binding}
`;

const NO_HOST_NETWORK = podPolicy(
  'no-host-network',
  "{ expression: '!object.spec.?hostNetwork.orValue(false)', message: 'Pods may not use the host network.' }",
);

const POD = yaml`
  # a pod
  apiVersion: v1
  kind: Pod
  metadata:
    name: p
    namespace: team
  spec:
    hostNetwork: true
    containers:
      - name: app
        image: registry.example/app:1.0
`;

const DEPLOYMENT = yaml`
  # a deployment
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: team
  spec:
    replicas: 6
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        hostNetwork: true
        containers:
          - name: app
            image: registry.example/app:1.0
`;

/** Two policies that both refuse the pod's `hostNetwork: true`, for suppressions naming one of them. */
const TWO_POLICIES = [
  NO_HOST_NETWORK,
  podPolicy(
    'host-network-audit',
    "{ expression: '!object.spec.?hostNetwork.orValue(false)', message: 'Host network is audited.' }",
  ),
].join('---\n');

/** A CRD whose plural is not the one `kubectl` would guess (`widgets`), so only the CRD can tell. */
const GIZMO_CRD = yaml`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: { name: gizmos.example.com }
  spec:
    group: example.com
    names: { kind: Widget, plural: gizmos, singular: widget }
    scope: Namespaced
    versions:
      - name: v1
        served: true
        storage: true
        schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;

/** A policy for custom resources of group example.com: `resources` names them (or is `*`). */
const widgetPolicy = (resources: string) => yaml`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata: { name: small-widgets }
  spec:
    matchConstraints:
      resourceRules:
        - { apiGroups: [example.com], apiVersions: [v1], operations: [CREATE], resources: ${resources} }
    validations:
      - { expression: 'object.spec.size <= 3', message: Widgets are small. }
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata: { name: small-widgets }
  spec: { policyName: small-widgets, validationActions: [Deny] }
`;

const WIDGET = yaml`
  # a custom resource
  apiVersion: example.com/v1
  kind: Widget
  metadata: { name: big, namespace: team }
  spec:
    size: 5
`;

const TEAM_NS = (labels: string) => yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: team
    labels: ${labels}
`;

const denial = (message: string, policy: string, binding: string, notes = '') => ({
  message,
  policyKind: 'ValidatingAdmissionPolicy',
  policy,
  binding,
  notes,
});

ruleTester(admissionPolicy, {
  valid: [
    {
      name: 'a pod the policy admits',
      code: POD.replace('hostNetwork: true', 'hostNetwork: false'),
      index: indexed(NO_HOST_NETWORK),
    },
    {
      name: 'no policy in the workspace',
      code: `# no policy\n${POD}`,
    },
    {
      name: 'a policy without a binding enforces nothing: nothing on the workload',
      code: `# no binding\n${POD}`,
      index: indexed(NO_HOST_NETWORK.split('---')[0] ?? ''),
    },
    {
      name: "the binding's namespaceSelector does not select the Namespace in the workspace",
      code: `# other namespace labels\n${POD}`,
      index: indexed(
        podPolicy(
          'no-host-network',
          "{ expression: '!object.spec.?hostNetwork.orValue(false)' }",
          'validationActions: [Deny]\n    matchResources: { namespaceSelector: { matchLabels: { env: prod } } }',
        ),
        TEAM_NS('{ env: dev }'),
      ),
    },
    {
      name: 'suppressed by policy name',
      code: POD.replace(
        '  hostNetwork: true',
        '  # kubeward-disable-next-line admission-policy/no-host-network -- host networking is reviewed\n  hostNetwork: true',
      ),
      index: indexed(NO_HOST_NETWORK),
    },
    {
      name: '`admission-policy` alone suppresses every policy',
      code: POD.replace(
        '  hostNetwork: true',
        '  # kubeward-disable-next-line admission-policy -- host networking is reviewed\n  hostNetwork: true',
      ),
      index: indexed(TWO_POLICIES),
    },
    {
      name: 'an annotation names one policy: kubeward.dev/ignore.admission-policy.<name>',
      code: POD.replace(
        '  namespace: team',
        '  namespace: team\n  annotations:\n    kubeward.dev/ignore.admission-policy.no-host-network: host networking is reviewed',
      ),
      index: indexed(NO_HOST_NETWORK),
    },
    {
      name: 'a custom resource: the CRD maps its kind to its resource, and a rule for another resource does not select it',
      code: `# another resource\n${WIDGET}`,
      index: indexed(widgetPolicy('[widgets]'), GIZMO_CRD),
    },
    {
      name: 'excludeResourceRules exclude the pod by name',
      code: `# excluded\n${POD}`,
      index: indexed(
        NO_HOST_NETWORK.replace(
          '  validations:',
          "    excludeResourceRules:\n        - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods], resourceNames: [p] }\n  validations:",
        ),
      ),
    },
    {
      name: 'a matchCondition that is false skips the policy',
      code: `# match condition\n${POD}`,
      index: indexed(
        NO_HOST_NETWORK.replace(
          '  validations:',
          '  matchConditions:\n    - { name: only-labelled, expression: "has(object.metadata.labels) && \'net\' in object.metadata.labels" }\n  validations:',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'the old annotation `…admission-policy/<name>` suppresses nothing: Kubernetes refuses its key (unused-suppression says so)',
      code: POD.replace(
        '  namespace: team',
        '  namespace: team\n  annotations:\n    kubeward.dev/ignore.admission-policy/no-host-network: host networking is reviewed',
      ),
      index: indexed(NO_HOST_NETWORK),
      errors: [
        {
          messageId: 'denied',
          data: denial('Pods may not use the host network.', 'no-host-network', 'no-host-network-binding'),
          line: 10,
          column: 3,
          endColumn: 20,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a Pod: the finding is on the field the failing expression reads',
      code: POD,
      index: indexed(NO_HOST_NETWORK),
      errors: [
        {
          messageId: 'denied',
          data: denial('Pods may not use the host network.', 'no-host-network', 'no-host-network-binding'),
          line: 8,
          column: 3,
          endColumn: 20,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a comment naming one policy suppresses its finding only; the other policy still refuses',
      code: POD.replace(
        '  hostNetwork: true',
        '  # kubeward-disable-next-line admission-policy/no-host-network -- host networking is reviewed\n  hostNetwork: true',
      ),
      index: indexed(TWO_POLICIES),
      errors: [
        {
          messageId: 'denied',
          data: denial('Host network is audited.', 'host-network-audit', 'host-network-audit-binding'),
          line: 9,
          column: 3,
          endColumn: 20,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a document comment naming one policy suppresses its findings only',
      code: `# kubeward-disable admission-policy/host-network-audit -- audited elsewhere\n${POD}`,
      index: indexed(TWO_POLICIES),
      errors: [
        {
          messageId: 'denied',
          data: denial('Pods may not use the host network.', 'no-host-network', 'no-host-network-binding'),
          line: 9,
          column: 3,
          endColumn: 20,
          severity: 'error',
        },
      ],
    },
    {
      name: 'an annotation naming one policy suppresses its findings on the object only',
      code: POD.replace(
        '  namespace: team',
        '  namespace: team\n  annotations:\n    kubeward.dev/ignore.admission-policy.no-host-network: host networking is reviewed',
      ),
      index: indexed(TWO_POLICIES),
      errors: [
        {
          messageId: 'denied',
          data: denial('Host network is audited.', 'host-network-audit', 'host-network-audit-binding'),
          line: 10,
          column: 3,
          endColumn: 20,
          severity: 'error',
        },
      ],
    },
    {
      name: "a Deployment: accepted, but a pod policy refuses its pods (on the template's field)",
      code: DEPLOYMENT,
      index: indexed(NO_HOST_NETWORK),
      errors: [
        {
          messageId: 'podsDenied',
          data: {
            ...denial('Pods may not use the host network.', 'no-host-network', 'no-host-network-binding'),
            kind: 'Deployment',
          },
          line: 15,
          column: 7,
          endColumn: 24,
          severity: 'error',
        },
      ],
    },
    {
      name: 'validationActions Warn is a warning',
      code: `# warn\n${POD}`,
      index: indexed(
        podPolicy(
          'warn',
          "{ expression: '!object.spec.?hostNetwork.orValue(false)' }",
          'validationActions: [Warn]',
        ),
      ),
      errors: [
        {
          messageId: 'denied',
          data: denial('failed expression: !object.spec.?hostNetwork.orValue(false)', 'warn', 'warn-binding'),
          line: 9,
          column: 3,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'validationActions Audit is info',
      code: `# audit\n${POD}`,
      index: indexed(
        podPolicy(
          'audit',
          "{ expression: '!object.spec.?hostNetwork.orValue(false)' }",
          'validationActions: [Audit]',
        ),
      ),
      errors: [
        {
          messageId: 'denied',
          data: denial(
            'failed expression: !object.spec.?hostNetwork.orValue(false)',
            'audit',
            'audit-binding',
          ),
          line: 9,
          column: 3,
          severity: 'info',
        },
      ],
    },
    {
      name: "the binding's namespaceSelector selects the Namespace's labels in the workspace",
      code: `# namespace selected\n${POD}`,
      index: indexed(
        podPolicy(
          'prod-only',
          "{ expression: '!object.spec.?hostNetwork.orValue(false)', message: no host network in prod }",
          'validationActions: [Deny]\n    matchResources: { namespaceSelector: { matchLabels: { env: prod } } }',
        ),
        TEAM_NS('{ env: prod }'),
      ),
      errors: [
        {
          messageId: 'denied',
          data: denial('no host network in prod', 'prod-only', 'prod-only-binding'),
          line: 9,
          column: 3,
        },
      ],
    },
    {
      name: 'an unknown namespace is evaluated as if the namespaceSelector matched, and says so',
      code: `# namespace unknown\n${POD}`,
      index: indexed(
        podPolicy(
          'prod-only',
          "{ expression: '!object.spec.?hostNetwork.orValue(false)', message: no host network in prod }",
          'validationActions: [Deny]\n    matchResources: { namespaceSelector: { matchLabels: { env: prod } } }',
        ),
      ),
      errors: [
        {
          messageId: 'denied',
          data: denial(
            'no host network in prod',
            'prod-only',
            'prod-only-binding',
            'The labels of namespace "team" are not known; evaluated as if its namespaceSelector matched.',
          ),
          line: 9,
          column: 3,
        },
      ],
    },
    {
      name: "the binding's objectSelector selects the pod by its labels",
      code: POD.replace('  name: p\n', '  name: p\n  labels: { net: host }\n'),
      index: indexed(
        podPolicy(
          'labelled',
          "{ expression: '!object.spec.?hostNetwork.orValue(false)', message: labelled pods stay off the host network }",
          'validationActions: [Deny]\n    matchResources: { objectSelector: { matchLabels: { net: host } } }',
        ),
      ),
      errors: [
        {
          messageId: 'denied',
          data: denial('labelled pods stay off the host network', 'labelled', 'labelled-binding'),
          line: 9,
          column: 3,
        },
      ],
    },
    {
      name: 'params: a ConfigMap named by paramRef in another file, variables, messageExpression and reason',
      code: `# params\n${DEPLOYMENT}`,
      index: indexed(
        yaml`
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingAdmissionPolicy
          metadata:
            name: replica-limit
          spec:
            paramKind: { apiVersion: v1, kind: ConfigMap }
            matchConstraints:
              resourceRules:
                - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments] }
            variables:
              - name: max
                expression: int(params.data.maxReplicas)
            validations:
              - expression: object.spec.replicas <= variables.max
                messageExpression: "'at most ' + string(variables.max) + ' replicas'"
                reason: Forbidden
          ---
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingAdmissionPolicyBinding
          metadata:
            name: replica-limit-team
          spec:
            policyName: replica-limit
            validationActions: [Deny]
            paramRef: { name: limits, namespace: team, parameterNotFoundAction: Deny }
        `,
        yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata: { name: limits, namespace: team }
          data: { maxReplicas: "3" }
        `,
      ),
      errors: [
        {
          messageId: 'denied',
          data: denial('at most 3 replicas', 'replica-limit', 'replica-limit-team'),
          line: 9,
          column: 3,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'params: a ConfigMap above the size limit is not read, and the object says the policy was not evaluated',
      code: `# huge params\n${DEPLOYMENT}`,
      index: indexed(
        yaml`
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingAdmissionPolicy
          metadata:
            name: replica-limit
          spec:
            paramKind: { apiVersion: v1, kind: ConfigMap }
            matchConstraints:
              resourceRules:
                - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments] }
            validations:
              - expression: object.spec.replicas <= int(params.data.maxReplicas)
          ---
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingAdmissionPolicyBinding
          metadata:
            name: replica-limit-team
          spec:
            policyName: replica-limit
            validationActions: [Deny]
            paramRef: { name: limits, namespace: team, parameterNotFoundAction: Deny }
        `,
        // 2 MiB: above the API server's 1.5 MiB request limit, so no cluster holds it.
        `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: limits, namespace: team }\ndata:\n  maxReplicas: "3"\n  blob: "${'x'.repeat(2 * 1024 * 1024)}"\n`,
      ),
      errors: [
        {
          messageId: 'paramTooLarge',
          data: {
            policyKind: 'ValidatingAdmissionPolicy',
            policy: 'replica-limit',
            reason:
              'its param ConfigMap "limits" is 2.0 MiB, above the 1.5 MiB Kubeward reads (the API server\'s request limit), so it was not read',
          },
          line: 4,
          column: 1,
          endColumn: 17,
          severity: 'info',
        },
      ],
    },
    {
      name: 'an expression that fails at run time, with failurePolicy Fail (the default)',
      code: `# runtime error\n${POD}`,
      index: indexed(podPolicy('broken', "{ expression: 'object.spec.nodeName.size() > 0' }")),
      // On `spec:`, the nearest existing ancestor of `spec.nodeName`, which the pod does not set.
      errors: [{ messageId: 'denied', line: 8, column: 1, endColumn: 5 }],
    },
    {
      name: 'an expensive expression stops at the cost limit, and failurePolicy Fail refuses the object',
      code: `# expensive\n${POD}`,
      index: indexed(
        podPolicy(
          'expensive',
          "{ expression: 'lists.range(1000).all(a, lists.range(1000).all(b, a + b >= 0))' }",
        ),
      ),
      // The expression reads no field of the pod: on its `kind:`.
      errors: [
        {
          messageId: 'denied',
          data: denial(
            'validation 0 failed: operation cancelled: actual cost limit exceeded (the limit is 1000000 per expression and 10000000 per policy evaluation)',
            'expensive',
            'expensive-binding',
          ),
          line: 4,
          column: 1,
          severity: 'error',
        },
      ],
    },
    {
      name: "a compile error is on the policy, at the parser's position inside the block scalar",
      code: yaml`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: typo
        spec:
          matchConstraints:
            resourceRules:
              - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }
          validations:
            - expression: >-
                object.spec.containers.all(c,
                  c.image.startsWith('registry.example/') &&)
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: { name: typo }
        spec: { policyName: typo, validationActions: [Deny] }
      `,
      // The parser's position: the second `)` of the folded scalar's second line.
      errors: [
        {
          messageId: 'compileError',
          data: {
            policy: 'typo',
            message: 'spec.validations[0].expression: compilation failed: Unexpected token: RPAREN',
          },
          line: 12,
          column: 53,
          endColumn: 54,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a policy without a binding says so on the policy',
      code: NO_HOST_NETWORK.split('---')[0] ?? '',
      errors: [{ messageId: 'noBinding', line: 2, column: 1, severity: 'info' }],
    },
    {
      name: 'a binding whose policy is not in the workspace',
      code: yaml`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: { name: orphan }
        spec: { policyName: gone, validationActions: [Deny] }
      `,
      errors: [{ messageId: 'bindingWithoutPolicy', line: 2, column: 1, severity: 'info' }],
    },
    {
      name: 'authorizer checks are not evaluable offline: said at the call',
      code: podPolicy(
        'authz',
        "{ expression: \"authorizer.group('').resource('pods').check('create').allowed()\" }",
      ),
      errors: [{ messageId: 'notEvaluable', line: 13, column: 22, endColumn: 32, severity: 'info' }],
    },
    {
      name: 'a Kyverno ValidatingPolicy (its own validationActions; no binding)',
      code: `# kyverno\n${POD}`,
      index: indexed(yaml`
        apiVersion: policies.kyverno.io/v1
        kind: ValidatingPolicy
        metadata: { name: kyverno-no-host-network }
        spec:
          validationActions: [Deny]
          matchConstraints:
            resourceRules:
              - { apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods] }
          validations:
            - expression: '!object.spec.?hostNetwork.orValue(false)'
              message: host network is not allowed
      `),
      errors: [
        {
          messageId: 'denied',
          data: {
            ...denial('host network is not allowed', 'kyverno-no-host-network', ''),
            policyKind: 'ValidatingPolicy',
          },
          line: 9,
          column: 3,
        },
      ],
    },
    {
      name: "a custom resource: the workspace's CRD maps its kind to its resource (gizmos, not the guessed widgets)",
      code: WIDGET,
      index: indexed(widgetPolicy('[gizmos]'), GIZMO_CRD),
      errors: [
        {
          messageId: 'denied',
          data: denial('Widgets are small.', 'small-widgets', 'small-widgets'),
          line: 6,
          column: 3,
          endColumn: 10,
        },
      ],
    },
    {
      name: 'a custom resource without its CRD: rules that name resources cannot tell, and say so on the kind',
      code: `# no CRD\n${WIDGET}`,
      index: indexed(widgetPolicy('[widgets]')),
      errors: [
        {
          messageId: 'unknownResource',
          data: {
            policyKind: 'ValidatingAdmissionPolicy',
            policy: 'small-widgets',
            reason:
              'the workspace has no CustomResourceDefinition for Widget (example.com/v1), so its resource name is not known, and the policy selects resources by name',
          },
          line: 4,
          column: 1,
          endColumn: 13,
          severity: 'info',
        },
      ],
    },
    {
      name: 'a custom resource without its CRD: a rule for every resource (`*`) of its group selects it',
      code: `# any resource\n${WIDGET}`,
      index: indexed(widgetPolicy("['*']")),
      errors: [
        {
          messageId: 'denied',
          data: denial('Widgets are small.', 'small-widgets', 'small-widgets'),
          line: 7,
          column: 3,
          endColumn: 10,
        },
      ],
    },
  ],
});
