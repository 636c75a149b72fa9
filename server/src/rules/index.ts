import type { Rule } from '../engine/rule';
import { suppressionExpired } from './suppression-expired';
import { suppressionNotAllowed } from './suppression-not-allowed';
import { suppressionWithoutReason } from './suppression-without-reason';
import { unusedSuppression } from './unused-suppression';
import { unknownField } from './unknown-field';
import { invalidValue } from './invalid-value';
import { duplicateKey } from './duplicate-key';
import { admissionPolicy } from './admission-policy';
import { apiserverAnonymousAuth } from './apiserver-anonymous-auth';
import { apiserverAuthorizationMode } from './apiserver-authorization-mode';
import { apiserverAdmissionPlugins } from './apiserver-admission-plugins';
import { apiserverAuditLog } from './apiserver-audit-log';
import { apiserverEncryptionConfig } from './apiserver-encryption-config';
import { apiserverTls } from './apiserver-tls';
import { apiserverKubeletCa } from './apiserver-kubelet-ca';
import { apiserverServiceAccountLookup } from './apiserver-service-account-lookup';
import { controlPlaneProfiling } from './control-plane-profiling';
import { controlPlaneBindAddress } from './control-plane-bind-address';
import { controllerManagerServiceAccountCredentials } from './controller-manager-service-account-credentials';
import { etcdClientCertAuth } from './etcd-client-cert-auth';
import { etcdAutoTls } from './etcd-auto-tls';
import { etcdTls } from './etcd-tls';
import { kubeletAnonymousAuth } from './kubelet-anonymous-auth';
import { kubeletWebhookAuth } from './kubelet-webhook-auth';
import { kubeletClientCa } from './kubelet-client-ca';
import { kubeletReadOnlyPort } from './kubelet-read-only-port';
import { kubeletIptablesUtilChains } from './kubelet-iptables-util-chains';
import { kubeletRotateCertificates } from './kubelet-rotate-certificates';
import { kubeletServerTlsBootstrap } from './kubelet-server-tls-bootstrap';
import { kubeletProtectKernelDefaults } from './kubelet-protect-kernel-defaults';
import { kubeProxyMetricsBindAddress } from './kube-proxy-metrics-bind-address';
import { encryptionConfigSecretsNotEncrypted } from './encryption-config-secrets-not-encrypted';
import { encryptionConfigWeakProvider } from './encryption-config-weak-provider';
import { encryptionConfigInlineKeys } from './encryption-config-inline-keys';
import { auditPolicySensitiveResources } from './audit-policy-sensitive-resources';
import { auditPolicyCatchAll } from './audit-policy-catch-all';
import { podSecurityAdmissionDefaults } from './pod-security-admission-defaults';
import { podSecurityAdmissionExemptions } from './pod-security-admission-exemptions';
import { namespacePodSecurityEnforce } from './namespace-pod-security-enforce';
import { imageTagLatest } from './image-tag-latest';
import { imageNotPinned } from './image-not-pinned';
import { imagePullPolicyNotAlways } from './image-pull-policy-not-always';
import { cpuLimitsMissing } from './cpu-limits-missing';
import { memoryLimitsMissing } from './memory-limits-missing';
import { secretInEnv } from './secret-in-env';
import { secretAsEnvVar } from './secret-as-env-var';
import { secretInConfigmap } from './secret-in-configmap';
import { serviceExposed } from './service-exposed';
import { serviceExternalIps } from './service-external-ips';
import { ingressWithoutTls } from './ingress-without-tls';
import { missingNetworkPolicy } from './missing-network-policy';
import { sshPortExposed } from './ssh-port-exposed';
import { ingressNginxSnippetAnnotation } from './ingress-nginx-snippet-annotation';
import { serviceAccountTokenAutomount } from './service-account-token-automount';
import { defaultServiceAccount } from './default-service-account';
import { kubeSystemWorkload } from './kube-system-workload';
import { rbacWildcard } from './rbac-wildcard';
import { rbacSecretsAccess } from './rbac-secrets-access';
import { rbacCreateWorkloads } from './rbac-create-workloads';
import { rbacExecAttach } from './rbac-exec-attach';
import { rbacEscalateBind } from './rbac-escalate-bind';
import { rbacImpersonate } from './rbac-impersonate';
import { rbacNodesProxy } from './rbac-nodes-proxy';
import { rbacTokenCreate } from './rbac-token-create';
import { rbacClusterAdminBinding } from './rbac-cluster-admin-binding';
import { rbacDangerousSubject } from './rbac-dangerous-subject';
import { rbacEvidenceErasure } from './rbac-evidence-erasure';
import { cloudCredentialsHostPath } from './cloud-credentials-host-path';
import { unsafeSysctl } from './unsafe-sysctl';
import { windowsHostProcess } from './windows-host-process';
import { restrictedVolumeType } from './restricted-volume-type';
import { netRawNotDropped } from './net-raw-not-dropped';
import { runAsGroupRoot } from './run-as-group-root';
import { lowUserId } from './low-user-id';
import { apparmorUnconfined } from './apparmor-unconfined';
import { deprecatedApparmorAnnotation } from './deprecated-apparmor-annotation';
import { selinuxCustomOptions } from './selinux-custom-options';
import { unmaskedProcMount } from './unmasked-proc-mount';
import { hostPort } from './host-port';
import { probeHostOverride } from './probe-host-override';
import { sudoInCommand } from './sudo-in-command';
import { capabilitiesNotDropped } from './capabilities-not-dropped';
import { capabilityAdded } from './capability-added';
import { containerFieldInPodSecurityContext } from './container-field-in-pod-security-context';
import { containerRuntimeSocket } from './container-runtime-socket';
import { dangerousCapability } from './dangerous-capability';
import { deprecatedSeccompAnnotation } from './deprecated-seccomp-annotation';
import { hostIpc } from './host-ipc';
import { hostNetwork } from './host-network';
import { hostPathVolume } from './host-path-volume';
import { hostPid } from './host-pid';
import { privilegeEscalationAllowed } from './privilege-escalation-allowed';
import { privilegedContainer } from './privileged-container';
import { runAsNonRoot } from './run-as-non-root';
import { runAsUserRoot } from './run-as-user-root';
import { seccompProfileMissing } from './seccomp-profile-missing';
import { seccompUnconfined } from './seccomp-unconfined';
import { sensitiveHostPath } from './sensitive-host-path';
import { writableHostPathMount } from './writable-host-path-mount';
import { writableRootFilesystem } from './writable-root-filesystem';

/** The registry: every rule, in docs order. Adding a rule adds one line here. */
export const rules: readonly Rule[] = [
  // Pod-level isolation and volumes
  hostNetwork,
  hostPid,
  hostIpc,
  hostPathVolume,
  writableHostPathMount,
  sensitiveHostPath,
  containerRuntimeSocket,
  cloudCredentialsHostPath,
  unsafeSysctl,
  windowsHostProcess,
  restrictedVolumeType,
  // Container securityContext
  privilegedContainer,
  privilegeEscalationAllowed,
  capabilityAdded,
  dangerousCapability,
  netRawNotDropped,
  capabilitiesNotDropped,
  runAsNonRoot,
  runAsUserRoot,
  runAsGroupRoot,
  lowUserId,
  writableRootFilesystem,
  seccompProfileMissing,
  seccompUnconfined,
  deprecatedSeccompAnnotation,
  apparmorUnconfined,
  deprecatedApparmorAnnotation,
  selinuxCustomOptions,
  unmaskedProcMount,
  containerFieldInPodSecurityContext,
  hostPort,
  probeHostOverride,
  sudoInCommand,
  // Images and resources
  imageTagLatest,
  imageNotPinned,
  imagePullPolicyNotAlways,
  cpuLimitsMissing,
  memoryLimitsMissing,
  // Credentials in manifests
  secretInEnv,
  secretAsEnvVar,
  secretInConfigmap,
  // Service, Ingress, NetworkPolicy
  serviceExposed,
  serviceExternalIps,
  ingressWithoutTls,
  missingNetworkPolicy,
  sshPortExposed,
  ingressNginxSnippetAnnotation,
  // Pod identity
  serviceAccountTokenAutomount,
  defaultServiceAccount,
  kubeSystemWorkload,
  // RBAC
  rbacWildcard,
  rbacSecretsAccess,
  rbacCreateWorkloads,
  rbacExecAttach,
  rbacEscalateBind,
  rbacImpersonate,
  rbacNodesProxy,
  rbacTokenCreate,
  rbacClusterAdminBinding,
  rbacDangerousSubject,
  rbacEvidenceErasure,
  // The repository's own admission policies
  admissionPolicy,
  // Manifest hygiene with security impact
  duplicateKey,
  unknownField,
  invalidValue,
  // Suppressions
  unusedSuppression,
  suppressionWithoutReason,
  suppressionExpired,
  suppressionNotAllowed,
  // Cluster components (CIS Kubernetes Benchmark)
  apiserverAnonymousAuth,
  apiserverAuthorizationMode,
  apiserverAdmissionPlugins,
  apiserverAuditLog,
  apiserverEncryptionConfig,
  apiserverTls,
  apiserverKubeletCa,
  apiserverServiceAccountLookup,
  controlPlaneProfiling,
  controlPlaneBindAddress,
  controllerManagerServiceAccountCredentials,
  etcdClientCertAuth,
  etcdAutoTls,
  etcdTls,
  kubeletAnonymousAuth,
  kubeletWebhookAuth,
  kubeletClientCa,
  kubeletReadOnlyPort,
  kubeletIptablesUtilChains,
  kubeletRotateCertificates,
  kubeletServerTlsBootstrap,
  kubeletProtectKernelDefaults,
  kubeProxyMetricsBindAddress,
  encryptionConfigSecretsNotEncrypted,
  encryptionConfigWeakProvider,
  encryptionConfigInlineKeys,
  auditPolicySensitiveResources,
  auditPolicyCatchAll,
  podSecurityAdmissionDefaults,
  podSecurityAdmissionExemptions,
  namespacePodSecurityEnforce,
];
