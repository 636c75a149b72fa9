import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { podSecurityAdmissionDefaults } from './pod-security-admission-defaults';

ruleTester(podSecurityAdmissionDefaults, {
  valid: [
    {
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: "baseline"
      `,
    },
    {
      name: 'configured by path',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          path: /etc/kubernetes/pss.yaml
      `,
    },
  ],
  invalid: [
    {
      name: 'privileged (docs example)',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: "privileged"
              enforce-version: "latest"
      `,
      errors: [{ messageId: 'privilegedDefault', line: 9, column: 7, endLine: 9, endColumn: 28 }],
      output: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: "baseline"
              enforce-version: "latest"
      `,
    },
    {
      name: 'no defaults',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            exemptions:
              namespaces: []
      `,
      errors: [{ messageId: 'noDefault', line: 5, column: 3, endLine: 5, endColumn: 16 }],
      output: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            exemptions:
              namespaces: []
            defaults:
              enforce: baseline
      `,
    },
    {
      name: 'standalone PodSecurityConfiguration without enforce',
      code: yaml`
        apiVersion: pod-security.admission.config.k8s.io/v1
        kind: PodSecurityConfiguration
        defaults:
          warn: restricted
      `,
      errors: [{ messageId: 'noDefault', line: 3, column: 1, endLine: 3, endColumn: 9 }],
      output: yaml`
        apiVersion: pod-security.admission.config.k8s.io/v1
        kind: PodSecurityConfiguration
        defaults:
          warn: restricted
          enforce: baseline
      `,
    },
  ],
});
