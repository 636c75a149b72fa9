// The scan pipeline in process: sources are read, indexed, then read again and checked in order;
// cross-file rules see every source; a cancelled scan stops; an unreadable source is a ReadError.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/run';
import { WorkspaceIndex } from '../../server/src/engine/workspace-index';
import { checkUnit } from '../../server/src/pipeline/check';
import { ReadError, Scan, type SourceResult } from '../../server/src/pipeline/scan';
import type { Source } from '../../server/src/pipeline/source';
import { Project } from '../../server/src/project';
import { rules } from '../../server/src/rules/index';
import { tempTree } from '../support/files';
import { PRIVILEGED_POD } from '../support/manifests';

const NETPOL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all, namespace: default}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`;

function setup(files: Record<string, string>) {
  const engine = new Engine(rules, { cache: false });
  const index = new WorkspaceIndex();
  const project = new Project(['/nowhere'], new Set(rules.map((r) => r.id)));
  const reads: string[] = [];
  const sources: Source[] = Object.keys(files).map((path) => ({ kind: 'file', path }));
  const scan = (opts: Partial<ConstructorParameters<typeof Scan>[2]> = {}) =>
    new Scan({ engine, index, project }, sources, {
      read: (s) => {
        reads.push(s.path);
        const t = files[s.path];
        if (t === undefined) throw new Error('ENOENT');
        return t;
      },
      settingsOf: () => ({ profile: 'all' }),
      ...opts,
    });
  return { engine, index, project, sources, reads, scan };
}

describe('scan pipeline', () => {
  it('indexes every source, then checks each in order with the whole index', async () => {
    const { scan, reads } = setup({ '/nowhere/pod.yaml': PRIVILEGED_POD, '/nowhere/netpol.yaml': NETPOL });
    const s = scan();
    expect(await s.index()).toBe(true);
    const got: SourceResult[] = [];
    expect(await s.check((r) => got.push(r))).toBe(true);
    // Read twice each (index, then check): texts are not kept between the passes.
    expect(reads).toEqual([
      '/nowhere/pod.yaml',
      '/nowhere/netpol.yaml',
      '/nowhere/pod.yaml',
      '/nowhere/netpol.yaml',
    ]);
    expect(got.map((r) => [r.n, r.source.path])).toEqual([
      [0, '/nowhere/pod.yaml'],
      [1, '/nowhere/netpol.yaml'],
    ]);
    const ids = got[0]?.units[0]?.result?.findings.map((f) => f.ruleId) ?? [];
    expect(ids).toContain('privileged-container');
    // The NetworkPolicy of the other file selects the pod: the cross-file rule is silent.
    expect(ids).not.toContain('missing-network-policy');
  });

  it('checks only the sources asked for, and stops when cancelled', async () => {
    const { scan } = setup({ '/nowhere/a.yaml': PRIVILEGED_POD, '/nowhere/b.yaml': PRIVILEGED_POD });
    const seen: number[] = [];
    await scan().check(
      (r) => seen.push(r.n),
      (n) => n === 1,
    );
    expect(seen).toEqual([1]);
    let calls = 0;
    const cancelled = scan({ cancelled: () => calls++ > 0 });
    expect(await cancelled.check(() => undefined)).toBe(false);
    expect(await cancelled.index()).toBe(false);
  });

  it('a source that cannot be read is a ReadError naming it', async () => {
    const { scan } = setup({ '/nowhere/a.yaml': PRIVILEGED_POD });
    const s = new Scan(
      { engine: new Engine(rules), index: new WorkspaceIndex(), project: new Project([], new Set()) },
      [{ kind: 'file', path: '/nowhere/missing.yaml' }],
      {
        read: () => {
          throw new Error('ENOENT: no such file');
        },
        settingsOf: () => ({}),
      },
    );
    await expect(s.index()).rejects.toBeInstanceOf(ReadError);
    await expect(s.index()).rejects.toMatchObject({
      message: 'ENOENT: no such file',
      source: { path: '/nowhere/missing.yaml' },
    });
    expect(await scan().index()).toBe(true);
  });

  it('checkUnit plans a unit with its project config: a chart template is skipped, a file checked', () => {
    const root = tempTree('kubeward-check-', {
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/pod.yaml': PRIVILEGED_POD,
      'plain/pod.yaml': PRIVILEGED_POD,
      'plain/.kubeward.yaml': 'rules:\n  privileged-container: off\n',
      'other/pod.yaml': PRIVILEGED_POD,
    });
    try {
      const engine = new Engine(rules, { cache: false });
      const ctx = {
        engine,
        index: new WorkspaceIndex(),
        project: new Project([root], new Set(rules.map((r) => r.id))),
      };
      const unit = (rel: string) => ({ path: join(root, rel), key: rel, text: PRIVILEGED_POD });
      const chart = checkUnit(ctx, unit('chart/templates/pod.yaml'), {});
      expect(chart.plan.skip).toBe('helm');
      expect(chart.result).toBeUndefined();
      const ids = (rel: string) => checkUnit(ctx, unit(rel), {}).result?.findings.map((f) => f.ruleId) ?? [];
      expect(ids('other/pod.yaml')).toContain('privileged-container');
      expect(ids('plain/pod.yaml')).not.toContain('privileged-container');
      expect(ids('plain/pod.yaml')).toContain('run-as-non-root');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
