import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { KUSTOMIZE_FIXTURES, build, buildAndMap, where } from '../../../../test/support/kustomize';
import { engineConfig } from '../../engine/config';
import { applyEdits, snippetDefaults, type Edit } from '../../engine/fix';
import { Engine } from '../../engine/run';
import { rules } from '../../rules/index';
import { translateFix, type FileEdit } from './fix-translate';
import { parsePath, type KustomizeMap, type MappedDoc } from './map';

const engine = new Engine(rules, { cache: false });
const config = engineConfig({ profile: 'all' });

const copies: string[] = [];
afterAll(() => {
  for (const c of copies) rmSync(c, { recursive: true, force: true });
});

/** A writable copy of the shop fixture tree (fixes are applied to it). */
function copyShop(): string {
  const root = mkdtempSync(join(tmpdir(), 'kw-kfix-'));
  copies.push(root);
  cpSync(join(KUSTOMIZE_FIXTURES, 'shop'), root, { recursive: true });
  return root;
}

function deployment(m: KustomizeMap): MappedDoc {
  const d = m.docs.find((x) => x.kind === 'Deployment');
  if (!d) throw new Error('no Deployment');
  return d;
}

/** The engine's first fix for a rule's finding on a built object (the one whose text holds `near`). */
function engineFix(d: MappedDoc, ruleId: string, near?: string): Edit[] {
  const found = engine
    .check(d.text, config)
    .findings.filter((f) => f.ruleId === ruleId && (!near || d.text.slice(f.start, f.end).includes(near)));
  const fix = found[0]?.fixes[0];
  if (!fix) throw new Error(`no fix from ${ruleId}`);
  return fix.edits;
}

/** Applies translated edits to the tree (snippet placeholders filled with their defaults). */
function apply(tree: string, edits: readonly FileEdit[]): void {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, list] of byFile) {
    const path = join(tree, file);
    const fixed = applyEdits(
      readFileSync(path, 'utf8'),
      list.map((e) => ({ ...e, newText: snippetDefaults(e.newText) })),
    );
    writeFileSync(path, fixed);
  }
}

/** The value at a path of a root's Deployment, built again with real kustomize. */
async function builtValue(tree: string, root: string, path: string): Promise<unknown> {
  const r = await build(tree, root);
  const doc = r.stdout.split(/^---\n/m).find((d) => d.includes('kind: Deployment')) ?? '';
  let cur: unknown = parseDocument(doc).toJS();
  for (const k of parsePath(path)) cur = (cur as Record<string | number, unknown> | undefined)?.[k];
  return cur;
}

function read(tree: string, file: string): string {
  return readFileSync(join(tree, file), 'utf8');
}

describe('fixes carried to the tree and built again with real kustomize', () => {
  it('a strategic-merge patch file: `privileged: true` is set to false in the patch', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/prod'));
    const edits = translateFix({ doc: d }, engineFix(d, 'privileged-container'));
    expect(edits?.map((e) => [e.file, e.newText])).toEqual([['overlays/prod/privileged.yaml', 'false']]);
    apply(tree, edits!);
    expect(read(tree, 'overlays/prod/privileged.yaml')).toContain(
      '          securityContext:\n            privileged: false\n',
    );
    expect(
      await builtValue(tree, 'overlays/prod', 'spec.template.spec.containers[0].securityContext.privileged'),
    ).toBe(false);
  });

  it('an inline JSON 6902 patch: its `value:` line in kustomization.yaml', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/prod'));
    const edits = translateFix({ doc: d }, engineFix(d, 'host-network'));
    expect(edits?.map((e) => e.file)).toEqual(['overlays/prod/kustomization.yaml']);
    apply(tree, edits!);
    expect(read(tree, 'overlays/prod/kustomization.yaml')).toContain(
      '      - op: add\n        path: /spec/template/spec/hostNetwork\n        value: false\n',
    );
    expect(await builtValue(tree, 'overlays/prod', 'spec.template.spec.hostNetwork')).toBe(false);
  });

  it('a JSON 6902 patch file: its `value:`', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/staging'));
    const edits = translateFix({ doc: d }, engineFix(d, 'host-network'));
    apply(tree, edits!);
    expect(read(tree, 'overlays/staging/host-network.yaml')).toBe(
      '- op: add\n  path: /spec/template/spec/hostNetwork\n  value: false\n',
    );
    expect(await builtValue(tree, 'overlays/staging', 'spec.template.spec.hostNetwork')).toBe(false);
  });

  it('an `images:` entry: the tag goes to its `newTag` (a snippet placeholder, as the rule writes it)', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/prod'));
    const edits = translateFix({ doc: d }, engineFix(d, 'image-tag-latest', 'shop-web'));
    expect(edits?.map((e) => [e.file, e.newText])).toEqual([
      ['overlays/prod/kustomization.yaml', '${1:version}'],
    ]);
    apply(tree, edits!);
    expect(read(tree, 'overlays/prod/kustomization.yaml')).toContain('    newTag: version\n');
    expect(await builtValue(tree, 'overlays/prod', 'spec.template.spec.containers[0].image')).toBe(
      'ghcr.io/example/shop-web:version',
    );
  });

  it('a missing pod field: added to the base resource, under the pod spec', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/prod'));
    const edits = translateFix({ doc: d }, engineFix(d, 'run-as-non-root'));
    expect(edits?.map((e) => e.file)).toEqual(['base/deployment.yaml']);
    apply(tree, edits!);
    expect(read(tree, 'base/deployment.yaml')).toContain(
      '        - name: metrics\n          image: ghcr.io/example/exporter:0.9.1\n      securityContext:\n        runAsNonRoot: true\n',
    );
    expect(await builtValue(tree, 'overlays/prod', 'spec.template.spec.securityContext.runAsNonRoot')).toBe(
      true,
    );
    expect(
      await builtValue(tree, 'overlays/staging', 'spec.template.spec.securityContext.runAsNonRoot'),
    ).toBe(true);
  });

  it('an item of a list in a component’s inline patch: removed, the block keeps its indentation', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/prod'));
    const edits = translateFix({ doc: d }, engineFix(d, 'dangerous-capability', 'SYS_PTRACE'));
    expect(edits?.map((e) => e.file)).toEqual(['components/debug/kustomization.yaml']);
    apply(tree, edits!);
    const after = read(tree, 'components/debug/kustomization.yaml');
    expect(after).not.toContain('SYS_PTRACE');
    expect(after).toContain('            containers:\n              - name: metrics\n');
    expect(
      await builtValue(
        tree,
        'overlays/prod',
        'spec.template.spec.containers[1].securityContext.capabilities.add',
      ),
    ).toBeUndefined();
  });

  it('a missing container field under a block written only in an inline patch: added there, indented', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/prod'));
    const edits = translateFix({ doc: d }, engineFix(d, 'privilege-escalation-allowed', 'securityContext'));
    expect(edits?.map((e) => e.file)).toEqual(['components/debug/kustomization.yaml']);
    apply(tree, edits!);
    expect(read(tree, 'components/debug/kustomization.yaml')).toContain(
      '                securityContext:\n                  capabilities:\n                    add: [SYS_PTRACE]\n                  allowPrivilegeEscalation: false\n',
    );
    expect(
      await builtValue(
        tree,
        'overlays/prod',
        'spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation',
      ),
    ).toBe(false);
  });

  it('a value in an inline strategic-merge patch (containers reordered by the merge): that line', async () => {
    const tree = copyShop();
    const d = deployment(await buildAndMap(tree, 'overlays/staging'));
    const edits = translateFix(
      { doc: d },
      engineFix(d, 'writable-root-filesystem', 'readOnlyRootFilesystem: false'),
    );
    expect(edits?.map((e) => [e.file, e.newText])).toEqual([['overlays/staging/kustomization.yaml', 'true']]);
    apply(tree, edits!);
    expect(read(tree, 'overlays/staging/kustomization.yaml')).toContain(
      '                  runAsNonRoot: true\n                  readOnlyRootFilesystem: true\n',
    );
    expect(
      await builtValue(
        tree,
        'overlays/staging',
        'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
      ),
    ).toBe(true);
  });
});

describe('list items in a strategic-merge patch file', () => {
  const files = {
    'app/kustomization.yaml': 'resources:\n  - deploy.yaml\npatches:\n  - path: caps.yaml\n',
    'app/deploy.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: d',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: c',
      '          image: busybox:1.36',
      '',
    ].join('\n'),
    'app/caps.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: d',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: c',
      '          securityContext:',
      '            capabilities:',
      '              add:',
      '                - SYS_PTRACE # for the debugger',
      '                - CHOWN',
      '              drop: [NET_RAW]',
      '',
    ].join('\n'),
  };

  it('removes one item of a block list, and appends to a flow list', async () => {
    const tree = tempTree('kw-kfix-', files);
    const d = deployment(await buildAndMap(tree, 'app'));
    const removed = translateFix({ doc: d }, engineFix(d, 'dangerous-capability', 'SYS_PTRACE'));
    const appended = translateFix({ doc: d }, engineFix(d, 'capabilities-not-dropped', 'drop'));
    apply(tree, [...removed!, ...appended!]);
    expect(read(tree, 'app/caps.yaml')).toContain(
      '            capabilities:\n              add:\n                - CHOWN\n              drop: [NET_RAW, ALL]\n',
    );
    expect(
      await builtValue(tree, 'app', 'spec.template.spec.containers[0].securityContext.capabilities'),
    ).toEqual({
      add: ['CHOWN'],
      drop: ['NET_RAW', 'ALL'],
    });
  });
});

describe('no fix where the change cannot be made safely', () => {
  it('removing the only operation of a JSON 6902 patch would leave an empty patch', async () => {
    const d = deployment(await buildAndMap(join(KUSTOMIZE_FIXTURES, 'shop'), 'overlays/prod'));
    const at = d.text.indexOf('      hostNetwork: true\n');
    expect(
      translateFix({ doc: d }, [{ start: at, end: at + '      hostNetwork: true\n'.length, newText: '' }]),
    ).toBe(undefined);
  });

  it('a resource outside the tree is not edited', async () => {
    const outer = tempTree('kw-kfix-', {
      'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'base/deploy.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: d',
        'spec:',
        '  template:',
        '    spec:',
        '      hostPID: true',
        '      containers:',
        '        - name: c',
        '          image: busybox:1.36',
        '',
      ].join('\n'),
      'repo/app/kustomization.yaml': 'resources:\n  - ../../base\n',
    });
    const d = deployment(await buildAndMap(join(outer, 'repo'), 'app'));
    expect(translateFix({ doc: d }, engineFix(d, 'host-pid'))).toBeUndefined();
  });

  it('a folded inline patch cannot be edited line by line', async () => {
    const tree = tempTree('kw-kfix-', {
      'app/kustomization.yaml': [
        'resources:',
        '  - pod.yaml',
        'patches:',
        '  - patch: >',
        '      {"apiVersion": "v1", "kind": "Pod",',
        '      "metadata": {"name": "p"}, "spec": {"hostPID": true}}',
        '',
      ].join('\n'),
      'app/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n',
    });
    const d = (await buildAndMap(tree, 'app')).docs[0]!;
    expect(where(tree, d.locate('spec.hostPID'))).toBe('patch app/kustomization.yaml:4:5 patch');
    expect(translateFix({ doc: d }, engineFix(d, 'host-pid'))).toBeUndefined();
  });
});
