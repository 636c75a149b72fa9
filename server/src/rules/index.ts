import type { Rule } from '../engine/rule';
import { cloudCredentialsHostPath } from './cloud-credentials-host-path';
import { unsafeSysctl } from './unsafe-sysctl';
import { windowsHostProcess } from './windows-host-process';
import { restrictedVolumeType } from './restricted-volume-type';
import { netRawNotDropped } from './net-raw-not-dropped';
import { runAsGroupRoot } from './run-as-group-root';
import { lowUserId } from './low-user-id';
import { apparmorUnconfined } from './apparmor-unconfined';
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
  selinuxCustomOptions,
  unmaskedProcMount,
  containerFieldInPodSecurityContext,
  hostPort,
  probeHostOverride,
  sudoInCommand,
];
