import type { TechniqueId } from '../../attack';
import type { Rule } from '../../engine/rule';
import { apparmorUnconfined } from '../apparmor-unconfined';
import { capabilitiesNotDropped } from '../capabilities-not-dropped';
import { capabilityAdded } from '../capability-added';
import { cpuLimitsMissing } from '../cpu-limits-missing';
import { dangerousCapability } from '../dangerous-capability';
import { defaultServiceAccount } from '../default-service-account';
import { hostIpc } from '../host-ipc';
import { hostNetwork } from '../host-network';
import { hostPathVolume } from '../host-path-volume';
import { hostPid } from '../host-pid';
import { hostPort } from '../host-port';
import { imagePullPolicyNotAlways } from '../image-pull-policy-not-always';
import { ingressWithoutTls } from '../ingress-without-tls';
import { lowUserId } from '../low-user-id';
import { memoryLimitsMissing } from '../memory-limits-missing';
import { netRawNotDropped } from '../net-raw-not-dropped';
import { privilegeEscalationAllowed } from '../privilege-escalation-allowed';
import { privilegedContainer } from '../privileged-container';
import { rbacWildcard } from '../rbac-wildcard';
import { runAsGroupRoot } from '../run-as-group-root';
import { runAsNonRoot } from '../run-as-non-root';
import { runAsUserRoot } from '../run-as-user-root';
import { seccompProfileMissing } from '../seccomp-profile-missing';
import { seccompUnconfined } from '../seccomp-unconfined';
import { selinuxCustomOptions } from '../selinux-custom-options';
import { serviceAccountTokenAutomount } from '../service-account-token-automount';
import { serviceExternalIps } from '../service-external-ips';
import { unmaskedProcMount } from '../unmasked-proc-mount';
import { unsafeSysctl } from '../unsafe-sysctl';
import { windowsHostProcess } from '../windows-host-process';
import { writableHostPathMount } from '../writable-host-path-mount';
import { writableRootFilesystem } from '../writable-root-filesystem';

const USER = [runAsUserRoot, lowUserId];
const SECCOMP = [seccompProfileMissing, seccompUnconfined];
const CAPS = [capabilitiesNotDropped, capabilityAdded, dangerousCapability, netRawNotDropped];

/** Fields set in both the pod's and the container's securityContext. */
const SHARED_SC: Readonly<Record<string, readonly Rule[]>> = {
  runAsNonRoot: [runAsNonRoot],
  runAsUser: USER,
  runAsGroup: [runAsGroupRoot],
  seccompProfile: SECCOMP,
  appArmorProfile: [apparmorUnconfined],
  seLinuxOptions: [selinuxCustomOptions],
  windowsOptions: [windowsHostProcess],
};

function prefixed(
  type: string,
  fields: Readonly<Record<string, readonly Rule[]>>,
): [string, readonly Rule[]][] {
  return Object.entries(fields).map(([f, rules]) => [`${type}.${f}`, rules]);
}

/**
 * The security fields the catalog's rules read, as `SchemaType.field` (the OpenAPI type names of
 * the field table), with the rules that read them. A misspelled or misplaced one is an error of
 * `unknown-field`, with those rules' ATT&CK techniques: the protection the author meant is not set.
 */
export const SECURITY_FIELDS: ReadonlyMap<string, readonly Rule[]> = new Map([
  ...prefixed('SecurityContext', {
    ...SHARED_SC,
    privileged: [privilegedContainer],
    allowPrivilegeEscalation: [privilegeEscalationAllowed],
    readOnlyRootFilesystem: [writableRootFilesystem],
    capabilities: CAPS,
    procMount: [unmaskedProcMount],
  }),
  ...prefixed('PodSecurityContext', { ...SHARED_SC, sysctls: [unsafeSysctl] }),
  ...prefixed('Capabilities', { add: [capabilityAdded, dangerousCapability], drop: CAPS }),
  ...prefixed('SeccompProfile', { type: SECCOMP }),
  ...prefixed('AppArmorProfile', { type: [apparmorUnconfined] }),
  ...prefixed('WindowsSecurityContextOptions', { hostProcess: [windowsHostProcess] }),
  ...prefixed('PodSpec', {
    securityContext: [runAsNonRoot, ...SECCOMP],
    hostNetwork: [hostNetwork],
    hostPID: [hostPid],
    hostIPC: [hostIpc],
    automountServiceAccountToken: [serviceAccountTokenAutomount],
    serviceAccountName: [defaultServiceAccount],
  }),
  ...['Container', 'EphemeralContainer'].flatMap((t) =>
    prefixed(t, {
      securityContext: [privilegeEscalationAllowed, writableRootFilesystem, capabilitiesNotDropped],
      imagePullPolicy: [imagePullPolicyNotAlways],
      resources: [cpuLimitsMissing, memoryLimitsMissing],
    }),
  ),
  ...prefixed('ContainerPort', { hostPort: [hostPort] }),
  ...prefixed('Volume', { hostPath: [hostPathVolume] }),
  ...prefixed('VolumeMount', { readOnly: [writableHostPathMount] }),
  ...prefixed('ServiceSpec', { externalIPs: [serviceExternalIps] }),
  ...prefixed('IngressSpec', { tls: [ingressWithoutTls] }),
  ...prefixed('PolicyRule', { verbs: [rbacWildcard], resources: [rbacWildcard], apiGroups: [rbacWildcard] }),
]);

/** The ATT&CK techniques of the rules that read `type.field`, in rule order, or undefined when none does. */
export function securityTechniques(type: string, field: string): TechniqueId[] | undefined {
  const rules = SECURITY_FIELDS.get(`${type}.${field}`);
  if (!rules) return undefined;
  const out: TechniqueId[] = [];
  for (const r of rules) for (const t of r.attack) if (!out.includes(t)) out.push(t);
  return out;
}
