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
          { line: 6, column: 5, message: 'Unused suppression: `privileged-container`', severity: 'hint' },
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
    ],
  },
  { with: rules },
);
