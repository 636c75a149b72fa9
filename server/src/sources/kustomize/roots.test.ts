import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { KUSTOMIZE_FIXTURES, lineCol } from '../../../../test/support/kustomize';
import { findRoots } from './roots';

describe('findRoots on the fixture trees', () => {
  const t = findRoots(KUSTOMIZE_FIXTURES);

  it('builds the overlays and the bases no overlay uses, never a used base or a component', () => {
    expect(t.roots).toEqual([
      'broken/bad-op',
      'broken/bad-target',
      'broken/bad-yaml',
      'broken/missing',
      'hardened/overlays/eu',
      'hardened/overlays/us',
      'remote',
      'shop/overlays/prod',
      'shop/overlays/staging',
      'shop/standalone',
      'transformers/overlays/system',
    ]);
  });

  it('maps each file to the roots that read it', () => {
    const by = (f: string) => t.includedBy.get(f);
    expect(by('shop/base/deployment.yaml')).toEqual(['shop/overlays/prod', 'shop/overlays/staging']);
    expect(by('shop/base/kustomization.yaml')).toEqual(['shop/overlays/prod', 'shop/overlays/staging']);
    expect(by('shop/components/debug/kustomization.yaml')).toEqual(['shop/overlays/prod']);
    expect(by('shop/overlays/prod/privileged.yaml')).toEqual(['shop/overlays/prod']);
    expect(by('shop/overlays/staging/host-network.yaml')).toEqual(['shop/overlays/staging']);
    expect(by('shop/overlays/staging/kustomization.yaml')).toEqual(['shop/overlays/staging']);
    expect(t.filesOf.get('shop/overlays/prod')).toEqual([
      'shop/base/deployment.yaml',
      'shop/base/kustomization.yaml',
      'shop/base/service.yaml',
      'shop/components/debug/kustomization.yaml',
      'shop/overlays/prod/kustomization.yaml',
      'shop/overlays/prod/privileged.yaml',
    ]);
  });

  it('reports remote entries at their exact range and does not follow them', () => {
    const text = readFileSync(join(KUSTOMIZE_FIXTURES, 'remote/kustomization.yaml'), 'utf8');
    expect(
      t.remote.map((r) => {
        const { line, column } = lineCol(text, r.start);
        return `${r.file}:${line}:${column} ${text.slice(r.start, r.end)} (${r.field}) ${r.message}`;
      }),
    ).toEqual([
      'remote/kustomization.yaml:3:5 https://github.com/example/platform//deploy/base?ref=v1.2.0 (resources) https://github.com/example/platform//deploy/base?ref=v1.2.0: not fetched: Kubeward never uses the network',
      'remote/kustomization.yaml:5:5 github.com/example/platform/components/tls?ref=main (components) github.com/example/platform/components/tls?ref=main: not fetched: Kubeward never uses the network',
    ]);
    expect(t.remoteOf.get('remote')).toHaveLength(2);
    expect(t.remoteOf.get('shop/overlays/prod')).toEqual([]);
  });
});

describe('findRoots on small trees', () => {
  it('counts a folder holding an included patch as included, and follows `bases` and `Kustomization`', () => {
    const tree = tempTree('kw-roots-', {
      'shared/kustomization.yaml': 'resources: []\n',
      'shared/patch.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
      'legacy/Kustomization': 'resources:\n  - pod.yaml\n',
      'legacy/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
      'app/kustomization.yml': 'bases:\n  - ../legacy\npatches:\n  - path: ../shared/patch.yaml\n',
    });
    const t = findRoots(tree);
    expect(t.roots).toEqual(['app']);
    expect(t.includedBy.get('legacy/Kustomization')).toEqual(['app']);
    expect(t.includedBy.get('shared/patch.yaml')).toEqual(['app']);
  });

  it('survives include cycles, and reports a folder with two kustomization files', () => {
    const tree = tempTree('kw-roots-', {
      'a/kustomization.yaml': 'resources:\n  - ../b\n',
      'b/kustomization.yaml': 'resources:\n  - ../a\n',
      'c/kustomization.yaml': 'resources: []\n',
      'c/kustomization.yml': 'resources: []\n',
    });
    const t = findRoots(tree);
    expect(t.roots).toEqual(['c']);
    expect(t.problems.map((p) => [p.file, p.message])).toEqual([
      ['c/kustomization.yaml', 'Found multiple kustomization files in c.'],
    ]);
  });

  it('reads a base outside the tree but never makes it a root; skips node_modules and dot folders', () => {
    const outer = tempTree('kw-roots-', {
      'base/kustomization.yaml': 'resources:\n  - pod.yaml\n',
      'base/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
      'repo/app/kustomization.yaml': 'resources:\n  - ../../base\n',
      'repo/node_modules/x/kustomization.yaml': 'resources: []\n',
      'repo/.cache/kustomization.yaml': 'resources: []\n',
    });
    const t = findRoots(join(outer, 'repo'));
    expect(t.roots).toEqual(['app']);
    expect(t.filesOf.get('app')).toEqual([
      '../base/kustomization.yaml',
      '../base/pod.yaml',
      'app/kustomization.yaml',
    ]);
  });

  it('takes an editor buffer for a kustomization instead of the disk text', () => {
    const tree = tempTree('kw-roots-', {
      'a/kustomization.yaml': 'resources: []\n',
      'b/kustomization.yaml': 'resources: []\n',
    });
    const t = findRoots(tree, {
      read: (p) => (p.endsWith(join('a', 'kustomization.yaml')) ? 'resources:\n  - ../b\n' : undefined),
    });
    expect(t.roots).toEqual(['a']);
  });
});
