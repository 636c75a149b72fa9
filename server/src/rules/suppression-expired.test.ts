import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { rules } from './index';
import { suppressionExpired } from './suppression-expired';

ruleTester(
  suppressionExpired,
  {
    valid: [
      yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          annotations:
            kubeward.dev/ignore.host-network: "migrating to a Service until 2099-12-31"
        spec:
          hostNetwork: true
          containers: [{name: c, image: c:1}]
      `,
    ],
    invalid: [
      {
        name: 'an expired annotation stops suppressing and says so',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
            annotations:
              kubeward.dev/ignore.host-network: "migrating to a Service until 2020-01-31"
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [{ line: 6, column: 5, message: 'expired after 2020-01-31', severity: 'warning' }],
        output: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: a
          spec:
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
      },
    ],
  },
  { with: rules, config: { today: '2026-11-27' } },
);
