// SPDX-License-Identifier: MIT
// ATT&CK data: MITRE ATT&CK v18.1 Enterprise (2025-11-13), the techniques of the Containers platform. © The MITRE Corporation; see https://attack.mitre.org/resources/legal-and-branding/terms-of-use/
// Generated once from ../shared/conformance/attack/containers.json and checked against it by test/attack.test.ts.
import type { TacticId } from './attack';

export interface ContainersTechnique {
  readonly id: string;
  readonly name: string;
  /** In matrix order. */
  readonly tactics: readonly TacticId[];
}

/** Every technique and sub-technique ATT&CK lists on its Containers platform, by id. */
export const CONTAINERS_TECHNIQUES: readonly ContainersTechnique[] = [
  { id: 'T1036', name: 'Masquerading', tactics: ['TA0005'] },
  { id: 'T1036.005', name: 'Match Legitimate Resource Name or Location', tactics: ['TA0005'] },
  { id: 'T1036.010', name: 'Masquerade Account Name', tactics: ['TA0005'] },
  { id: 'T1046', name: 'Network Service Discovery', tactics: ['TA0007'] },
  { id: 'T1053', name: 'Scheduled Task/Job', tactics: ['TA0002', 'TA0003', 'TA0004'] },
  { id: 'T1053.007', name: 'Container Orchestration Job', tactics: ['TA0002', 'TA0003', 'TA0004'] },
  { id: 'T1059.013', name: 'Container CLI/API', tactics: ['TA0002'] },
  { id: 'T1068', name: 'Exploitation for Privilege Escalation', tactics: ['TA0004'] },
  { id: 'T1069', name: 'Permission Groups Discovery', tactics: ['TA0007'] },
  { id: 'T1070', name: 'Indicator Removal', tactics: ['TA0005'] },
  { id: 'T1078', name: 'Valid Accounts', tactics: ['TA0001', 'TA0003', 'TA0004', 'TA0005'] },
  { id: 'T1078.001', name: 'Default Accounts', tactics: ['TA0001', 'TA0003', 'TA0004', 'TA0005'] },
  { id: 'T1078.003', name: 'Local Accounts', tactics: ['TA0001', 'TA0003', 'TA0004', 'TA0005'] },
  { id: 'T1098', name: 'Account Manipulation', tactics: ['TA0003', 'TA0004'] },
  { id: 'T1098.006', name: 'Additional Container Cluster Roles', tactics: ['TA0003', 'TA0004'] },
  { id: 'T1110', name: 'Brute Force', tactics: ['TA0006'] },
  { id: 'T1110.001', name: 'Password Guessing', tactics: ['TA0006'] },
  { id: 'T1110.003', name: 'Password Spraying', tactics: ['TA0006'] },
  { id: 'T1110.004', name: 'Credential Stuffing', tactics: ['TA0006'] },
  { id: 'T1133', name: 'External Remote Services', tactics: ['TA0001', 'TA0003'] },
  { id: 'T1136', name: 'Create Account', tactics: ['TA0003'] },
  { id: 'T1136.001', name: 'Local Account', tactics: ['TA0003'] },
  { id: 'T1190', name: 'Exploit Public-Facing Application', tactics: ['TA0001'] },
  { id: 'T1204', name: 'User Execution', tactics: ['TA0002'] },
  { id: 'T1204.003', name: 'Malicious Image', tactics: ['TA0002'] },
  { id: 'T1485', name: 'Data Destruction', tactics: ['TA0040'] },
  { id: 'T1490', name: 'Inhibit System Recovery', tactics: ['TA0040'] },
  { id: 'T1496', name: 'Resource Hijacking', tactics: ['TA0040'] },
  { id: 'T1496.001', name: 'Compute Hijacking', tactics: ['TA0040'] },
  { id: 'T1496.002', name: 'Bandwidth Hijacking', tactics: ['TA0040'] },
  { id: 'T1498', name: 'Network Denial of Service', tactics: ['TA0040'] },
  { id: 'T1499', name: 'Endpoint Denial of Service', tactics: ['TA0040'] },
  { id: 'T1525', name: 'Implant Internal Image', tactics: ['TA0003'] },
  { id: 'T1528', name: 'Steal Application Access Token', tactics: ['TA0006'] },
  { id: 'T1543', name: 'Create or Modify System Process', tactics: ['TA0003', 'TA0004'] },
  { id: 'T1543.005', name: 'Container Service', tactics: ['TA0003', 'TA0004'] },
  { id: 'T1550', name: 'Use Alternate Authentication Material', tactics: ['TA0005', 'TA0008'] },
  { id: 'T1550.001', name: 'Application Access Token', tactics: ['TA0005', 'TA0008'] },
  { id: 'T1552', name: 'Unsecured Credentials', tactics: ['TA0006'] },
  { id: 'T1552.001', name: 'Credentials In Files', tactics: ['TA0006'] },
  { id: 'T1552.007', name: 'Container API', tactics: ['TA0006'] },
  { id: 'T1562', name: 'Impair Defenses', tactics: ['TA0005'] },
  { id: 'T1562.001', name: 'Disable or Modify Tools', tactics: ['TA0005'] },
  { id: 'T1609', name: 'Container Administration Command', tactics: ['TA0002'] },
  { id: 'T1610', name: 'Deploy Container', tactics: ['TA0002', 'TA0005'] },
  { id: 'T1611', name: 'Escape to Host', tactics: ['TA0004'] },
  { id: 'T1612', name: 'Build Image on Host', tactics: ['TA0005'] },
  { id: 'T1613', name: 'Container and Resource Discovery', tactics: ['TA0007'] },
];

/** Names of the parents of Containers sub-techniques whose parent is not on the Containers platform itself. */
export const OTHER_PARENTS: Readonly<Record<string, string>> = {
  T1059: 'Command and Scripting Interpreter',
};
