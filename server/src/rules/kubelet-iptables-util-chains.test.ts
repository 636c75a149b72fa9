import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletIptablesUtilChains } from './kubelet-iptables-util-chains';

ruleTester(kubeletIptablesUtilChains, {
  valid: [
    {
      name: 'absent: defaults to true',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        staticPodPath: /etc/kubernetes/manifests
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        makeIPTablesUtilChains: false
      `,
      errors: [{ messageId: 'noUtilChains', line: 3, column: 1, endLine: 3, endColumn: 30 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        makeIPTablesUtilChains: true
      `,
    },
  ],
});
