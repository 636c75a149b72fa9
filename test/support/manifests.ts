// Manifests several tests share.
import { yaml } from '../../server/src/engine/yaml-tag';

/** A Pod with one container; `privileged-container` (and other rules) fire when it is privileged. */
export const pod = (privileged: boolean): string => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: ${privileged}
`;

export const PRIVILEGED_POD = pod(true);

/**
 * A ValidatingAdmissionPolicy for Deployments with one validation (`expression`, message "too many
 * replicas") and its Deny binding, which selects Namespaces labelled `env: prod`.
 */
export const replicasPolicy = (expression: string): string => yaml`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata:
    name: replicas
  spec:
    matchConstraints:
      resourceRules:
        - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments] }
    validations:
      - expression: ${expression}
        message: too many replicas
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata:
    name: replicas
  spec:
    policyName: replicas
    validationActions: [Deny]
    matchResources:
      namespaceSelector: { matchLabels: { env: prod } }
`;

/** The Namespace `shop`, labelled `env: <env>`. */
export const shopNamespace = (env: string): string => yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: shop
    labels: { env: ${env} }
`;
