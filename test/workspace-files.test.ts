import { symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../server/src/discover';
import { Engine } from '../server/src/engine/run';
import { yaml } from '../server/src/engine/yaml-tag';
import { Project } from '../server/src/project';
import { rules } from '../server/src/rules/index';
import { tempTree } from './support/files';
import { PRIVILEGED_POD } from './support/manifests';

const tree = (files: Record<string, string>): string => tempTree('kubeward-ws-', files);

const POD = PRIVILEGED_POD;

describe('discover', () => {
  it('honours excludes, .gitignore, node_modules/.git and the size limit, with one log line each', async () => {
    const root = tree({
      'a.yaml': POD,
      'b.yml': POD,
      'c.json': '{}',
      'notes.txt': 'x',
      'gen/out.yaml': POD,
      'legacy/old.yaml': POD,
      'node_modules/pkg/x.yaml': POD,
      '.git/config.yaml': POD,
      'big.yaml': `${POD}#${'x'.repeat(2000)}\n`,
      '.gitignore': 'gen/\n',
      'sub/.gitignore': '*.tmp.yaml\n',
      'sub/keep.yaml': POD,
      'sub/drop.tmp.yaml': POD,
    });
    const logs: string[] = [];
    const found = await discover(root, { exclude: ['legacy'], maxFileSize: 1000, log: (m) => logs.push(m) });
    expect(found.map((f) => relative(root, f.path))).toEqual(['a.yaml', 'b.yml', 'c.json', 'sub/keep.yaml']);
    expect(logs.filter((l) => l.includes('big.yaml'))).toHaveLength(1);
    expect(logs.some((l) => l.includes('node_modules is never scanned'))).toBe(true);
    expect(logs.some((l) => l.includes('.git is never scanned'))).toBe(true);
  });

  it('never follows a symlink out of the root, and skips loops', async () => {
    const outside = tree({ 'secret.yaml': POD });
    const root = tree({ 'in.yaml': POD });
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'link.yaml'));
    symlinkSync(outside, join(root, 'outdir'));
    symlinkSync(root, join(root, 'loop'));
    const logs: string[] = [];
    const found = await discover(root, { log: (m) => logs.push(m) });
    expect(found.map((f) => relative(root, f.path))).toEqual(['in.yaml']);
    expect(logs.some((l) => l.includes('outside the workspace'))).toBe(true);
    expect(logs.some((l) => l.includes('loop'))).toBe(true);
  });
});

describe('project plan', () => {
  it('uses the nearest .kubeward.yaml, its excludes, and paths relative to it', () => {
    const root = tree({
      '.kubeward.yaml': 'profile: baseline\n',
      'team/.kubeward.yaml': 'profile: all\nexclude: [vendor/**]\n',
      'team/app/pod.yaml': POD,
      'team/vendor/x.yaml': POD,
      'other/pod.yaml': POD,
    });
    const p = new Project([root]);
    const team = p.plan(join(root, 'team/app/pod.yaml'), {});
    expect(team.config.profile).toBe('all');
    expect(team.file).toBe('app/pod.yaml');
    expect(p.plan(join(root, 'team/vendor/x.yaml'), {}).skip).toBe('excluded');
    expect(p.plan(join(root, 'other/pod.yaml'), {}).config.profile).toBe('baseline');
  });

  it('never reads a config file above its root', () => {
    const parent = tree({ '.kubeward.yaml': 'profile: all\n', 'ws/pod.yaml': POD });
    const p = new Project([join(parent, 'ws')]);
    expect(p.plan(join(parent, 'ws/pod.yaml'), {}).configFile).toBeUndefined();
  });

  it('skips Helm chart templates and marks Kustomize patches partial', () => {
    const root = tree({
      'chart/Chart.yaml': 'name: c\n',
      'chart/templates/deploy.yaml': POD,
      'templates/not-a-chart.yaml': POD,
      'overlay/kustomization.yaml': yaml`
        resources: [../base]
        patches:
          - path: patch.yaml
        patchesStrategicMerge:
          - legacy-patch.yaml
      `,
      'overlay/patch.yaml': POD,
      'overlay/legacy-patch.yaml': POD,
      'overlay/other.yaml': POD,
    });
    const p = new Project([root]);
    expect(p.plan(join(root, 'chart/templates/deploy.yaml'), {}).skip).toBe('helm');
    expect(p.plan(join(root, 'templates/not-a-chart.yaml'), {}).skip).toBeUndefined();
    expect(p.plan(join(root, 'overlay/patch.yaml'), {}).partial).toBe(true);
    expect(p.plan(join(root, 'overlay/legacy-patch.yaml'), {}).config.partial).toBe(true);
    expect(p.plan(join(root, 'overlay/other.yaml'), {}).partial).toBe(false);
  });
});

describe('partial objects (Kustomize patches)', () => {
  const engine = new Engine(rules, { cache: false });
  const patch = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      template:
        spec:
          containers:
            - name: app
              securityContext:
                privileged: true
  `;
  const ids = (partial: boolean) =>
    engine
      .check(patch, { ...new Project([]).plan('/x.yaml', {}).config, partial }, undefined, 'x.yaml')
      .findings.map((f) => f.ruleId);

  it('drops findings about missing fields and keeps those about values present', () => {
    const full = ids(false);
    const part = ids(true);
    expect(full).toContain('privileged-container');
    expect(full).toContain('run-as-non-root');
    expect(part).toContain('privileged-container');
    expect(part).not.toContain('run-as-non-root');
    expect(part).not.toContain('seccomp-profile-missing');
    expect(part.length).toBeLessThan(full.length);
  });

  it('treats a pod template without containers as partial on its own', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        template:
          spec:
            hostNetwork: true
    `;
    const got = engine.check(text, new Project([]).plan('/x.yaml', {}).config).findings.map((f) => f.ruleId);
    expect(got).toEqual(['host-network']);
  });
});

describe('pod templates of custom resources', () => {
  const engine = new Engine(rules, { cache: false });
  const config = new Project([]).plan('/x.yaml', {}).config;
  const spec = `
  template:
    spec:
      containers:
        - name: app
          image: nginx
          securityContext:
            privileged: true`;
  it.each([
    ['argoproj.io/v1alpha1', 'Rollout'],
    ['apps.kruise.io/v1alpha1', 'CloneSet'],
    ['serving.knative.dev/v1', 'Service'],
  ])('%s %s is checked like a Deployment', (apiVersion, kind) => {
    const text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: x }\nspec:${spec}\n`;
    const f = engine.check(text, config).findings.find((x) => x.ruleId === 'privileged-container');
    expect(f?.object.kind).toBe(kind);
  });

  it('stays silent on other kinds, including a core Service and unknown CRDs', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Service'],
      ['example.com/v1', 'Widget'],
      ['stable.example.com/v1', 'CronTab'],
    ]) {
      const text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: x }\nspec:${spec}\n`;
      // A core Service has no pod template: the only finding is that `spec.template` is not a field
      // of ServiceSpec (unknown-field); custom resources of unknown kinds stay silent altogether.
      const found = engine.check(text, config).findings.map((f) => `${f.ruleId} ${f.path ?? ''}`);
      expect(found).toEqual(kind === 'Service' ? ['unknown-field spec.template'] : []);
    }
  });
});
