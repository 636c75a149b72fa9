// The findings store and the Explorer tree's grouping (client/src/findings/), without VS Code: by
// resource (Namespace → kind/name → rule), by ATT&CK (tactic → technique) and by rule, with counts.
import { describe, expect, it } from 'vitest';
import { FindingsStore, type DiagnosticLike } from '../../client/src/findings/store';
import { groupFindings, type TreeNode } from '../../client/src/findings/tree';

function diag(
  line: number,
  ruleId: string,
  attack: string[],
  resource?: { kind: string; name: string; namespace?: string },
  severity: DiagnosticLike['severity'] = 'error',
): DiagnosticLike {
  return {
    range: { start: { line, character: 8 }, end: { line, character: 24 } },
    severity,
    message: `${ruleId} message`,
    data: { ruleId, attack, fixable: true, key: `k${line}`, ...(resource ? { resource } : {}) },
  };
}

function shop(): FindingsStore {
  const store = new FindingsStore();
  store.set('file:///ws/web.yaml', 'web.yaml', [
    diag(10, 'privileged-container', ['T1611'], { kind: 'Deployment', name: 'web', namespace: 'shop' }),
    diag(12, 'host-pid', ['T1611', 'T1068'], { kind: 'Deployment', name: 'web', namespace: 'shop' }),
    diag(30, 'privileged-container', ['T1611'], { kind: 'DaemonSet', name: 'agent', namespace: 'shop' }),
    // A YAML syntax error has no data: not a finding.
    {
      range: { start: { line: 40, character: 0 }, end: { line: 40, character: 1 } },
      severity: 'error',
      message: 'YAML syntax error',
    },
  ]);
  store.set('file:///ws/job.yaml', 'job.yaml', [
    diag(5, 'privileged-container', ['T1611', 'T1053.007'], { kind: 'CronJob', name: 'nightly' }, 'warning'),
    diag(2, 'unused-suppression', [], undefined, 'info'),
  ]);
  return store;
}

/** `label (count)` lines, indented by depth: the tree as a person reads it. */
function outline(nodes: TreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.label} (${n.count})`,
    ...(n.finding ? [] : outline(n.children, depth + 1)),
  ]);
}

describe('FindingsStore', () => {
  it('keeps only diagnostics with Kubeward data, replaces a file at each publish and clears', () => {
    const store = shop();
    expect(store.all().map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId}`)).toEqual([
      'job.yaml:3 unused-suppression',
      'job.yaml:6 privileged-container',
      'web.yaml:11 privileged-container',
      'web.yaml:13 host-pid',
      'web.yaml:31 privileged-container',
    ]);
    const old = store.all()[0]!.id;
    expect(store.get(old)?.ruleId).toBe('unused-suppression');
    store.set('file:///ws/job.yaml', 'job.yaml', []);
    expect(store.all()).toHaveLength(3);
    expect(store.get(old)).toBeUndefined();
    let changes = 0;
    store.onChange(() => changes++);
    store.clear();
    expect(store.all()).toEqual([]);
    expect(changes).toBe(1);
  });
});

describe('groupFindings', () => {
  it('by resource: Namespace → kind/name → rule → finding', () => {
    expect(outline(groupFindings(shop().all(), 'resource'))).toEqual([
      '(namespace not set) (2)',
      '  (no resource) (1)',
      '    unused-suppression (1)',
      '      job.yaml:3 (1)',
      '  CronJob/nightly (1)',
      '    privileged-container (1)',
      '      job.yaml:6 (1)',
      'shop (3)',
      '  DaemonSet/agent (1)',
      '    privileged-container (1)',
      '      web.yaml:31 (1)',
      '  Deployment/web (2)',
      '    host-pid (1)',
      '      web.yaml:13 (1)',
      '    privileged-container (1)',
      '      web.yaml:11 (1)',
    ]);
  });

  it('by ATT&CK: tactic → technique, a finding under each of its techniques, once per tactic', () => {
    expect(outline(groupFindings(shop().all(), 'attack'))).toEqual([
      'TA0002 Execution (1)',
      '  T1053.007 Container Orchestration Job (1)',
      '    job.yaml:6 (1)',
      'TA0003 Persistence (1)',
      '  T1053.007 Container Orchestration Job (1)',
      '    job.yaml:6 (1)',
      // host-pid maps to T1611 and T1068, both Privilege Escalation: the tactic counts it once.
      'TA0004 Privilege Escalation (4)',
      '  T1053.007 Container Orchestration Job (1)',
      '    job.yaml:6 (1)',
      '  T1068 Exploitation for Privilege Escalation (1)',
      '    web.yaml:13 (1)',
      '  T1611 Escape to Host (4)',
      '    job.yaml:6 (1)',
      '    web.yaml:11 (1)',
      '    web.yaml:13 (1)',
      '    web.yaml:31 (1)',
      'No ATT&CK technique (1)',
      '  job.yaml:3 (1)',
    ]);
  });

  it('by rule', () => {
    expect(outline(groupFindings(shop().all(), 'rule'))).toEqual([
      'host-pid (1)',
      '  web.yaml:13 (1)',
      'privileged-container (3)',
      '  job.yaml:6 (1)',
      '  web.yaml:11 (1)',
      '  web.yaml:31 (1)',
      'unused-suppression (1)',
      '  job.yaml:3 (1)',
    ]);
  });

  it('gives each node a key of its own and each leaf its finding', () => {
    for (const mode of ['resource', 'attack', 'rule'] as const) {
      const keys: string[] = [];
      const walk = (ns: TreeNode[]): void => {
        for (const n of ns) {
          keys.push(n.key);
          if (n.children.length === 0) expect(n.finding, n.key).toBeDefined();
          walk(n.children);
        }
      };
      walk(groupFindings(shop().all(), mode));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
