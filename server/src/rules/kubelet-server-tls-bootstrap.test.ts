import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { kubeletServerTlsBootstrap } from './kubelet-server-tls-bootstrap';

ruleTester(kubeletServerTlsBootstrap, {
  valid: [
    {
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        serverTLSBootstrap: true
      `,
    },
    {
      name: 'certificate files',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        tlsCertFile: /var/lib/kubelet/pki/kubelet.crt
        tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key
      `,
    },
  ],
  invalid: [
    {
      name: 'self-signed',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        rotateCertificates: true
      `,
      errors: [{ messageId: 'selfSignedServing', line: 2, column: 1, endLine: 2, endColumn: 27 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        rotateCertificates: true
        serverTLSBootstrap: true
      `,
    },
    {
      name: 'rotation gate off',
      code: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        serverTLSBootstrap: true
        featureGates:
          RotateKubeletServerCertificate: false
      `,
      errors: [{ messageId: 'servingRotationOff', line: 5, column: 3, endLine: 5, endColumn: 40 }],
      output: yaml`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        serverTLSBootstrap: true
        featureGates:
          RotateKubeletServerCertificate: true
      `,
    },
  ],
});
