import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletRotateCertificates } from './kubelet-rotate-certificates';

ruleTester(kubeletRotateCertificates, {
  valid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        rotateCertificates: true
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        rotateCertificates: false
      `,
      errors: [{ messageId: 'rotationOff', line: 3, column: 1, endLine: 3, endColumn: 26 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        rotateCertificates: true
      `,
    },
    {
      name: 'absent: false in a v1beta1 file',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
      `,
      errors: [{ messageId: 'rotationUnset', line: 2, column: 1, endLine: 2, endColumn: 27 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
        rotateCertificates: true
      `,
    },
  ],
});
