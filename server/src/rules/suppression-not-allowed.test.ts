import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rules } from './index';
import { suppressionNotAllowed } from './suppression-not-allowed';

ruleTester(
  suppressionNotAllowed,
  {
    valid: [
      yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          # kubeward-disable-next-line host-network -- CNI agent
          hostNetwork: true
          containers: [{name: c, image: c:1}]
      `,
    ],
    invalid: [
      {
        name: 'a strict rule cannot be suppressed; the fix drops the directive',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            containers:
              - name: c
                image: c:1
                securityContext:
                  # kubeward-disable-next-line privileged-container -- needs /dev/fuse
                  privileged: true
          `,
        errors: [
          {
            line: 9,
            column: 9,
            messageId: 'stillReported',
            data: { rules: ['privileged-container'] },
            severity: 'warning',
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
                securityContext:
                  privileged: true
          `,
      },
      {
        name: 'a strict id among others, with no finding in scope: reported on that id, the fix drops only it',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network, privileged-container -- CNI agent
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [
          {
            line: 5,
            column: 46,
            endColumn: 66,
            messageId: 'noEffect',
            data: { rules: ['privileged-container'] },
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
    ],
  },
  { with: rules, config: { strict: ['privileged-container'] } },
);
