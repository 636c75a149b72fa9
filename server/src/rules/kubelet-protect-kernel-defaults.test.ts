import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletProtectKernelDefaults } from './kubelet-protect-kernel-defaults';

ruleTester(kubeletProtectKernelDefaults, {
  valid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: true
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: false
      `,
      errors: [{ messageId: 'kernelDefaultsOff', line: 3, column: 1, endLine: 3, endColumn: 29 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: true
      `,
    },
    {
      name: 'absent',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
      `,
      errors: [{ messageId: 'kernelDefaultsUnset', line: 2, column: 1, endLine: 2, endColumn: 27 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
        protectKernelDefaults: true
      `,
    },
  ],
});
