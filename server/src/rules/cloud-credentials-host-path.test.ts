import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { cloudCredentialsHostPath } from './cloud-credentials-host-path';

ruleTester(cloudCredentialsHostPath, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
        volumes:
          - {name: a, hostPath: {path: /var/log}}
          - {name: b, hostPath: {path: /home/user/.awsome}}
          - {name: c, hostPath: {path: /opt/.config-backup}}
          - {name: d, secret: {secretName: aws}}
    `,
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              volumeMounts:
                - name: aws
                  mountPath: /root/.aws
                - name: data
                  mountPath: /data
          volumes:
            - name: aws
              hostPath:
                path: /home/ubuntu/.aws/
            - name: data
              emptyDir: {}
            - name: azure
              hostPath: {path: /etc/kubernetes/azure.json, type: File}
      `,
      errors: [
        {
          messageId: 'cloudCredentials',
          data: { volume: 'aws', path: '/home/ubuntu/.aws', credentials: 'aws' },
          line: 15,
          column: 9,
          endColumn: 33,
        },
        {
          messageId: 'cloudCredentials',
          data: { volume: 'azure', path: '/etc/kubernetes/azure.json', credentials: 'azureServicePrincipal' },
          line: 19,
          column: 18,
          endColumn: 50,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              volumeMounts:
                - name: data
                  mountPath: /data
          volumes:
            - name: data
              emptyDir: {}
      `,
    },
    {
      name: 'gcloud credentials in a DaemonSet',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          template:
            spec:
              containers:
                - name: agent
                  volumeMounts: [{name: gcloud, mountPath: /gcloud}]
              volumes:
                - name: gcloud
                  hostPath: {path: /root/.config/gcloud}
      `,
      errors: [
        {
          messageId: 'cloudCredentials',
          data: { volume: 'gcloud', path: '/root/.config/gcloud', credentials: 'gcloud' },
          line: 12,
          column: 22,
          endColumn: 48,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          template:
            spec:
              containers:
                - name: agent
      `,
    },
  ],
});
