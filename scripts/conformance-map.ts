// Which of our rules answer each peer check, and why we disagree where we do.
import type { Finding } from '../server/src/engine/run';

export interface PeerCheck {
  rules: readonly string[];
  /** Only findings that pass this filter count (e.g. kubesec counts only critical findings). */
  when?: (f: Finding) => boolean;
  /** Compare per object (kube-linter's objects[]); default true when the entry has objects. */
  perObject?: boolean;
}

const errorOnly = (f: Finding): boolean => f.severity === 'error';

export const PEER_CHECKS: Record<string, Record<string, PeerCheck>> = {
  'kube-linter': {
    'access-to-create-pods': { rules: ['rbac-create-workloads'] },
    'access-to-secrets': { rules: ['rbac-secrets-access'] },
    'cluster-admin-role-binding': { rules: ['rbac-cluster-admin-binding'] },
    'default-service-account': { rules: ['default-service-account'] },
    'docker-sock': { rules: ['container-runtime-socket'] },
    'drop-net-raw-capability': { rules: ['net-raw-not-dropped', 'capability-added'] },
    'env-var-secret': { rules: ['secret-in-env'] },
    'host-ipc': { rules: ['host-ipc'] },
    'host-network': { rules: ['host-network'] },
    'host-pid': { rules: ['host-pid'] },
    'no-read-only-root-fs': { rules: ['writable-root-filesystem'] },
    'non-isolated-pod': { rules: ['missing-network-policy'] },
    'privilege-escalation-container': {
      rules: ['privilege-escalation-allowed', 'privileged-container', 'dangerous-capability'],
      when: errorOnly,
    },
    'privileged-container': { rules: ['privileged-container'] },
    'read-secret-from-env-var': { rules: ['secret-as-env-var'] },
    'run-as-non-root': { rules: ['run-as-non-root', 'run-as-user-root'] },
    'sensitive-host-mounts': { rules: ['sensitive-host-path', 'container-runtime-socket'] },
    'ssh-port': { rules: ['ssh-port-exposed'] },
    'unsafe-proc-mount': { rules: ['unmasked-proc-mount'] },
    'unsafe-sysctls': { rules: ['unsafe-sysctl'] },
    'wildcard-in-rules': { rules: ['rbac-wildcard'] },
    'writable-host-mount': { rules: ['writable-host-path-mount'] },
  },
  kubesec: {
    CapSysAdmin: { rules: ['dangerous-capability'], when: errorOnly },
    Privileged: { rules: ['privileged-container'] },
    'Privileged+AllowPrivilegeEscalation': {
      rules: ['privileged-container', 'privilege-escalation-allowed'],
      when: errorOnly,
    },
    HostNetwork: { rules: ['host-network'] },
    HostPID: { rules: ['host-pid'] },
    DockerSock: { rules: ['container-runtime-socket'] },
    SeccompUnconfined: { rules: ['seccomp-unconfined'] },
    ApparmorUnconfined: { rules: ['apparmor-unconfined'], when: errorOnly },
    AllowPrivilegeEscalation: { rules: ['privilege-escalation-allowed'], when: errorOnly },
  },
  polaris: {
    automountServiceAccountToken: { rules: ['service-account-token-automount'] },
    hostIPCSet: { rules: ['host-ipc'] },
    hostNetworkSet: { rules: ['host-network'] },
    hostPIDSet: { rules: ['host-pid'] },
    hostPathSet: { rules: ['host-path-volume'] },
    hostPortSet: { rules: ['host-port'] },
    hostProcess: { rules: ['windows-host-process'] },
    dangerousCapabilities: { rules: ['dangerous-capability'] },
    insecureCapabilities: { rules: ['capabilities-not-dropped', 'net-raw-not-dropped', 'capability-added'] },
    notReadOnlyRootFilesystem: { rules: ['writable-root-filesystem'] },
    privilegeEscalationAllowed: { rules: ['privilege-escalation-allowed'] },
    procMount: { rules: ['unmasked-proc-mount'] },
    runAsPrivileged: { rules: ['privileged-container'] },
    runAsRootAllowed: { rules: ['run-as-non-root', 'run-as-user-root'] },
    sensitiveConfigmapContent: { rules: ['secret-in-configmap'] },
    sensitiveContainerEnvVar: { rules: ['secret-in-env'] },
    missingNetworkPolicy: { rules: ['missing-network-policy'] },
    tlsSettingsMissing: { rules: ['ingress-without-tls'] },
    clusterrolePodExecAttach: { rules: ['rbac-exec-attach'] },
    rolePodExecAttach: { rules: ['rbac-exec-attach'] },
    clusterrolebindingPodExecAttach: { rules: ['rbac-exec-attach'] },
    rolebindingClusterRolePodExecAttach: { rules: ['rbac-exec-attach'] },
    rolebindingRolePodExecAttach: { rules: ['rbac-exec-attach'] },
    clusterrolebindingClusterAdmin: { rules: ['rbac-cluster-admin-binding'] },
    rolebindingClusterAdminClusterRole: { rules: ['rbac-cluster-admin-binding'] },
    rolebindingClusterAdminRole: { rules: ['rbac-cluster-admin-binding'] },
  },
  'kube-score': {
    'Container Seccomp Profile': { rules: ['seccomp-profile-missing', 'seccomp-unconfined'] },
    'Container Security Context Privileged': { rules: ['privileged-container'] },
    'Container Security Context ReadOnlyRootFilesystem': { rules: ['writable-root-filesystem'] },
    'Container Security Context User Group ID': {
      rules: ['low-user-id', 'run-as-user-root', 'run-as-group-root'],
    },
  },
};

/** `source:file[#Kind/name]` → why Kubeward's verdict differs from the peer's. */
export const REASONS: Record<string, string> = {};
