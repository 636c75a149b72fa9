// SPDX-License-Identifier: MIT
// ATT&CK data: MITRE ATT&CK v18.1 Enterprise (2025-11-13). © The MITRE Corporation; see https://attack.mitre.org/resources/legal-and-branding/terms-of-use/
// Generated once from ../shared/conformance/attack/enterprise.json and checked against it by test/attack.test.ts.

export const ATTACK_VERSION = '18.1';

/** Enterprise tactics, in matrix order. */
export const TACTICS = {
  TA0043: 'Reconnaissance',
  TA0042: 'Resource Development',
  TA0001: 'Initial Access',
  TA0002: 'Execution',
  TA0003: 'Persistence',
  TA0004: 'Privilege Escalation',
  TA0005: 'Defense Evasion',
  TA0006: 'Credential Access',
  TA0007: 'Discovery',
  TA0008: 'Lateral Movement',
  TA0009: 'Collection',
  TA0011: 'Command and Control',
  TA0010: 'Exfiltration',
  TA0040: 'Impact',
} as const;

export type TacticId = keyof typeof TACTICS;

export interface Technique {
  readonly name: string;
  readonly tactics: readonly TacticId[];
  /** Listed on ATT&CK's Containers platform. */
  readonly containers: boolean;
}

/** The techniques Kubeward's rules map to. */
export const TECHNIQUES = {
  T1005: { name: 'Data from Local System', tactics: ['TA0009'], containers: false },
  'T1021.004': { name: 'SSH', tactics: ['TA0008'], containers: false },
  'T1036.005': { name: 'Match Legitimate Resource Name or Location', tactics: ['TA0005'], containers: true },
  T1040: { name: 'Network Sniffing', tactics: ['TA0006', 'TA0007'], containers: false },
  T1046: { name: 'Network Service Discovery', tactics: ['TA0007'], containers: true },
  'T1053.007': {
    name: 'Container Orchestration Job',
    tactics: ['TA0002', 'TA0003', 'TA0004'],
    containers: true,
  },
  T1068: { name: 'Exploitation for Privilege Escalation', tactics: ['TA0004'], containers: true },
  T1070: { name: 'Indicator Removal', tactics: ['TA0005'], containers: true },
  T1078: { name: 'Valid Accounts', tactics: ['TA0001', 'TA0003', 'TA0004', 'TA0005'], containers: true },
  'T1078.001': {
    name: 'Default Accounts',
    tactics: ['TA0001', 'TA0003', 'TA0004', 'TA0005'],
    containers: true,
  },
  'T1098.006': {
    name: 'Additional Container Cluster Roles',
    tactics: ['TA0003', 'TA0004'],
    containers: true,
  },
  T1133: { name: 'External Remote Services', tactics: ['TA0001', 'TA0003'], containers: true },
  T1190: { name: 'Exploit Public-Facing Application', tactics: ['TA0001'], containers: true },
  'T1204.003': { name: 'Malicious Image', tactics: ['TA0002'], containers: true },
  T1210: { name: 'Exploitation of Remote Services', tactics: ['TA0008'], containers: false },
  'T1496.001': { name: 'Compute Hijacking', tactics: ['TA0040'], containers: true },
  T1499: { name: 'Endpoint Denial of Service', tactics: ['TA0040'], containers: true },
  T1525: { name: 'Implant Internal Image', tactics: ['TA0003'], containers: true },
  T1528: { name: 'Steal Application Access Token', tactics: ['TA0006'], containers: true },
  'T1543.005': { name: 'Container Service', tactics: ['TA0003', 'TA0004'], containers: true },
  'T1548.001': { name: 'Setuid and Setgid', tactics: ['TA0004', 'TA0005'], containers: false },
  'T1548.003': { name: 'Sudo and Sudo Caching', tactics: ['TA0004', 'TA0005'], containers: false },
  'T1550.001': { name: 'Application Access Token', tactics: ['TA0005', 'TA0008'], containers: true },
  T1552: { name: 'Unsecured Credentials', tactics: ['TA0006'], containers: true },
  'T1552.001': { name: 'Credentials In Files', tactics: ['TA0006'], containers: true },
  'T1552.004': { name: 'Private Keys', tactics: ['TA0006'], containers: false },
  'T1552.007': { name: 'Container API', tactics: ['TA0006'], containers: true },
  T1556: {
    name: 'Modify Authentication Process',
    tactics: ['TA0003', 'TA0005', 'TA0006'],
    containers: false,
  },
  T1557: { name: 'Adversary-in-the-Middle', tactics: ['TA0006', 'TA0009'], containers: false },
  'T1557.002': { name: 'ARP Cache Poisoning', tactics: ['TA0006', 'TA0009'], containers: false },
  T1562: { name: 'Impair Defenses', tactics: ['TA0005'], containers: true },
  'T1562.001': { name: 'Disable or Modify Tools', tactics: ['TA0005'], containers: true },
  T1609: { name: 'Container Administration Command', tactics: ['TA0002'], containers: true },
  T1610: { name: 'Deploy Container', tactics: ['TA0002', 'TA0005'], containers: true },
  T1611: { name: 'Escape to Host', tactics: ['TA0004'], containers: true },
  T1613: { name: 'Container and Resource Discovery', tactics: ['TA0007'], containers: true },
  T1649: { name: 'Steal or Forge Authentication Certificates', tactics: ['TA0006'], containers: false },
} as const satisfies Record<string, Technique>;

export type TechniqueId = keyof typeof TECHNIQUES;

/** `https://attack.mitre.org/techniques/T1036/005` for `T1036.005`. */
export function techniqueUrl(id: TechniqueId): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}`;
}

export function tacticUrl(id: TacticId): string {
  return `https://attack.mitre.org/tactics/${id}`;
}

export function technique(id: TechniqueId): Technique {
  return TECHNIQUES[id];
}
