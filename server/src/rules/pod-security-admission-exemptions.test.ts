import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { podSecurityAdmissionExemptions } from './pod-security-admission-exemptions';

ruleTester(podSecurityAdmissionExemptions, {
  valid: [
    {
      name: 'empty lists',
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            exemptions:
              usernames: []
              runtimeClasses: []
              namespaces: []
      `,
    },
  ],
  invalid: [
    {
      code: yaml`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            exemptions:
              usernames: [system:serviceaccount:ci:deployer]
              runtimeClasses: [kata]
              namespaces:
                - kube-system
                - monitoring
      `,
      errors: [
        {
          messageId: 'exemptUsers',
          data: { names: ['system:serviceaccount:ci:deployer'] },
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 16,
        },
        {
          messageId: 'exemptRuntimeClasses',
          data: { names: ['kata'] },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 21,
        },
        {
          messageId: 'exemptNamespaces',
          data: { names: ['kube-system', 'monitoring'] },
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 17,
        },
      ],
    },
  ],
});
