// Which of our rules answer each peer check, and why we disagree where we do.
import type { Finding } from '../server/src/engine/run';
import { WORKLOAD_KINDS } from '../server/src/engine/workload';

export interface PeerCheck {
  rules: readonly string[];
  /** Only findings that pass this filter count (e.g. kubesec counts only critical findings). */
  when?: (f: Finding) => boolean;
  /** Compare per object (kube-linter's objects[]); default true when the entry has objects. */
  perObject?: boolean;
  /** Only findings on objects of these kinds count (the peer check judges only those kinds). */
  kinds?: readonly string[];
}

const BINDINGS = ['RoleBinding', 'ClusterRoleBinding'];
/** Polaris' PodSpec-target checks judge workloads, not the ServiceAccount objects beside them. */
const WORKLOADS = Object.keys(WORKLOAD_KINDS);

const errorOnly = (f: Finding): boolean => f.severity === 'error';

export const PEER_CHECKS: Record<string, Record<string, PeerCheck>> = {
  'kube-linter': {
    'access-to-create-pods': { rules: ['rbac-create-workloads'], kinds: BINDINGS },
    'access-to-secrets': { rules: ['rbac-secrets-access'], kinds: BINDINGS },
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
    automountServiceAccountToken: { rules: ['service-account-token-automount'], kinds: WORKLOADS },
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
    clusterrolePodExecAttach: { rules: ['rbac-exec-attach'], kinds: ['ClusterRole'] },
    rolePodExecAttach: { rules: ['rbac-exec-attach'], kinds: ['Role'] },
    clusterrolebindingPodExecAttach: { rules: ['rbac-exec-attach'], kinds: ['ClusterRoleBinding'] },
    rolebindingClusterRolePodExecAttach: { rules: ['rbac-exec-attach'], kinds: ['RoleBinding'] },
    rolebindingRolePodExecAttach: { rules: ['rbac-exec-attach'], kinds: ['RoleBinding'] },
    clusterrolebindingClusterAdmin: { rules: ['rbac-cluster-admin-binding'], kinds: ['ClusterRoleBinding'] },
    rolebindingClusterAdminClusterRole: { rules: ['rbac-cluster-admin-binding'], kinds: ['RoleBinding'] },
    rolebindingClusterAdminRole: { rules: ['rbac-cluster-admin-binding'], kinds: ['RoleBinding'] },
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
export const REASONS: Record<string, string> = {
  'kube-linter:tests/checks/drop-net-raw-capability.yml#Deployment/dont-fire':
    "kube-linter only evaluates containers that have a `capabilities` block (catalog §6.4). This container has none, so it keeps the runtime's default NET_RAW; Pod Security Standards Restricted fails it too.",
  'kube-linter:tests/checks/drop-net-raw-capability.yml#DeploymentConfig/dont-fire':
    'Same as the Deployment: no `capabilities` block means NET_RAW is not dropped (catalog §6.4).',
  'polaris:test/checks/clusterrolePodExecAttach/success.defaultclusterrole_admin.yaml':
    'Polaris exempts the user-facing default roles by name (`admin`, `cluster-admin`). Kubernetes marks its defaults with the label `kubernetes.io/bootstrapping: rbac-defaults` (or the `system:` prefix), which Kubeward honours; this fixture has neither, so it is treated like any ClusterRole a repository defines.',
  'polaris:test/checks/clusterrolePodExecAttach/success.defaultclusterrole_clusteradmin.yaml':
    'Polaris exempts the user-facing default roles by name (`admin`, `cluster-admin`). Kubernetes marks its defaults with the label `kubernetes.io/bootstrapping: rbac-defaults` (or the `system:` prefix), which Kubeward honours; this fixture has neither, so it is treated like any ClusterRole a repository defines.',
  'polaris:test/checks/clusterrolebindingPodExecAttach/success.defaultclusterrolebinding_clusteradmin.yaml':
    'Polaris exempts the user-facing default roles by name (`admin`, `cluster-admin`). Kubernetes marks its defaults with the label `kubernetes.io/bootstrapping: rbac-defaults` (or the `system:` prefix), which Kubeward honours; this fixture has neither, so it is treated like any ClusterRole a repository defines.',
  'polaris:test/checks/clusterrolePodExecAttach/success.gce_calico_clusterrole.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/clusterrolebindingClusterAdmin/success.gce_calico_binding.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/clusterrolebindingPodExecAttach/success.gce_calico_binding.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/rolePodExecAttach/success.gce_calico_binding.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/rolebindingClusterAdminClusterRole/success.gce_calico_binding.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/rolebindingClusterAdminRole/success.gce_calico_binding.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/rolebindingClusterRolePodExecAttach/success.gce_calico_binding.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/rolebindingRolePodExecAttach/success.gce_calico_binding.yaml':
    "Polaris exempts GKE's own objects by name (`gce:` prefix, a Polaris default config list). A name is not a trust boundary and Kubernetes gives `gce:` no meaning, so Kubeward reports what the object grants; add a config-file exception for vendor-managed objects.",
  'polaris:test/checks/clusterrolebindingPodExecAttach/failure.binding_points_to_missing_ref.yaml':
    'The binding references a role that is in no file of the workspace. Polaris assumes the worst; Kubeward reports only what it can see a role grant (the role may be a cluster default or live in another repository).',
  'polaris:test/checks/rolebindingClusterRolePodExecAttach/failure.binding_points_to_missing_ref.yaml':
    'The binding references a role that is in no file of the workspace. Polaris assumes the worst; Kubeward reports only what it can see a role grant (the role may be a cluster default or live in another repository).',
  'polaris:test/checks/rolebindingRolePodExecAttach/failure.binding_points_to_missing_ref.yaml':
    'The binding references a role that is in no file of the workspace. Polaris assumes the worst; Kubeward reports only what it can see a role grant (the role may be a cluster default or live in another repository).',
  'polaris:test/checks/insecureCapabilities/success.all.yaml':
    'Polaris accepts dropping each default capability by name. The Pod Security Standards Restricted level requires the literal `ALL` in `capabilities.drop` (check_capabilities_restricted.go), which Kubeward follows; capabilities added later by the runtime are also dropped only by `ALL`.',
  'polaris:test/checks/insecureCapabilities/success.case.yaml':
    'Polaris accepts dropping each default capability by name. The Pod Security Standards Restricted level requires the literal `ALL` in `capabilities.drop` (check_capabilities_restricted.go), which Kubeward follows; capabilities added later by the runtime are also dropped only by `ALL`.',
  'polaris:test/checks/insecureCapabilities/success.pod.yaml':
    'Polaris accepts dropping each default capability by name. The Pod Security Standards Restricted level requires the literal `ALL` in `capabilities.drop` (check_capabilities_restricted.go), which Kubeward follows; capabilities added later by the runtime are also dropped only by `ALL`.',
  'polaris:test/checks/insecureCapabilities/success.yaml':
    'Polaris accepts dropping each default capability by name. The Pod Security Standards Restricted level requires the literal `ALL` in `capabilities.drop` (check_capabilities_restricted.go), which Kubeward follows; capabilities added later by the runtime are also dropped only by `ALL`.',
  'polaris:test/checks/missingNetworkPolicy/failure.netpol_missing_egress_in_policytypes.yaml':
    "The policy isolates one direction only (policyTypes lacks Egress/Ingress). Polaris requires both; Kubeward, like kube-linter's non-isolated-pod, reports a workload that no NetworkPolicy selects at all (a documented choice in missing-network-policy's notes). kube-linter's own fixtures expect one-direction policies to count.",
  'polaris:test/checks/missingNetworkPolicy/failure.netpol_missing_ingress_in_policytypes.yaml':
    "The policy isolates one direction only (policyTypes lacks Egress/Ingress). Polaris requires both; Kubeward, like kube-linter's non-isolated-pod, reports a workload that no NetworkPolicy selects at all (a documented choice in missing-network-policy's notes). kube-linter's own fixtures expect one-direction policies to count.",
  'polaris:test/checks/missingNetworkPolicy/failure.netpol_missing_egress_rules.yaml':
    'Kubernetes semantics: a policy listing Egress (or Ingress) in policyTypes with no rules for it denies all of that traffic, so the pod is isolated. Polaris asks for rules to be written; Kubeward follows the NetworkPolicy API.',
  'polaris:test/checks/missingNetworkPolicy/failure.netpol_missing_ingress_rules.yaml':
    'Kubernetes semantics: a policy listing Egress (or Ingress) in policyTypes with no rules for it denies all of that traffic, so the pod is isolated. Polaris asks for rules to be written; Kubeward follows the NetworkPolicy API.',
  'polaris:test/checks/rolebindingRolePodExecAttach/success.role_binding_cluster_role_binding.yaml':
    'Polaris splits the check by roleRef kind: this RoleBinding references a ClusterRole, which its `rolebindingRolePodExecAttach` check ignores (another Polaris check covers it). Kubeward has one rule for any binding, and the bound ClusterRole grants exec (`*` on `*`).',
  'kube-score:score/testdata/pod-seccomp-annotated.yaml':
    'kube-score accepts the seccomp annotation, which Kubernetes ignores since 1.27 (catalog §5 item 3, §6.3); the pod runs Unconfined.',
  'kube-score:score/testdata/pod-seccomp-annotated-annotation-optional.yaml':
    'Same dead annotation (`seccomp.security.alpha.kubernetes.io/defaultProfileName`), which Kubernetes ignores on Pods.',
  'kube-score:score/testdata/pod-security-context-nosecuritycontext.yaml':
    "kube-score requires runAsUser/runAsGroup above 10000 to be set; Kubeward's ID rules judge IDs that are set (unset is what runAsNonRoot, reported by run-as-non-root, is about). A different policy choice, not a missed finding.",
};
