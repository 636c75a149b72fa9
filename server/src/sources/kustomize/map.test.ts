import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { KUSTOMIZE_FIXTURES, buildAndMap, where } from '../../../../test/support/kustomize';
import { engineConfig } from '../../engine/config';
import { Engine } from '../../engine/run';
import { rules } from '../../rules/index';
import {
  deployments,
  mapBuild,
  objectKey,
  originKey,
  parsePath,
  pathString,
  pointerPath,
  type KustomizeMap,
  type MappedDoc,
} from './map';

const SHOP = join(KUSTOMIZE_FIXTURES, 'shop');

function doc(m: KustomizeMap, kind: string, name?: string): MappedDoc {
  const d = m.docs.find((x) => x.kind === kind && (name === undefined || x.name === name));
  if (!d) throw new Error(`no ${kind} in ${m.root}`);
  return d;
}

describe('paths', () => {
  it('round-trips object paths, and reads JSON pointers', () => {
    const p = ['spec', 'containers', 0, 'securityContext', 'app.kubernetes.io/name'];
    expect(parsePath(pathString(p))).toEqual(p);
    expect(pointerPath('/spec/template/spec/containers/0/env/-')).toEqual([
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'env',
      '-',
    ]);
    expect(pointerPath('/metadata/annotations/a~1b~0c')).toEqual(['metadata', 'annotations', 'a/b~c']);
  });
});

describe('overlays/prod: a strategic-merge patch file, an inline JSON 6902 patch, images, a component', () => {
  let m: KustomizeMap;
  let d: MappedDoc;
  beforeAll(async () => {
    m = await buildAndMap(SHOP, 'overlays/prod');
    d = doc(m, 'Deployment');
  });

  it('knows each object’s resource file and the transformers that ran over it', () => {
    expect(m.docs.map((x) => [x.kind, x.name, x.namespace, x.source])).toEqual([
      ['Service', 'web', 'shop-prod', { kind: 'resource', file: 'base/service.yaml', index: 0, name: 'web' }],
      [
        'Deployment',
        'web',
        'shop-prod',
        { kind: 'resource', file: 'base/deployment.yaml', index: 0, name: 'web' },
      ],
    ]);
    expect(d.transformations.map((t) => `${t.configuredIn} ${t.kind}`)).toEqual([
      'base/kustomization.yaml LabelTransformer',
      'base/kustomization.yaml LabelTransformer',
      'components/debug/kustomization.yaml PatchTransformer',
      'overlays/prod/kustomization.yaml PatchTransformer',
      'overlays/prod/kustomization.yaml PatchTransformer',
      'overlays/prod/kustomization.yaml NamespaceTransformer',
      'overlays/prod/kustomization.yaml ImageTagTransformer',
    ]);
  });

  it('checks the object without Kubeward’s build annotations', () => {
    expect(d.text).not.toContain('config.kubernetes.io');
    expect(d.text).not.toContain('annotations:');
    expect(d.text).toContain('  labels:\n    app.kubernetes.io/part-of: shop\n  name: web\n');
  });

  it.each([
    [
      'spec.template.spec.containers[0].securityContext.privileged',
      'patch overlays/prod/privileged.yaml:11:13 privileged: true',
    ],
    ['spec.template.spec.hostNetwork', 'patch overlays/prod/kustomization.yaml:19:9 value: true'],
    [
      'spec.template.spec.containers[0].image',
      'transformer overlays/prod/kustomization.yaml:10:5 newTag: latest',
    ],
    ['metadata.namespace', 'transformer overlays/prod/kustomization.yaml:3:1 namespace: shop-prod'],
    [
      'metadata.labels["app.kubernetes.io/part-of"]',
      'transformer base/kustomization.yaml:8:7 app.kubernetes.io/part-of: shop',
    ],
    [
      'spec.template.spec.shareProcessNamespace',
      'patch components/debug/kustomization.yaml:14:13 shareProcessNamespace: true',
    ],
    [
      'spec.template.spec.containers[1].securityContext.capabilities.add[0]',
      'patch components/debug/kustomization.yaml:19:27 SYS_PTRACE',
    ],
    [
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'resource base/deployment.yaml:22:13 allowPrivilegeEscalation: false',
    ],
    [
      'spec.template.spec.containers[1].image',
      'resource base/deployment.yaml:24:11 image: ghcr.io/example/exporter:0.9.1',
    ],
    ['spec.template.spec.containers[0].name', 'resource base/deployment.yaml:17:11 name: app'],
    ['metadata.name', 'resource base/deployment.yaml:5:3 name: web'],
    ['kind', 'resource base/deployment.yaml:3:1 kind: Deployment'],
  ])('%s → %s', (path, expected) => {
    expect(where(SHOP, d.locate(path))).toBe(expected);
  });

  it('names the kustomization entry that pulls a patch file in', () => {
    const o = d.locate('spec.template.spec.containers[0].securityContext.privileged');
    expect(o.pulledInAt && where(SHOP, { ...o, ...o.pulledInAt })).toBe(
      'patch overlays/prod/kustomization.yaml:12:11 privileged.yaml',
    );
    expect(d.locate('spec.template.spec.hostNetwork').pulledInAt).toBeUndefined();
  });

  it.each([
    ['spec.template.spec.securityContext.runAsNonRoot', 'resource base/deployment.yaml:15:5 spec'],
    [
      'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
      'resource base/deployment.yaml:21:11 securityContext',
    ],
    [
      'spec.template.spec.containers[1].securityContext.runAsNonRoot',
      'patch components/debug/kustomization.yaml:17:17 securityContext',
    ],
    [
      'spec.template.spec.containers[1].resources.limits.cpu',
      'resource base/deployment.yaml:23:11 name: metrics',
    ],
  ])('missing %s → %s', (path, expected) => {
    expect(where(SHOP, d.locate(path, { missing: true }))).toBe(expected);
  });

  it('finds the path of a finding from its offset in the checked text', () => {
    const at = d.text.indexOf('privileged: true');
    expect(pathString(d.pathAt(at))).toBe('spec.template.spec.containers[0].securityContext.privileged');
    expect(pathString(d.pathAt(d.text.indexOf('SYS_PTRACE')))).toBe(
      'spec.template.spec.containers[1].securityContext.capabilities.add[0]',
    );
  });
});

describe('overlays/staging: a hardening patch, a JSON 6902 patch file, reordered containers, prefix, replicas', () => {
  let d: MappedDoc;
  beforeAll(async () => {
    d = doc(await buildAndMap(SHOP, 'overlays/staging'), 'Deployment');
  });

  it.each([
    ['spec.template.spec.hostNetwork', 'patch overlays/staging/host-network.yaml:3:3 value: true'],
    [
      'spec.template.spec.securityContext.runAsNonRoot',
      'patch overlays/staging/harden.yaml:9:9 runAsNonRoot: true',
    ],
    [
      'spec.template.spec.securityContext.seccompProfile.type',
      'patch overlays/staging/harden.yaml:11:11 type: RuntimeDefault',
    ],
    // The merge puts the patched `metrics` container first: items are matched by name, not position.
    [
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      'patch overlays/staging/kustomization.yaml:29:19 runAsNonRoot: true',
    ],
    [
      'spec.template.spec.containers[0].image',
      'resource base/deployment.yaml:24:11 image: ghcr.io/example/exporter:0.9.1',
    ],
    [
      'spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem',
      'patch overlays/staging/harden.yaml:15:13 readOnlyRootFilesystem: true',
    ],
    [
      'spec.template.spec.containers[1].securityContext.capabilities.drop[0]',
      'patch overlays/staging/harden.yaml:17:22 ALL',
    ],
    ['spec.replicas', 'transformer overlays/staging/kustomization.yaml:9:5 count: 2'],
    ['metadata.name', 'transformer overlays/staging/kustomization.yaml:4:1 namePrefix: staging-'],
  ])('%s → %s', (path, expected) => {
    expect(where(SHOP, d.locate(path))).toBe(expected);
  });

  it('names the kustomization entry of a JSON 6902 patch file', () => {
    const o = d.locate('spec.template.spec.hostNetwork');
    expect(o.pulledInAt && where(SHOP, { ...o, ...o.pulledInAt })).toBe(
      'patch overlays/staging/kustomization.yaml:12:11 host-network.yaml',
    );
  });
});

describe('a base used by no overlay (standalone): several objects in one file, a generator', () => {
  let m: KustomizeMap;
  beforeAll(async () => {
    m = await buildAndMap(SHOP, 'standalone');
  });

  it.each([
    ['Job', 'backup', 'spec.template.spec.hostPID', 'resource standalone/jobs.yaml:21:7 hostPID: true'],
    ['Job', 'backup', 'metadata.labels.team', 'transformer standalone/kustomization.yaml:4:3 team: batch'],
    [
      'Job',
      'migrate',
      'spec.template.spec.containers[0].image',
      'resource standalone/jobs.yaml:11:11 image: ghcr.io/example/migrate:2.0.0',
    ],
    ['ConfigMap', undefined, 'data.MODE', 'generator standalone/kustomization.yaml:6:11 batch-config'],
  ])('%s %s: %s → %s', (kind, name, path, expected) => {
    expect(where(SHOP, doc(m, kind, name).locate(path))).toBe(expected);
  });

  it('knows which document of the file each object is', () => {
    expect(m.docs.map((x) => [x.kind, x.name, objectKey(x.source) ?? x.source.kind])).toEqual([
      ['ConfigMap', 'batch-config-f6k265kfcd', 'generated'],
      ['Job', 'backup', 'standalone/jobs.yaml#1'],
      ['Job', 'migrate', 'standalone/jobs.yaml#0'],
    ]);
  });
});

describe('which roots deploy a base object', () => {
  it('lists both overlays for the base Deployment; a base finding is reported for the overlays that do not fix it', async () => {
    const maps = [await buildAndMap(SHOP, 'overlays/prod'), await buildAndMap(SHOP, 'overlays/staging')];
    const index = deployments(maps);
    expect(index.get('base/deployment.yaml#0')?.map((x) => x.root)).toEqual([
      'overlays/prod',
      'overlays/staging',
    ]);

    const engine = new Engine(rules, { cache: false });
    const config = engineConfig({ profile: 'all' });
    const where = new Map<string, string[]>();
    for (const { root, doc: d } of index.get('base/deployment.yaml#0') ?? []) {
      for (const f of engine.check(d.text, config).findings) {
        if (f.ruleId !== 'run-as-non-root') continue;
        // A finding about an absent field sits on a key alone (no `: value`).
        const missing = !d.text.slice(f.start, f.end).includes(':');
        const o = d.locate(d.pathAt(f.start), { missing });
        if (o.file !== 'base/deployment.yaml') continue;
        const key = originKey(o);
        where.set(key, [...(where.get(key) ?? []), root]);
      }
    }
    expect([...where.values()]).toEqual([['overlays/prod']]);
  });
});

describe('small trees', () => {
  it('maps the legacy patch fields, images with newName and digest, and common annotations', async () => {
    const tree = tempTree('kw-map-', {
      'app/kustomization.yaml': [
        'resources:',
        '  - pod.yaml',
        'commonAnnotations:',
        '  owner: team-a',
        'images:',
        '  - name: busybox',
        '    newName: registry.local/busybox',
        '    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        'patchesStrategicMerge:',
        '  - |-',
        '    apiVersion: v1',
        '    kind: Pod',
        '    metadata:',
        '      name: tool',
        '    spec:',
        '      hostIPC: true',
        'patchesJson6902:',
        '  - target:',
        '      version: v1',
        '      kind: Pod',
        '      name: tool',
        '    path: pid.json',
        '',
      ].join('\n'),
      'app/pid.json': '[{"op": "add", "path": "/spec/hostPID", "value": true}]\n',
      'app/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tool\nspec:\n  containers:\n    - name: tool\n      image: busybox:1.36\n',
    });
    const d = doc(await buildAndMap(tree, 'app'), 'Pod');
    // The order kustomize 5.4 runs a kustomization's transformers in, as its annotation says.
    expect(d.transformations.map((t) => t.kind)).toEqual([
      'PatchStrategicMergeTransformer',
      'AnnotationsTransformer',
      'PatchJson6902Transformer',
      'ImageTagTransformer',
    ]);
    expect(where(tree, d.locate('spec.hostIPC'))).toBe('patch app/kustomization.yaml:16:7 hostIPC: true');
    expect(where(tree, d.locate('spec.hostPID'))).toBe('patch app/pid.json:1:41 "value": true');
    expect(where(tree, d.locate('spec.containers[0].image'))).toBe(
      'transformer app/kustomization.yaml:8:5 digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    expect(where(tree, d.locate('metadata.annotations.owner'))).toBe(
      'transformer app/kustomization.yaml:4:3 owner: team-a',
    );
  });

  it('a pod template labels map that commonLabels creates maps to the commonLabels entry', async () => {
    const tree = tempTree('kw-map-', {
      'app/kustomization.yaml': 'resources:\n  - job.yaml\ncommonLabels:\n  team: payments\n',
      'app/job.yaml': [
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: migrate',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers: [{name: m, image: busybox:1.36}]',
        '',
      ].join('\n'),
    });
    const d = doc(await buildAndMap(tree, 'app'), 'Job');
    // The resource has no labels map at all: kustomize made both from the one entry.
    for (const path of ['spec.template.metadata.labels', 'metadata.labels'])
      expect(where(tree, d.locate(path))).toBe('transformer app/kustomization.yaml:4:3 team: payments');
    // What the resource does write stays with it.
    expect(where(tree, d.locate('spec.template.spec.restartPolicy'))).toBe(
      'resource app/job.yaml:8:7 restartPolicy: Never',
    );
  });

  it('never points outside the tree: a base outside it maps to the root’s entry for it', async () => {
    const outer = tempTree('kw-map-', {
      'base/kustomization.yaml': [
        'resources:',
        '  - pod.yaml',
        'commonLabels:',
        '  team: x',
        'patches:',
        '  - patch: |-',
        '      apiVersion: v1',
        '      kind: Pod',
        '      metadata:',
        '        name: p',
        '      spec:',
        '        hostIPC: true',
        '',
      ].join('\n'),
      'base/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n',
      'repo/app/kustomization.yaml': 'resources:\n  - ../../base\n',
    });
    const tree = join(outer, 'repo');
    const d = doc(await buildAndMap(tree, 'app'), 'Pod');
    expect(d.source).toEqual({ kind: 'resource', file: '../base/pod.yaml', index: 0, name: 'p' });
    for (const path of ['spec.hostPID', 'spec.hostIPC', 'metadata.labels.team'])
      expect(where(tree, d.locate(path))).toBe('fallback app/kustomization.yaml:2:5 ../../base');
  });
});

describe('bad input', () => {
  it('maps whatever stdout holds without throwing, and never points outside the tree', () => {
    const stdout = [
      ': : :',
      '---',
      '- a list',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  annotations:',
      '    config.kubernetes.io/origin: |',
      '      path: ../../nowhere/pod.yaml',
      '    alpha.config.kubernetes.io/transformations: "{not: [a list"',
      '  name: p',
      'spec: {containers: [{name: c, image: x}]}',
      '',
    ].join('\n');
    const m = mapBuild({ tree: SHOP, root: 'standalone', buildDir: join(SHOP, 'standalone'), stdout });
    expect(m.docs.map((d) => d.kind)).toEqual(['Pod']);
    const d = m.docs[0]!;
    expect(d.text).not.toContain('config.kubernetes.io');
    for (const path of ['spec.containers[0].image', 'spec.x.y', 'nope', '']) {
      expect(where(SHOP, d.locate(path, { missing: path === 'spec.x.y' }))).toBe(
        'fallback standalone/kustomization.yaml:2:5 jobs.yaml',
      );
    }
  });
});
