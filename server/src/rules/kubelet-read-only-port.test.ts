import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletReadOnlyPort } from './kubelet-read-only-port';

ruleTester(kubeletReadOnlyPort, {
  valid: [
    {
      name: 'absent: 0 in a v1beta1 file',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
      `,
    },
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        readOnlyPort: 0
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        readOnlyPort: 10255
      `,
      errors: [
        { messageId: 'readOnlyPort', data: { port: 10255 }, line: 3, column: 1, endLine: 3, endColumn: 20 },
      ],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        readOnlyPort: 0
      `,
    },
  ],
});
