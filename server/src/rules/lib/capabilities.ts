import { isSeq, type Scalar, type YAMLSeq } from 'yaml';
import type { Fix, Fixer } from '../../engine/fix';
import { seqStrings } from '../../engine/node';
import { containerField, type ContainerView } from '../../engine/workload';

/** Capabilities Pod Security Standards Baseline allows in `add` (`capabilities_allowed_1_0`). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Capabilities that alone give a path to the host or to other workloads (Kubescape's insecureCapabilities). */
export const CRITICAL_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL',
  'SYS_ADMIN',
  'SYS_MODULE',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_BOOT',
  'NET_ADMIN',
  'BPF',
  'PERFMON',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
]);

/**
 * The capability a container runtime grants for a name: containerd and CRI-O upper-case it and add the
 * `CAP_` prefix, so `sys_admin` and `CAP_SYS_ADMIN` are SYS_ADMIN at run time. Pod Security Admission
 * compares exact strings instead; `capability-added` keeps that exact comparison.
 */
export function runtimeCapability(name: string): string {
  const up = name.trim().toUpperCase();
  return up.startsWith('CAP_') ? up.slice(4) : up;
}

export function isCritical(name: string): boolean {
  return CRITICAL_CAPABILITIES.has(runtimeCapability(name));
}

export interface AddedCapability {
  value: string;
  node: Scalar;
  index: number;
  seq: YAMLSeq;
}

/** Items of `securityContext.capabilities.add` of a container. */
export function addedCapabilities(c: ContainerView): AddedCapability[] {
  const f = containerField(c, 'capabilities', 'add');
  const seq = f?.value;
  if (!isSeq(seq)) return [];
  return seqStrings(seq).map((x) => ({ ...x, seq }));
}

/** Fix that removes one added capability (and the `add` list, or more, when it becomes empty). */
export function removeCapabilityFix(fixer: Fixer, cap: AddedCapability): Fix | undefined {
  return fixer.fix(
    `Remove capability ${cap.value}`,
    'unsafe',
    fixer.removeSeqItemCascade(cap.seq, cap.index),
  );
}
