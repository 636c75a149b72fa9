import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { lineCol, packagedCopy, renderAndMap, type Mapped } from '../../../../test/support/helm';
import {
  groupByOrigin,
  originKey,
  parsePath,
  pathString,
  scalarPaths,
  type MappedDoc,
  type Origin,
} from './map';
import type { ValuesSource } from './values';

const CHARTS = resolve(__dirname, '../../../../test/fixtures/charts');

/** `file:line:column` of an origin, and the text it covers. */
function where(m: Mapped, o: Origin, texts: Record<string, string> = {}): string {
  const text = texts[o.file] ?? m.shadow.chartFiles().files.get(o.file) ?? '';
  const { line, column } = lineCol(text, o.start);
  return `${o.via} ${o.file}:${line}:${column} ${text.slice(o.start, o.end)}`;
}

function doc(m: Mapped, template: string, kind?: string): MappedDoc {
  const d = m.map.docs.find((x) => x.template === template && (!kind || x.text.includes(`kind: ${kind}`)));
  if (!d) throw new Error(`no document from ${template}`);
  return d;
}

describe('paths', () => {
  it('round-trips object paths through their string form', () => {
    const p = ['spec', 'containers', 0, 'securityContext', 'app.kubernetes.io/name'];
    expect(pathString(p)).toBe('spec.containers[0].securityContext["app.kubernetes.io/name"]');
    expect(parsePath(pathString(p))).toEqual(p);
  });
});

describe('the helm create scaffold (webapp)', () => {
  let m: Mapped;
  beforeAll(async () => {
    m = await renderAndMap(join(CHARTS, 'webapp'));
  });

  it('traces every document exactly', () => {
    expect(m.map.docs.map((d) => [d.template, d.trace])).toEqual([
      ['templates/serviceaccount.yaml', 'exact'],
      ['templates/service.yaml', 'exact'],
      ['templates/deployment.yaml', 'exact'],
      ['templates/tests/test-connection.yaml', 'exact'],
    ]);
  });

  it.each([
    ['spec.replicas', 'values values.yaml:6:1 replicaCount: 1', 'templates/deployment.yaml:9:3'],
    [
      'spec.template.spec.containers[0].imagePullPolicy',
      'values values.yaml:12:3 pullPolicy: IfNotPresent',
      'templates/deployment.yaml:42:11',
    ],
    [
      'spec.template.spec.containers[0].livenessProbe.httpGet.port',
      'values values.yaml:92:5 port: http',
      'templates/deployment.yaml:49:13',
    ],
    [
      'spec.template.spec.containers[0].ports[0].protocol',
      'template templates/deployment.yaml:46:15 protocol: TCP',
      undefined,
    ],
    [
      'spec.template.spec.containers[0].image',
      'template templates/deployment.yaml:41:11 image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      undefined,
    ],
  ])('%s → %s', (path, expected, pulled) => {
    const o = doc(m, 'templates/deployment.yaml').locate(path);
    expect(where(m, o)).toBe(expected);
    if (pulled)
      expect(
        o.pulledInAt &&
          `${o.pulledInAt.file}:${Object.values(lineCol(m.shadow.chartFiles().files.get(o.pulledInAt.file) ?? '', o.pulledInAt.start)).join(':')}`,
      ).toBe(pulled);
    else expect(o.pulledInAt).toBeUndefined();
  });

  it('puts a missing pod securityContext field on `podSecurityContext: {}` (the with-block renders nothing)', () => {
    const o = doc(m, 'templates/deployment.yaml').locate('spec.template.spec.securityContext.runAsNonRoot', {
      missing: true,
    });
    expect(where(m, o)).toBe('values values.yaml:41:1 podSecurityContext');
    // Where the block is written in the template, for related information.
    expect(where(m, { ...o, ...o.pulledInAt!, via: 'template' })).toBe(
      'template templates/deployment.yaml:32:7 securityContext',
    );
  });

  it('puts a missing container securityContext field on `securityContext: {}`', () => {
    const o = doc(m, 'templates/deployment.yaml').locate(
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      {
        missing: true,
      },
    );
    expect(where(m, o)).toBe('values values.yaml:44:1 securityContext');
  });

  it('puts a missing field of a literal block on the nearest literal key', () => {
    const o = doc(m, 'templates/deployment.yaml').locate('spec.template.spec.hostPID', { missing: true });
    expect(where(m, o)).toBe('template templates/deployment.yaml:25:5 spec');
  });
});

describe('extra containers from values, with blocks and include helpers (sidecars)', () => {
  let m: Mapped;
  let d: MappedDoc;
  beforeAll(async () => {
    m = await renderAndMap(join(CHARTS, 'sidecars'));
    d = doc(m, 'templates/deployment.yaml');
  });

  it.each([
    ['spec.template.spec.hostPID', 'template templates/deployment.yaml:14:7 hostPID: true'],
    ['spec.template.spec.hostNetwork', 'values values.yaml:21:1 hostNetwork: false'],
    ['spec.template.spec.securityContext.runAsUser', 'values values.yaml:16:3 runAsUser: 0'],
    [
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'values values.yaml:19:3 allowPrivilegeEscalation: true',
    ],
    ['spec.template.spec.containers[0].env[1].value', 'values values.yaml:25:3 MODE: prod'],
    [
      'spec.template.spec.containers[1].securityContext.privileged',
      'values values.yaml:10:7 privileged: true',
    ],
    ['spec.template.spec.containers[2].image', 'values values.yaml:12:5 image: prom/statsd-exporter:v0.26.0'],
  ])('%s → %s', (path, expected) => {
    expect(where(m, d.locate(path))).toBe(expected);
  });

  it.each([
    ['spec.template.spec.securityContext.runAsNonRoot', 'values values.yaml:15:1 podSecurityContext'],
    [
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      'values values.yaml:18:1 containerSecurityContext',
    ],
    [
      'spec.template.spec.containers[1].securityContext.runAsNonRoot',
      'values values.yaml:9:5 securityContext',
    ],
    // `securityContext: {}` of the second extra container: the with-block rendered nothing.
    [
      'spec.template.spec.containers[2].securityContext.runAsNonRoot',
      'values values.yaml:13:5 securityContext',
    ],
  ])('missing %s → %s', (path, expected) => {
    expect(where(m, d.locate(path, { missing: true }))).toBe(expected);
  });

  it('names the iteration of a range, and groups what iterations share', () => {
    const a = d.locate('spec.template.spec.containers[1].name');
    const b = d.locate('spec.template.spec.containers[2].name');
    expect(a.iteration).toEqual({ file: 'templates/deployment.yaml', rangeLines: [27], keys: ['0'] });
    expect(b.iteration?.keys).toEqual(['1']);
    expect(originKey(a)).not.toBe(originKey(b));
    expect(a.pulledInAt).toEqual(b.pulledInAt);
    const n0 = d.locate('spec.template.spec.containers[0].env[0].name');
    const n1 = d.locate('spec.template.spec.containers[0].env[1].name');
    expect(originKey(n0)).toBe(originKey(n1));
    expect([n0.iteration?.keys, n1.iteration?.keys]).toEqual([['LOG_LEVEL'], ['MODE']]);
    const groups = groupByOrigin(
      ['env[0].name', 'env[1].name', 'env[1].value'].map((p) => `spec.template.spec.containers[0].${p}`),
      (p) => d.locate(p),
    );
    expect(groups.map((g) => [g.items.length, g.iterations.map((i) => i.keys.join())])).toEqual([
      [2, ['LOG_LEVEL', 'MODE']],
      [1, ['MODE']],
    ]);
  });

  it('takes the values file that sets a path last, then --set entries', async () => {
    const prod = 'podSecurityContext:\n  runAsUser: 1000\nhostNetwork: true\n';
    const expr = 'extraContainers[0].securityContext.privileged=false';
    const settings = `{"set": ["${expr}"]}\n`;
    const dir = tempTree('kw-prec-', { 'prod.yaml': prod, 'settings.json': settings });
    const values: ValuesSource[] = [
      { kind: 'file', file: join(dir, 'prod.yaml'), text: prod },
      {
        kind: 'set',
        entries: [
          {
            expression: expr,
            file: join(dir, 'settings.json'),
            start: settings.indexOf(expr),
            end: settings.indexOf(expr) + expr.length,
          },
        ],
      },
    ];
    const p = await renderAndMap(join(CHARTS, 'sidecars'), {
      valuesFiles: [join(dir, 'prod.yaml')],
      set: [expr],
      values,
    });
    const pd = doc(p, 'templates/deployment.yaml');
    const texts = { [join(dir, 'prod.yaml')]: prod, [join(dir, 'settings.json')]: settings };
    const rel = (o: Origin): string => where(p, o, texts).replace(dir, '<tmp>');
    expect(rel(pd.locate('spec.template.spec.securityContext.runAsUser'))).toBe(
      'values <tmp>/prod.yaml:2:3 runAsUser: 1000',
    );
    expect(rel(pd.locate('spec.template.spec.hostNetwork'))).toBe(
      'values <tmp>/prod.yaml:3:1 hostNetwork: true',
    );
    expect(rel(pd.locate('spec.template.spec.containers[1].securityContext.privileged'))).toBe(
      `set <tmp>/settings.json:1:11 ${expr}`,
    );
    // A --set into a list replaces the whole list: the second extra container is gone, the first has no name.
    expect(pd.text).not.toContain('metrics');
    expect(rel(pd.locate('spec.template.spec.containers[1].name'))).toBe(
      `set <tmp>/settings.json:1:11 ${expr}`,
    );
    // Not overridden: still the chart's values.yaml.
    expect(rel(pd.locate('spec.template.spec.containers[0].env[1].value'))).toBe(
      'values values.yaml:25:3 MODE: prod',
    );
  });
});

describe('a parent chart with a subchart and RBAC (platform)', () => {
  let m: Mapped;
  beforeAll(async () => {
    m = await renderAndMap(join(CHARTS, 'platform'));
  });

  it('maps subchart documents to the subchart template, and values to the parent or the subchart', () => {
    const d = doc(m, 'charts/db/templates/statefulset.yaml');
    expect(d.source).toBe('platform/charts/db/templates/statefulset.yaml');
    expect(where(m, d.locate('spec.template.spec.containers[0].securityContext.privileged'))).toBe(
      'values values.yaml:15:5 privileged: true',
    );
    expect(where(m, d.locate('spec.template.spec.containers[0].securityContext.runAsUser'))).toBe(
      'values charts/db/values.yaml:4:3 runAsUser: 999',
    );
    expect(where(m, d.locate('spec.template.spec.volumes[0].hostPath.path'))).toBe(
      'values charts/db/values.yaml:6:3 hostPath: /var/lib/db',
    );
    expect(
      where(m, d.locate('spec.template.spec.containers[0].securityContext.runAsNonRoot', { missing: true })),
    ).toBe('values values.yaml:14:3 securityContext');
  });

  it('maps literal RBAC rules to template lines and range-fed subjects to values', () => {
    const role = doc(m, 'templates/rbac.yaml', 'ClusterRole\n');
    expect(where(m, role.locate('rules[0].verbs[0]'))).toBe('template templates/rbac.yaml:9:13 "*"');
    expect(where(m, role.locate('rules[1].verbs[1]'))).toBe('template templates/rbac.yaml:15:9 list');
    const binding = doc(m, 'templates/rbac.yaml', 'ClusterRoleBinding');
    expect(where(m, binding.locate('subjects[2].name'))).toBe(
      'values values.yaml:11:7 name: system:authenticated',
    );
    expect(where(m, binding.locate('subjects[0].name'))).toBe(
      'template templates/rbac.yaml:27:5 name: platform',
    );
  });
});

describe('a helper that writes the securityContext itself, in if/else branches (as ingress-nginx does)', () => {
  const chart = {
    'Chart.yaml': 'apiVersion: v2\nname: helper\nversion: 0.1.0\n',
    'values.yaml': [
      'image:',
      '  runAsUser: 101',
      '  readOnlyRootFilesystem: false',
      '  seccompProfile:',
      '    type: RuntimeDefault',
      'containerSecurityContext: {}',
      '',
    ].join('\n'),
    'templates/_helpers.tpl': [
      '{{- define "helper.sc" -}}',
      '{{- if .Values.containerSecurityContext -}}',
      '{{- toYaml .Values.containerSecurityContext -}}',
      '{{- else -}}',
      'runAsUser: {{ .Values.image.runAsUser }}',
      'seccompProfile: {{ toYaml .Values.image.seccompProfile | nindent 2 }}',
      'capabilities:',
      '  drop:',
      '  - ALL',
      'readOnlyRootFilesystem: {{ .Values.image.readOnlyRootFilesystem }}',
      '{{- end -}}',
      '{{- end -}}',
      '',
    ].join('\n'),
    'templates/pod.yaml': [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: helper',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: app:1',
      '      securityContext: {{ include "helper.sc" . | nindent 8 }}',
      '',
    ].join('\n'),
  };

  it('follows the branch the values select into the helper, to values keys and helper lines', async () => {
    const m = await renderAndMap(tempTree('kw-helper-', chart));
    const d = doc(m, 'templates/pod.yaml');
    const sc = 'spec.containers[0].securityContext';
    expect(where(m, d.locate(`${sc}.readOnlyRootFilesystem`))).toBe(
      'values values.yaml:3:3 readOnlyRootFilesystem: false',
    );
    expect(where(m, d.locate(`${sc}.seccompProfile.type`))).toBe(
      'values values.yaml:5:5 type: RuntimeDefault',
    );
    expect(where(m, d.locate(`${sc}.capabilities.drop[0]`))).toBe('template templates/_helpers.tpl:9:5 ALL');
    expect(d.locate(`${sc}.runAsUser`).pulledInAt?.file).toBe('templates/pod.yaml');
  });

  it('takes the other branch when the values select it', async () => {
    const values = chart['values.yaml'].replace(
      'containerSecurityContext: {}',
      'containerSecurityContext:\n  privileged: true',
    );
    const m = await renderAndMap(tempTree('kw-helper2-', { ...chart, 'values.yaml': values }));
    const d = doc(m, 'templates/pod.yaml');
    expect(where(m, d.locate('spec.containers[0].securityContext.privileged'))).toBe(
      'values values.yaml:7:3 privileged: true',
    );
  });
});

describe('a packaged subchart (charts/db-0.3.0.tgz)', () => {
  let m: Mapped;
  let d: MappedDoc;
  beforeAll(async () => {
    m = await renderAndMap(packagedCopy(join(CHARTS, 'platform'), 'db'));
    d = doc(m, 'charts/db/templates/statefulset.yaml');
  });

  it('traces its templates in the shadow but never points inside the archive', () => {
    expect(d.trace).toBe('exact');
    expect(where(m, d.locate('spec.template.spec.containers[0].securityContext.privileged'))).toBe(
      'values values.yaml:15:5 privileged: true',
    );
    // A default of the package: the nearest key an override would go under, in the parent's values.
    expect(where(m, d.locate('spec.template.spec.containers[0].securityContext.runAsUser'))).toBe(
      'values values.yaml:14:3 securityContext',
    );
    expect(where(m, d.locate('spec.template.spec.volumes[0].hostPath.path'))).toBe(
      'values values.yaml:13:1 db',
    );
    // Written literally in the package's template: the dependency entry that brings it in.
    expect(where(m, d.locate('spec.serviceName'))).toBe(
      'fallback Chart.yaml:8:5 name: db\n    version: 0.3.0\n    repository: file://charts/db',
    );
    expect(d.locate('spec.template.spec.containers[0].securityContext.runAsUser').pulledInAt).toBeUndefined();
  });
});

describe('every path of the fixture charts', () => {
  it.each(['webapp', 'sidecars', 'platform'])(
    '%s: locate stays inside the chart and never throws',
    async (name) => {
      const m = await renderAndMap(join(CHARTS, name));
      const files = m.shadow.chartFiles().files;
      let n = 0;
      for (const d of m.map.docs) {
        const parsed = parseAllDocuments(d.text)[0];
        for (const p of scalarPaths(parsed?.contents)) {
          for (const missing of [false, true]) {
            const o = d.locate(p, { missing });
            const text = files.get(o.file);
            expect(text, `${o.file} for ${pathString(p)}`).toBeDefined();
            expect(o.start).toBeGreaterThanOrEqual(0);
            expect(o.end).toBeLessThanOrEqual(text?.length ?? 0);
            expect(o.start).toBeLessThanOrEqual(o.end);
            n++;
          }
        }
      }
      expect(n).toBeGreaterThan(20);
    },
  );
});
