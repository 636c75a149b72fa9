import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { restrictedVolumeType } from './restricted-volume-type';

ruleTester(restrictedVolumeType, {
  valid: [
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: app
        volumes:
          - {name: a, configMap: {name: cfg}}
          - {name: b, csi: {driver: secrets-store.csi.k8s.io}}
          - {name: c, downwardAPI: {items: []}}
          - {name: d, emptyDir: {}}
          - {name: e, ephemeral: {volumeClaimTemplate: {spec: {}}}}
          - {name: f, image: {reference: registry.example/data:1}}
          - {name: g, persistentVolumeClaim: {claimName: data}}
          - {name: h, projected: {sources: []}}
          - {name: i, secret: {secretName: s}}
          - name: defaulted-to-emptyDir
    `,
    {
      name: 'hostPath is left to host-path-volume',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
          volumes:
            - name: data
              hostPath: {path: /data}
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: app
              volumes:
                - name: repo
                  gitRepo:
                    repository: https://example.com/repo.git
                - name: cfg
                  configMap: {name: cfg}
                - {name: disk, awsElasticBlockStore: {volumeID: vol-1}}
      `,
      errors: [
        {
          messageId: 'restrictedVolume',
          data: { volume: 'repo', type: 'gitRepo' },
          line: 11,
          column: 11,
          endColumn: 18,
        },
        {
          messageId: 'restrictedVolume',
          data: { volume: 'disk', type: 'awsElasticBlockStore' },
          line: 15,
          column: 24,
          endColumn: 44,
        },
      ],
    },
  ],
});
