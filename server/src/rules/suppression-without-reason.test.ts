import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rules } from './index';
import { suppressionWithoutReason } from './suppression-without-reason';

ruleTester(
  suppressionWithoutReason,
  {
    valid: [
      yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          # kubeward-disable-next-line host-network -- the CNI agent needs the node's interfaces
          hostNetwork: true
          containers: [{name: c, image: c:1}]
      `,
      {
        name: 'a reason is not required when the setting says so',
        settings: { requireSuppressionReason: false },
        code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  # kubeward-disable-next-line host-network\n  hostNetwork: true\n  containers: [{name: c, image: c:1}]\n',
      },
    ],
    invalid: [
      {
        name: 'comment without a reason: it still suppresses, but is reported',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [
          { line: 5, column: 3, messageId: 'comment', data: { rules: ['host-network'] }, severity: 'info' },
        ],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network -- reason
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
      {
        name: 'an annotation whose value is `true` gives no reason',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations:
              kubeward.dev/ignore.host-network: "true"
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [{ line: 6, column: 5, messageId: 'annotation', data: { rules: ['host-network'] } }],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations:
              kubeward.dev/ignore.host-network: "reason"
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
    ],
  },
  { with: rules },
);
