import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { imageTagLatest } from './image-tag-latest';

ruleTester(imageTagLatest, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - {name: app, image: nginx:1.27}
          - {name: digest, image: nginx@sha256:0a1b2c}
          - {name: digest-and-latest, image: "nginx:latest@sha256:0a1b2c"}
          - {name: port-and-tag, image: registry:5000/team/app:2.0}
    `,
    {
      name: 'image from an env var reference is not checked',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: app, image: $(IMAGE)}]
      `,
    },
  ],
  invalid: [
    {
      name: 'latest tag',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:latest # pinned later
      `,
      errors: [
        {
          messageId: 'latestTag',
          data: { container: { list: 'containers', name: 'app' }, image: 'nginx:latest' },
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 30,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:version # pinned later
      `,
    },
    {
      name: 'registry port is not a tag; quoting is kept',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: init
              image: "registry:5000/app"
          containers:
            - {name: app, image: busybox}
      `,
      errors: [
        {
          messageId: 'noTag',
          data: { container: { list: 'initContainers', name: 'init' }, image: 'registry:5000/app' },
          line: 7,
          column: 7,
          endColumn: 33,
        },
        {
          messageId: 'noTag',
          data: { container: { list: 'containers', name: 'app' }, image: 'busybox' },
          line: 9,
          column: 19,
          endColumn: 33,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: init
              image: "registry:5000/app:version"
          containers:
            - {name: app, image: busybox:version}
      `,
    },
  ],
});
