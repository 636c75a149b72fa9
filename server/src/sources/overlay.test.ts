// The Kustomize source end to end with the real `kubectl kustomize` (kustomize v5 in the pinned npm
// package): each fixture tree is built, its findings checked and placed; every expectation is a file,
// a line and a rule; fixes are applied to a copy of the tree, which is rebuilt, and the finding is gone.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KUSTOMIZE_FIXTURES } from '../../../test/support/kustomize';
import { kubectlBinary } from '../../../test/support/tools';
import { applyEdits } from '../engine/fix';
import { Engine } from '../engine/run';
import { LineIndex } from '../engine/text';
import { WorkspaceIndex } from '../engine/workspace-index';
import { Project } from '../project';
import { rules } from '../rules/index';
import type { FileResult } from './mapped';
import { buildTree, checkTree, readTree, rootsOf } from './overlay';

const ctx = () => ({
  engine: new Engine(rules, { cache: false }),
  index: new WorkspaceIndex(),
  project: new Project(['/nowhere'], new Set(rules.map((r) => r.id))),
});

async function scanTree(dir: string): Promise<FileResult[]> {
  const tree = readTree(dir);
  const built = await buildTree(tree, rootsOf(tree), {
    binary: kubectlBinary(),
    flavor: 'kubectl',
    timeoutMs: 60_000,
  });
  return checkTree(built, ctx(), {}, (p) => readFileSync(p, 'utf8'));
}

/** `file:line rule (roots)` of every finding, file relative to `dir`. */
function findingsOf(dir: string, results: readonly FileResult[]): string[] {
  return results.flatMap((r) => {
    const li = new LineIndex(r.text);
    return r.findings.map(
      (f) =>
        `${relative(dir, r.path)}:${li.position(f.start).line + 1} ${f.ruleId} (${(f.rendered?.roots ?? []).join(', ')})`,
    );
  });
}

function problemsOf(dir: string, results: readonly FileResult[]): string[] {
  return results.flatMap((r) => {
    const li = new LineIndex(r.text);
    return r.problems.map((p) => `${relative(dir, r.path)}:${li.position(p.start).line + 1} ${p.code}`);
  });
}

const SHOP = join(KUSTOMIZE_FIXTURES, 'shop');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('Kustomize overlays, built with real kubectl kustomize', () => {
  it('puts each finding on the resource, patch or kustomization line that causes it', async () => {
    const results = await scanTree(SHOP);
    const found = findingsOf(SHOP, results);
    // A strategic-merge patch file that adds privileged: its key.
    expect(found).toContain('overlays/prod/privileged.yaml:11 privileged-container (overlays/prod)');
    // An inline JSON 6902 patch in the kustomization: its operation's value.
    expect(found).toContain('overlays/prod/kustomization.yaml:19 host-network (overlays/prod)');
    // A JSON 6902 patch in its own file.
    expect(found).toContain('overlays/staging/host-network.yaml:3 host-network (overlays/staging)');
    // The images: transformer's newTag: latest.
    expect(found).toContain('overlays/prod/kustomization.yaml:10 image-tag-latest (overlays/prod)');
    // A component's inline patch.
    expect(found).toContain('components/debug/kustomization.yaml:19 dangerous-capability (overlays/prod)');
    // A base with two overlays: one finding naming both.
    expect(found).toContain(
      'base/deployment.yaml:17 memory-limits-missing (overlays/prod, overlays/staging)',
    );
    // The staging overlay hardens the base: the base's missing runAsNonRoot is prod's alone.
    expect(found).toContain('base/deployment.yaml:15 run-as-non-root (overlays/prod)');
    expect(found.filter((f) => f.startsWith('base/deployment.yaml:15 run-as-non-root'))).toHaveLength(1);
    // A kustomization that builds on its own (not included anywhere) is a root too.
    expect(found).toContain('standalone/jobs.yaml:21 host-pid (standalone)');
    // Nothing is reported twice (a place, a rule and a message once, whatever the roots).
    const keys = results.flatMap((r) =>
      r.findings.map((f) => `${r.path}@${f.start}-${f.end} ${f.messageId}`),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names the overlays in the message', async () => {
    const results = await scanTree(SHOP);
    const base = results.find((r) => r.path === join(SHOP, 'base/deployment.yaml'));
    const f = base?.findings.find((x) => x.ruleId === 'memory-limits-missing');
    expect(f?.message).toMatch(/\(in overlays\/prod and overlays\/staging\)$/);
    const prod = base?.findings.find((x) => x.ruleId === 'run-as-non-root');
    expect(prod?.message).toMatch(/\(in overlays\/prod\)$/);
  });

  it('reports nothing on a base finding that every overlay fixes', async () => {
    const dir = join(KUSTOMIZE_FIXTURES, 'hardened');
    const results = await scanTree(dir);
    expect(findingsOf(dir, results)).toEqual([]);
    expect(problemsOf(dir, results)).toEqual([]);
  });

  it('reports a remote resource on its line and builds nothing that needs it', async () => {
    const dir = join(KUSTOMIZE_FIXTURES, 'remote');
    const results = await scanTree(dir);
    expect(problemsOf(dir, results)).toEqual([
      'kustomization.yaml:3 remote-resource',
      'kustomization.yaml:5 remote-resource',
    ]);
    expect(findingsOf(dir, results)).toEqual([]);
  });

  it('reports one build error at the place kustomize names', async () => {
    const dir = join(KUSTOMIZE_FIXTURES, 'broken');
    const results = await scanTree(dir);
    expect(problemsOf(dir, results)).toEqual([
      'bad-op/kustomization.yaml:8 kustomize-build',
      'bad-target/kustomization.yaml:8 kustomize-build',
      'bad-yaml/pod.yaml:8 kustomize-build',
      'missing/kustomization.yaml:3 kustomize-build',
    ]);
    expect(findingsOf(dir, results)).toEqual([]);
  });

  it.each([
    ['overlays/prod/privileged.yaml', 'privileged-container'],
    ['overlays/prod/kustomization.yaml', 'host-network'],
    ['overlays/staging/host-network.yaml', 'host-network'],
    ['overlays/prod/kustomization.yaml', 'image-tag-latest'],
    ['standalone/jobs.yaml', 'host-pid'],
  ])('a fix in %s for %s, applied and rebuilt, removes the finding', async (file, rule) => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeward-overlay-fix-'));
    temps.push(dir);
    cpSync(SHOP, dir, { recursive: true });
    const before = await scanTree(dir);
    const r = before.find((x) => x.path === join(dir, file));
    const f = r?.findings.find((x) => x.ruleId === rule);
    expect(f, `${file} ${rule}`).toBeDefined();
    const fix = f?.fixes[0];
    if (!r || !f || !fix) {
      // Not every finding has a fix that can be carried to the file; say which in the failure.
      expect(
        f?.fixes.map((x) => x.title),
        `${file} ${rule}: no fix`,
      ).not.toEqual([]);
      return;
    }
    writeFileSync(r.path, applyEdits(r.text, fix.edits));
    const after = await scanTree(dir);
    const line = new LineIndex(r.text).position(f.start).line + 1;
    expect(findingsOf(dir, after)).not.toContain(
      `${file}:${line} ${rule} (${(f.rendered?.roots ?? []).join(', ')})`,
    );
    expect(findingsOf(dir, after).filter((x) => x.startsWith(`${file}:`) && x.includes(` ${rule} `))).toEqual(
      [],
    );
    expect(problemsOf(dir, after)).toEqual([]);
  });
});
