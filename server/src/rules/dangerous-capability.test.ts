import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { dangerousCapability } from './dangerous-capability';

ruleTester(dangerousCapability, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              capabilities:
                drop: [SYS_ADMIN]
                add: [NET_BIND_SERVICE]
    `,
  ],
  invalid: [
    {
      name: 'case and CAP_ prefix as the runtime reads them; block list keeps its other item',
      code: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              containers:
                - name: db
                  image: postgres:17
                  securityContext:
                    capabilities:
                      add:
                        - CHOWN
                        - cap_sys_admin
      `,
      errors: [
        {
          messageId: 'dangerousCapability',
          data: { container: { list: 'containers', name: 'db' }, capability: 'cap_sys_admin' },
          line: 14,
          column: 19,
          endColumn: 32,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              containers:
                - name: db
                  image: postgres:17
                  securityContext:
                    capabilities:
                      add:
                        - CHOWN
      `,
    },
    {
      name: 'ALL as the only item: the securityContext left empty is removed with it',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext:\n      capabilities:\n        add: ["ALL"]\n',
      errors: [
        {
          messageId: 'dangerousCapability',
          data: { container: { list: 'containers', name: 'c' }, capability: 'ALL' },
          line: 10,
          column: 15,
          endColumn: 20,
        },
      ],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n',
    },
  ],
});
