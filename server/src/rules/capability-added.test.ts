import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { capabilityAdded } from './capability-added';

ruleTester(capabilityAdded, {
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
                add: [NET_BIND_SERVICE, CHOWN]
    `,
    {
      name: 'SYS_ADMIN is reported by dangerous-capability, not twice',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i:1, securityContext: {capabilities: {add: [sys_admin]}}}]}\n',
    },
  ],
  invalid: [
    {
      name: 'exact-string comparison, as Pod Security Admission does; the last item removes the whole add list',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                capabilities:
                  drop: [ALL]
                  add:
                    - CAP_CHOWN
      `,
      errors: [
        {
          messageId: 'addedCapability',
          data: { container: { list: 'containers', name: 'app' }, capability: 'CAP_CHOWN' },
          line: 12,
          column: 15,
          endColumn: 24,
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
                  drop: [ALL]
      `,
    },
    {
      name: 'one of several items in a flow list',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext:\n      capabilities:\n        add: [CHOWN, NET_RAW, SYS_TIME]\n',
      errors: [
        {
          messageId: 'addedCapability',
          data: { container: { list: 'containers', name: 'c' }, capability: 'NET_RAW' },
          line: 10,
          column: 22,
          endColumn: 29,
        },
        {
          messageId: 'addedCapability',
          data: { container: { list: 'containers', name: 'c' }, capability: 'SYS_TIME' },
          line: 10,
          column: 31,
          endColumn: 39,
        },
      ],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: i:1\n    securityContext:\n      capabilities:\n        add: [CHOWN]\n',
    },
  ],
});
