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
      {
        name: 'the date is the last day the suppression holds',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network -- migrating until 2026-11-27
            hostNetwork: true
            containers: [{name: c, image: c:1}]
        `,
      },
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
        errors: [
          {
            line: 6,
            column: 5,
            messageId: 'expired',
            data: { rules: ['host-network'], until: '2020-01-31' },
            severity: 'warning',
            attack: ['T1562.001'],
          },
        ],
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
      {
        name: 'an expired comment is reported with every id it names',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            # kubeward-disable-next-line host-network, host-pid -- migrating until 2026-11-26
            hostNetwork: true
            containers: [{name: c, image: c:1}]
          `,
        errors: [
          {
            line: 5,
            column: 3,
            messageId: 'expired',
            data: { rules: ['host-network', 'host-pid'], until: '2026-11-26' },
          },
        ],
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
  { with: rules, config: { today: '2026-11-27' } },
);
