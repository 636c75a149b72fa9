import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { hostPathVolume } from './host-path-volume';

ruleTester(hostPathVolume, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers: [{name: app, image: nginx:1.27}]
        volumes:
          - name: cache
            emptyDir: {}
    `,
  ],
  invalid: [
    {
      name: 'block hostPath: reported on its key, replaced by an emptyDir',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes:
            - name: data
              hostPath:
                path: /data
                type: Directory
            - name: cache
              emptyDir: {}
      `,
      errors: [
        { messageId: 'hostPath', data: { volume: 'data', path: '/data' }, line: 8, column: 7, endColumn: 15 },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes:
            - name: data
              emptyDir: {}
            - name: cache
              emptyDir: {}
      `,
    },
    {
      name: 'flow hostPath: the whole pair',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c, image: i:1}]\n  volumes: [{name: d, hostPath: {path: /srv/}}]\n',
      errors: [
        { messageId: 'hostPath', data: { volume: 'd', path: '/srv' }, line: 6, column: 23, endColumn: 46 },
      ],
      output:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c, image: i:1}]\n  volumes: [{name: d, emptyDir: {}}]\n',
    },
  ],
});
