import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletAnonymousAuth } from './kubelet-anonymous-auth';

ruleTester(kubeletAnonymousAuth, {
  valid: [
    {
      name: 'absent: false in a v1beta1 file',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          webhook:
            enabled: true
      `,
    },
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          anonymous:
            enabled: false
      `,
    },
    {
      name: 'another API group',
      code: yaml`
        apiVersion: example.com/v1
        kind: KubeletConfiguration
        authentication:
          anonymous:
            enabled: true
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          anonymous:
            enabled: true # for debugging
      `,
      errors: [{ messageId: 'anonymousEnabled', line: 5, column: 5, endLine: 5, endColumn: 18 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          anonymous:
            enabled: false # for debugging
      `,
    },
    {
      name: 'flow style',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication: {anonymous: {enabled: yes}}
      `,
      errors: [{ messageId: 'anonymousEnabled', line: 3, column: 30, endLine: 3, endColumn: 42 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication: {anonymous: {enabled: false}}
      `,
    },
  ],
});
