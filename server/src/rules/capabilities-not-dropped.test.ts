import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { capabilitiesNotDropped } from './capabilities-not-dropped';

ruleTester(capabilitiesNotDropped, {
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
                drop: ["ALL"]
                add: ["NET_BIND_SERVICE"]
    `,
    {
      name: 'before 1.22 the check did not exist',
      settings: { kubernetesVersion: '1.21' },
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i:1}]}\n',
    },
  ],
  invalid: [
    {
      name: 'no securityContext at all: the whole block is added at the container indentation',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'allNotDropped',
          data: { container: { list: 'containers', name: 'app' } },
          line: 6,
          column: 7,
          endColumn: 16,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                capabilities:
                  drop:
                    - ALL
      `,
    },
    {
      name: 'lower-case all does not count (exact string), the item is appended; CHOWN added is not allowed',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext:\n      capabilities:\n        drop: [all]\n        add: [CHOWN, NET_BIND_SERVICE]\n',
      errors: [
        {
          messageId: 'allNotDropped',
          data: { container: { list: 'containers', name: 'c' } },
          line: 10,
          column: 9,
          endColumn: 20,
        },
        {
          messageId: 'addedCapability',
          data: { container: { list: 'containers', name: 'c' }, capability: 'CHOWN' },
          line: 11,
          column: 15,
          endColumn: 20,
        },
      ],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext:\n      capabilities:\n        drop: [all, ALL]\n        add: [NET_BIND_SERVICE]\n',
    },
  ],
});
