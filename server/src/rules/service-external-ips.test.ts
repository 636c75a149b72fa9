import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { serviceExternalIps } from './service-external-ips';

ruleTester(serviceExternalIps, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        ports: [{port: 80}]
        externalIPs: []
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          ports: [{port: 80}]
          externalIPs:
            - 203.0.113.10
          selector: {app: web}
      `,
      errors: [
        {
          messageId: 'externalIps',
          data: { service: { kind: 'Service', name: 'web' } },
          line: 6,
          column: 3,
          endColumn: 14,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          ports: [{port: 80}]
          selector: {app: web}
      `,
    },
  ],
});
