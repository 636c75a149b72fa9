import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { lineCol } from '../../../../test/support/helm';
import { helmBinary } from '../../../../test/support/tools';
import {
  loadChartFiles,
  missingDependencies,
  packagedChartName,
  readChartYaml,
  vendoredCharts,
} from './chart';

const CHARTS = resolve(__dirname, '../../../../test/fixtures/charts');

describe('Chart.yaml', () => {
  it('reads name, versions and dependencies with the range of each entry', () => {
    const text = readFileSync(join(CHARTS, 'needs-redis/Chart.yaml'), 'utf8');
    const meta = readChartYaml(text);
    expect(meta?.name).toBe('needs-redis');
    expect(meta?.dependencies.map((d) => [d.name, d.version, d.repository, d.condition])).toEqual([
      ['common', '2.x.x', 'oci://registry-1.docker.io/bitnamicharts', undefined],
      ['redis', '19.6.4', 'https://charts.bitnami.com/bitnami', 'redis.enabled'],
    ]);
    const redis = meta?.dependencies[1];
    expect(text.slice(redis?.start, redis?.end)).toBe(
      'name: redis\n    version: 19.6.4\n    repository: https://charts.bitnami.com/bitnami\n    condition: redis.enabled',
    );
  });

  it('is undefined for text that is not a chart', () => {
    expect(readChartYaml('- a\n')).toBeUndefined();
    expect(readChartYaml('version: 1\n')).toBeUndefined();
  });
});

describe('missing dependencies', () => {
  it('names each dependency charts/ lacks, where it is declared, and the command that fetches it', () => {
    const dir = join(CHARTS, 'needs-redis');
    const text = readFileSync(join(dir, 'Chart.yaml'), 'utf8');
    const missing = missingDependencies(dir);
    expect(missing.map((m) => [m.dependency.name, m.file, lineCol(text, m.start), m.command])).toEqual([
      ['common', 'Chart.yaml', { line: 7, column: 5 }, 'helm dependency build'],
      ['redis', 'Chart.yaml', { line: 10, column: 5 }, 'helm dependency build'],
    ]);
    expect(missing[1]?.message).toBe(
      'Dependency "redis" (19.6.4) is declared in Chart.yaml but missing from charts/; the chart cannot be rendered until it is fetched: run `helm dependency build` in the chart\'s folder',
    );
  });

  it('counts a vendored folder and a packaged .tgz (by the name inside it) as present', () => {
    const dir = tempTree('kw-deps-', {
      'Chart.yaml':
        'apiVersion: v2\nname: p\nversion: 0.1.0\ndependencies:\n  - name: db\n    version: 0.3.0\n  - name: cache\n    version: 1.0.0\n',
    });
    expect(missingDependencies(dir).map((m) => m.dependency.name)).toEqual(['db', 'cache']);
    cpSync(join(CHARTS, 'platform/charts/db'), join(dir, 'charts/db'), { recursive: true });
    const cacheSrc = tempTree('kw-cache-', {
      'cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 1.0.0\n',
      'cache/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
    });
    execFileSync(helmBinary(), ['package', join(cacheSrc, 'cache'), '--destination', join(dir, 'charts')]);
    expect(packagedChartName(readFileSync(join(dir, 'charts/cache-1.0.0.tgz')))).toBe('cache');
    expect([...vendoredCharts(dir)]).toEqual([
      ['cache', { path: 'charts/cache-1.0.0.tgz', packaged: true }],
      ['db', { path: 'charts/db', packaged: false }],
    ]);
    expect(missingDependencies(dir)).toEqual([]);
  });
});

describe('loadChartFiles', () => {
  it('reads the chart, its templates and unpacked subcharts, with editor text over disk text', () => {
    const files = loadChartFiles(join(CHARTS, 'platform'), new Map([['values.yaml', 'edited: true\n']]));
    expect(files.name).toBe('platform');
    expect([...files.files.keys()].sort()).toEqual([
      'Chart.yaml',
      'charts/db/Chart.yaml',
      'charts/db/templates/statefulset.yaml',
      'charts/db/values.yaml',
      'templates/rbac.yaml',
      'values.yaml',
    ]);
    expect(files.files.get('values.yaml')).toBe('edited: true\n');
  });
});
