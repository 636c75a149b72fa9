import { describe, expect, it } from 'vitest';
import { yaml } from '../server/src/engine/yaml-tag';
import { mergeConfig, parseProjectConfig } from '../server/src/project-config';
import { rules } from '../server/src/rules/index';

const known = new Set(rules.map((r) => r.id));

function at(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

describe('.kubeward.yaml', () => {
  it('reads every field', () => {
    const { config, problems } = parseProjectConfig(
      yaml`
        profile: restricted
        kubernetesVersion: "1.30"
        rules:
          host-network: off
          privileged-container: { level: warning, options: { allow: [debug] } }
        exclude: [charts/**, legacy]
        exceptions:
          - rules: [host-path-volume]
            paths: [monitoring/**]
            namespaces: [kube-system]
            reason: node exporter needs /proc
            until: 2030-01-01
        strict: [privileged-container]
        requireSuppressionReason: false
        helm:
          charts:
            - path: charts/web
              valueFiles: [charts/web/values-prod.yaml]
              set: [image.tag=1.2.3]
              releaseName: web
              namespace: shop
            - path: charts/db
      `,
      known,
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      profile: 'restricted',
      kubernetesVersion: '1.30',
      rules: { 'host-network': 'off', 'privileged-container': 'warning' },
      ruleOptions: { 'privileged-container': { allow: ['debug'] } },
      exclude: ['charts/**', 'legacy'],
      exceptions: [
        {
          rules: ['host-path-volume'],
          paths: ['monitoring/**'],
          namespaces: ['kube-system'],
          reason: 'node exporter needs /proc',
          until: '2030-01-01',
        },
      ],
      strict: ['privileged-container'],
      requireSuppressionReason: false,
      helmCharts: [
        {
          path: 'charts/web',
          valueFiles: ['charts/web/values-prod.yaml'],
          set: ['image.tag=1.2.3'],
          setAt: [{ start: 495, end: 510 }],
          releaseName: 'web',
          namespace: 'shop',
        },
        { path: 'charts/db', valueFiles: [], set: [] },
      ],
    });
  });

  it('helm.charts: a bad entry is reported and the good ones kept; no key names a program', () => {
    const text = yaml`
      helm:
        charts:
          - path: charts/web
            releaseName: Web_1
          - path: charts/db
          - path: charts/x
            binary: /tmp/evil
    `;
    const { config, problems } = parseProjectConfig(text, known);
    expect(problems.map((p) => [at(text, p.start), p.message])).toEqual([
      ['4:20', 'helm.charts[0].releaseName: "Web_1" does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$.'],
      ['7:7', 'helm.charts[2]: unknown key "binary".'],
    ]);
    expect(config.helmCharts).toEqual([{ path: 'charts/db', valueFiles: [], set: [] }]);
  });

  it('kustomize.roots: the folders to build; a key that names a program is refused', () => {
    const good = parseProjectConfig(
      yaml`
      kustomize:
        roots: [overlays/prod, overlays/staging]
    `,
      known,
    );
    expect(good.problems).toEqual([]);
    expect(good.config.kustomizeRoots).toEqual(['overlays/prod', 'overlays/staging']);
    const text = yaml`
      kustomize:
        roots: [overlays/prod]
        binary: /tmp/evil
    `;
    const bad = parseProjectConfig(text, known);
    expect(bad.problems.map((p) => [at(text, p.start), p.message])).toEqual([
      ['3:3', 'kustomize: unknown key "binary".'],
    ]);
    expect(parseProjectConfig('profile: baseline\n', known).config.kustomizeRoots).toBeUndefined();
  });

  it('reports mistakes at their exact ranges and keeps the valid parts', () => {
    const text = yaml`
      profile: strict
      kubernetesVersion: 1.30
      rulez: {}
      rules:
        host-netwrk: off
        host-pid: loud
      exceptions:
        - paths: [a]
    `;
    const { config, problems } = parseProjectConfig(text, known);
    const shown = problems.map((p) => `${at(text, p.start)}-${at(text, p.end)} ${p.severity} ${p.message}`);
    expect(shown).toEqual([
      '1:10-1:16 error profile: "strict" is not one of baseline, restricted, recommended, all.',
      '2:1-2:24 error kubernetesVersion: expected a string, got number.',
      '3:1-3:6 error unknown key "rulez" (did you mean "rules"?).',
      '6:13-6:17 error rules.host-pid: "loud" is not one of off, on, error, warning, info, hint.',
      '8:5-8:10 error exceptions[0]: "rules" is required.',
      '5:3-5:14 warning rules: unknown rule "host-netwrk" (did you mean "host-network"?).',
    ]);
    expect(config.profile).toBeUndefined();
    expect(config.rules).toEqual({});
    expect(config.exceptions).toEqual([]);
  });

  it('reports YAML syntax errors and never throws', () => {
    expect(parseProjectConfig('profile: [\n').problems[0]?.message).toMatch(/^YAML:/);
    expect(parseProjectConfig('').problems).toEqual([]);
    expect(parseProjectConfig('- a\n').problems[0]?.message).toBe(': expected an object, got array.');
  });
});

describe('mergeConfig', () => {
  const project = parseProjectConfig('profile: baseline\nrules: { host-pid: off, host-ipc: error }\n').config;

  it('applies the file where the editor settings are at their defaults', () => {
    const c = mergeConfig(project, { profile: 'recommended', rules: {} });
    expect(c.profile).toBe('baseline');
    expect(c.rules).toEqual({ 'host-pid': 'off', 'host-ipc': 'error' });
  });

  it('lets non-default settings and per-rule settings win', () => {
    const c = mergeConfig(project, { profile: 'all', rules: { 'host-pid': 'warning' } });
    expect(c.profile).toBe('all');
    expect(c.rules).toEqual({ 'host-pid': 'warning', 'host-ipc': 'error' });
  });

  it('lets explicit CLI flags win even at their default value', () => {
    expect(mergeConfig(project, { profile: 'recommended' }, true).profile).toBe('recommended');
  });
});
