import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletClientCa } from './kubelet-client-ca';

ruleTester(kubeletClientCa, {
  valid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
      `,
    },
  ],
  invalid: [
    {
      name: 'authentication without x509',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          webhook:
            enabled: true
      `,
      errors: [{ messageId: 'noClientCa', line: 3, column: 1, endLine: 3, endColumn: 15 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          webhook:
            enabled: true
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
      `,
    },
    {
      name: 'nothing at all',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
      `,
      errors: [{ messageId: 'noClientCa', line: 2, column: 1, endLine: 2, endColumn: 27 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
        authentication:
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
      `,
    },
    {
      name: 'empty',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          x509:
            clientCAFile: ""
      `,
      errors: [{ messageId: 'noClientCa', line: 5, column: 5, endLine: 5, endColumn: 21 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
      `,
    },
  ],
});
