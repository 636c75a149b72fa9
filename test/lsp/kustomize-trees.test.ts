// The Kustomize kind of the editor's rendered-source manager (lsp/kustomize-trees.ts), in process with
// the real `kubectl kustomize` behind a kubectl that logs its builds: which root owns a file, when the
// built result decides for it, what a kustomization's change re-reads, the raw check coming back when
// builds are skipped, and an edit rebuilding only the overlays that read the edited file.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KustomizeTrees } from '../../server/src/lsp/kustomize-trees';
import type { RenderedRoot, RenderStep } from '../../server/src/lsp/rendered';
import { LineIndex } from '../../server/src/engine/text';
import type { Settings } from '../../server/src/protocol';
import type { FileResult } from '../../server/src/sources/mapped';
import { tempTree } from '../support/files';
import { countingKubectl, KUSTOMIZE_FIXTURES } from '../support/kustomize';
import { state } from './support';

/** A copy of a fixture tree as a workspace folder, with editor buffers over its files. */
function setup(fixture: string | undefined, kustomize: Partial<Settings['kustomize']> = {}) {
  const folder = tempTree('kw-kustomize-trees-', { 'a.yaml': 'kind: ConfigMap\n' });
  if (fixture) cpSync(join(KUSTOMIZE_FIXTURES, fixture), folder, { recursive: true });
  const kubectl = countingKubectl();
  const settings = { kustomize: { enabled: true, path: kubectl.path, timeoutMs: 30_000, ...kustomize } };
  const s = state(() => ({ profile: 'recommended', ...settings }));
  s.project.roots = [folder];
  const buffers = new Map<string, string>();
  let ownershipChanges = 0;
  const trees = new KustomizeTrees({
    project: s.project,
    service: s.service,
    index: s.index,
    settingsFor: (uri) => s.settings.for(uri),
    readFile: (p) => buffers.get(p) ?? (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    openText: (p) => buffers.get(p),
    folders: () => [folder],
    cwd: () => folder,
    ownershipChanged: () => ownershipChanges++,
  });
  const abs = (rel: string) => join(folder, ...rel.split('/'));
  return {
    folder,
    trees,
    kubectl,
    settings,
    abs,
    ownershipChanges: () => ownershipChanges,
    /** The settings changed, as the session hears it: asked again, what each tree reads read again. */
    configChanged(): void {
      s.settings.clear();
      trees.invalidate();
    },
    /** Types into a file's buffer, as the manager tells the root. */
    edit(root: RenderedRoot, rel: string, text: string): void {
      buffers.set(abs(rel), text);
      root.update(abs(rel), text);
    },
    text: (rel: string) => buffers.get(abs(rel)) ?? readFileSync(abs(rel), 'utf8'),
  };
}

async function renderAndCheck(
  root: RenderedRoot,
): Promise<{ step: RenderStep<unknown>; files: FileResult[] }> {
  const step = await root.render(new AbortController().signal);
  return { step, files: 'rendered' in step ? await root.check(step.rendered) : [] };
}

/** `file:line rule message` of every finding and problem, file relative to the folder. */
function placed(folder: string, files: readonly FileResult[]): string[] {
  return files.flatMap((f) => {
    const li = new LineIndex(f.text);
    const rel = f.path.slice(folder.length + 1);
    return [
      ...f.findings.map((x) => `${rel}:${String(li.position(x.start).line + 1)} ${x.ruleId} ${x.message}`),
      ...f.problems.map((x) => `${rel}:${String(li.position(x.start).line + 1)} ${x.code} ${x.message}`),
    ];
  });
}

describe('KustomizeTrees: which files a tree owns', () => {
  it('rootOf: the folder for a file a build reads and for any kustomization; nothing for others', () => {
    const w = setup('shop');
    expect(w.trees.rootOf(w.abs('overlays/prod/privileged.yaml'))).toBe(w.folder);
    expect(w.trees.rootOf(w.abs('base/deployment.yaml'))).toBe(w.folder);
    expect(w.trees.rootOf(w.abs('components/debug/kustomization.yaml'))).toBe(w.folder);
    expect(w.trees.rootOf(w.abs('standalone/jobs.yaml'))).toBe(w.folder);
    // A kustomization no build reads yet (an edit may make it a root) belongs to the tree.
    expect(w.trees.rootOf(w.abs('new/kustomization.yaml'))).toBe(w.folder);
    expect(w.trees.rootOf(w.abs('a.yaml'))).toBeUndefined();
    expect(w.trees.rootOf('/elsewhere/base/deployment.yaml')).toBeUndefined();
    // A folder with no kustomization has no tree, not even for a kustomization-named path.
    const plain = setup(undefined);
    expect(plain.trees.rootOf(plain.abs('kustomization.yaml'))).toBeUndefined();
    expect(plain.trees.rootOf(plain.abs('a.yaml'))).toBeUndefined();
  });

  it('owns: the files a build reads, not a root that needs remote resources (its files are checked raw)', () => {
    const w = setup('shop');
    mkdirSync(w.abs('remote'));
    cpSync(join(KUSTOMIZE_FIXTURES, 'remote'), w.abs('remote'), { recursive: true });
    expect(w.trees.owns(w.abs('overlays/staging/host-network.yaml'))).toBe(true);
    expect(w.trees.owns(w.abs('base/service.yaml'))).toBe(true);
    expect(w.trees.owns(w.abs('remote/pod.yaml'))).toBe(false);
    expect(w.trees.rootOf(w.abs('remote/pod.yaml'))).toBeUndefined();
    expect(w.trees.owns(w.abs('nowhere.yaml'))).toBe(false);
  });

  it('invalidate: a kustomization written since is read again only when told', () => {
    const w = setup('shop');
    const extra = w.abs('extra/cm.yaml');
    mkdirSync(w.abs('extra'));
    writeFileSync(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    expect(w.trees.rootOf(extra)).toBeUndefined();
    writeFileSync(w.abs('extra/kustomization.yaml'), 'resources:\n  - cm.yaml\n');
    // What the tree reads is kept until a kustomization or the settings change.
    expect(w.trees.owns(extra)).toBe(false);
    w.trees.invalidate();
    expect(w.trees.rootOf(extra)).toBe(w.folder);
    expect(w.trees.owns(extra)).toBe(true);
  });

  it('a root told of a kustomization edit re-reads the tree: a patch it no longer lists is checked raw', () => {
    const w = setup('shop');
    const root = w.trees.create(w.folder);
    const patch = w.abs('overlays/staging/host-network.yaml');
    expect(w.trees.owns(patch)).toBe(true);
    const k = 'overlays/staging/kustomization.yaml';
    const without = w
      .text(k)
      .replace(
        '  - path: host-network.yaml\n    target:\n      group: apps\n      version: v1\n      kind: Deployment\n      name: web\n',
        '',
      );
    expect(without).not.toBe(w.text(k));
    w.edit(root, k, without);
    expect(w.trees.owns(patch)).toBe(false);
    expect(w.trees.rootOf(patch)).toBeUndefined();
    root.dispose();
  });

  it('skipped builds (kubeward.kustomize.enabled off) give the files back to their own check, and take them again', async () => {
    const off = setup('shop', { enabled: false });
    const patch = off.abs('overlays/prod/privileged.yaml');
    const root = off.trees.create(off.folder);
    expect(off.trees.owns(patch)).toBe(true);
    const { step } = await renderAndCheck(root);
    expect(step).toEqual({
      skipped: expect.stringContaining('kubeward.kustomize.enabled is false') as unknown,
    });
    expect(off.trees.owns(patch)).toBe(false);
    // The tree still routes the file's edits to its root, which says why it is not built.
    expect(off.trees.rootOf(patch)).toBe(off.folder);
    expect(off.ownershipChanges()).toBe(1);
    // Skipped again: nothing changes hands, the open files are not re-checked again.
    await renderAndCheck(root);
    expect(off.ownershipChanges()).toBe(1);
    expect(off.kubectl.builds()).toEqual([]);
    // Turned on: the built result decides again.
    off.settings.kustomize.enabled = true;
    off.configChanged();
    const on = await renderAndCheck(root);
    expect('rendered' in on.step).toBe(true);
    expect(off.trees.owns(patch)).toBe(true);
    expect(off.ownershipChanges()).toBe(2);
    root.dispose();
  });

  it('no kustomize or kubectl: skipped, naming the settings', async () => {
    const w = setup('shop', { path: '/nonexistent/kustomize' });
    const old = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { step } = await renderAndCheck(w.trees.create(w.folder));
      expect('skipped' in step && step.skipped).toContain('neither kustomize nor kubectl was found');
      expect(w.trees.owns(w.abs('overlays/prod/privileged.yaml'))).toBe(false);
    } finally {
      process.env.PATH = old;
    }
  });
});

describe('KustomizeTrees: an edit rebuilds only the roots that read the edited file', () => {
  it('counts builds: a prod patch rebuilds prod; the base rebuilds both overlays; no change, no build', async () => {
    const w = setup('shop');
    const root = w.trees.create(w.folder);
    const builds = () => w.kubectl.builds().map((b) => b.root);
    const first = await renderAndCheck(root);
    expect(builds().sort()).toEqual(['overlays/prod', 'overlays/staging', 'standalone']);
    const before = placed(w.folder, first.files);
    expect(before).toContainEqual(
      expect.stringMatching(
        /^overlays\/prod\/privileged\.yaml:11 privileged-container .*\(in overlays\/prod\)$/,
      ),
    );
    expect(before).toContainEqual(
      expect.stringMatching(
        /^overlays\/staging\/host-network\.yaml:3 host-network .*\(in overlays\/staging\)$/,
      ),
    );
    const shared = before.filter(
      (l) => l.startsWith('base/deployment.yaml:17 memory-limits-missing ') && l.includes('no memory limit'),
    );
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatch(/\(in overlays\/prod and overlays\/staging\)$/);

    // Nothing changed: every build is reused, and the same findings come out.
    const again = await renderAndCheck(root);
    expect(builds()).toHaveLength(3);
    expect(placed(w.folder, again.files)).toEqual(before);

    // A file only overlays/prod reads: prod is built again, staging and standalone are reused.
    w.edit(
      root,
      'overlays/prod/privileged.yaml',
      w.text('overlays/prod/privileged.yaml').replace('privileged: true', 'privileged: false'),
    );
    const prod = await renderAndCheck(root);
    expect(builds().slice(3)).toEqual(['overlays/prod']);
    const after = placed(w.folder, prod.files);
    expect(after.some((l) => l.includes(' privileged-container '))).toBe(false);
    // The reused staging build still maps (its copy of the tree is gone) and still shares the base finding.
    expect(after).toContainEqual(
      expect.stringMatching(
        /^overlays\/staging\/host-network\.yaml:3 host-network .*\(in overlays\/staging\)$/,
      ),
    );
    expect(after).toContainEqual(
      expect.stringMatching(
        /^base\/deployment\.yaml:17 memory-limits-missing .*\(in overlays\/prod and overlays\/staging\)$/,
      ),
    );
    expect(after).toEqual(before.filter((l) => !l.includes(' privileged-container ')));

    // A file both overlays read: both are built again, standalone is not.
    w.edit(
      root,
      'base/deployment.yaml',
      w
        .text('base/deployment.yaml')
        .replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'),
    );
    const base = await renderAndCheck(root);
    expect(builds().slice(4).sort()).toEqual(['overlays/prod', 'overlays/staging']);
    expect(placed(w.folder, base.files)).toContainEqual(
      expect.stringMatching(
        /^base\/deployment\.yaml:22 privilege-escalation-allowed .*\(in overlays\/prod and overlays\/staging\)$/,
      ),
    );

    // A kustomization edit that changes what staging reads: staging alone is built again.
    const k = 'overlays/staging/kustomization.yaml';
    w.edit(
      root,
      k,
      w
        .text(k)
        .replace(
          '  - path: host-network.yaml\n    target:\n      group: apps\n      version: v1\n      kind: Deployment\n      name: web\n',
          '',
        ),
    );
    const staging = await renderAndCheck(root);
    expect(builds().slice(6)).toEqual(['overlays/staging']);
    expect(
      placed(w.folder, staging.files).some((l) => l.includes(' host-network ') && l.includes('staging')),
    ).toBe(false);

    // Every throw-away copy is gone once its render is done.
    const copies = new Set(w.kubectl.builds().map((b) => b.copy));
    expect(copies.size).toBe(4);
    for (const c of copies) expect(c && existsSync(c)).toBe(false);
    root.dispose();
  });

  it('another program (a changed setting) builds every root again', async () => {
    const w = setup('shop');
    const root = w.trees.create(w.folder);
    await renderAndCheck(root);
    expect(w.kubectl.builds()).toHaveLength(3);
    w.settings.kustomize.timeoutMs = 40_000;
    w.configChanged();
    await renderAndCheck(root);
    expect(w.kubectl.builds()).toHaveLength(6);
    root.dispose();
  });

  it('a build error is reused while its files are unchanged, and built again once they change', async () => {
    const w = setup('broken');
    const root = w.trees.create(w.folder);
    const first = await renderAndCheck(root);
    expect(
      w.kubectl
        .builds()
        .map((b) => b.root)
        .sort(),
    ).toEqual(['bad-op', 'bad-target', 'bad-yaml', 'missing']);
    const errors = placed(w.folder, first.files).filter((l) => l.includes(' kustomize-build '));
    expect(errors).toHaveLength(4);
    const again = await renderAndCheck(root);
    expect(w.kubectl.builds()).toHaveLength(4);
    expect(placed(w.folder, again.files).filter((l) => l.includes(' kustomize-build '))).toEqual(errors);
    // The file `missing` lists appears on disk: texts are compared at each render, so it alone is built.
    writeFileSync(
      w.abs('missing/not-there.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: here\n',
    );
    const fixed = await renderAndCheck(root);
    expect(
      w.kubectl
        .builds()
        .slice(4)
        .map((b) => b.root),
    ).toEqual(['missing']);
    expect(placed(w.folder, fixed.files).filter((l) => l.includes(' kustomize-build '))).toEqual(
      errors.filter((l) => !l.startsWith('missing/')),
    );
    root.dispose();
  });
});
