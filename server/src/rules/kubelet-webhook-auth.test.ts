import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletWebhookAuth } from './kubelet-webhook-auth';

ruleTester(kubeletWebhookAuth, {
  valid: [
    {
      name: 'defaults',
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
        authentication:
          webhook:
            enabled: true
        authorization:
          mode: Webhook
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          webhook:
            enabled: false
        authorization:
          mode: AlwaysAllow
      `,
      errors: [
        { messageId: 'webhookAuthnOff', line: 5, column: 5, endLine: 5, endColumn: 19 },
        { messageId: 'alwaysAllow', line: 7, column: 3, endLine: 7, endColumn: 20 },
      ],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          webhook:
            enabled: true
        authorization:
          mode: Webhook
      `,
    },
  ],
});
