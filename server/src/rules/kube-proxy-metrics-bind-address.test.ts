import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeProxyMetricsBindAddress } from './kube-proxy-metrics-bind-address';

ruleTester(kubeProxyMetricsBindAddress, {
  valid: [
    {
      name: 'empty: 127.0.0.1:10249',
      code: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        metricsBindAddress: ""
      `,
    },
    {
      code: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        metricsBindAddress: 127.0.0.1:10249
      `,
    },
    {
      name: 'IPv6 loopback',
      code: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        metricsBindAddress: "[::1]:10249"
      `,
    },
    {
      name: 'healthz on all interfaces is not checked',
      code: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        healthzBindAddress: 0.0.0.0:10256
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        metricsBindAddress: 0.0.0.0:10249
      `,
      errors: [
        {
          messageId: 'metricsExposed',
          data: { address: '0.0.0.0:10249' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 34,
        },
      ],
      output: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        metricsBindAddress: 127.0.0.1:10249
      `,
    },
    {
      name: 'quoted, IPv6 any, no port',
      code: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        metricsBindAddress: '::'
      `,
      errors: [
        {
          messageId: 'metricsExposed',
          data: { address: '::' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 25,
        },
      ],
      output: yaml`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        metricsBindAddress: '127.0.0.1:10249'
      `,
    },
  ],
});
