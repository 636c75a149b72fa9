import { indexed } from '../../../test/indexed';
import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { missingNetworkPolicy } from './missing-network-policy';

const DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    template:
      metadata:
        labels: {app: web, tier: front}
      spec:
        containers: [{name: app, image: nginx:1.27}]
`;

ruleTester(missingNetworkPolicy, {
  valid: [
    {
      name: 'selected by matchLabels of a policy in another file (both in the default namespace)',
      code: DEPLOYMENT,
      index: indexed(
        DEPLOYMENT,
        yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: web}
          spec:
            podSelector: {matchLabels: {app: web}}
        `,
      ),
    },
    {
      name: 'a default-deny policy (empty selector) in the same text selects every pod (the text is indexed)',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: prod}
        spec:
          containers: [{name: app, image: nginx:1.27}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: prod}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
      `,
    },
  ],
  invalid: [
    {
      name: 'no policy at all',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          labels:
            app: web
        spec:
          containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'noNetworkPolicy',
          data: { object: { kind: 'Pod', name: 'p' }, namespace: 'default' },
          line: 5,
          column: 3,
          endColumn: 9,
          severity: 'info',
        },
      ],
    },
    {
      name: 'policies that do not match: other namespace, other labels, a failing matchExpression',
      code: DEPLOYMENT,
      index: indexed(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: other-ns, namespace: prod}
        spec:
          podSelector: {}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: other-labels}
        spec:
          podSelector: {matchLabels: {app: api}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: expression}
        spec:
          podSelector:
            matchLabels: {app: web}
            matchExpressions:
              - {key: tier, operator: NotIn, values: [front]}
      `),
      errors: [
        {
          messageId: 'noNetworkPolicy',
          data: { object: { kind: 'Deployment', name: 'web' }, namespace: 'default' },
          line: 7,
          column: 7,
          endColumn: 13,
        },
      ],
    },
  ],
});
