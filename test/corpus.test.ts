// Smoke run over ../shared/corpus/real: no throw, no rule crash, ranges inside the text, and the
// per-rule hit counts printed so a change in false positives shows up in review.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestFiles } from './support/files';
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../server/src/engine/config';
import { Engine } from '../server/src/engine/run';
import { rules } from '../server/src/rules/index';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'real');

describe('corpus smoke run', () => {
  it('checks all 345 real manifests under the narrowest and the widest profile without a crash', () => {
    const all = manifestFiles(corpus);
    expect(all.length).toBe(345);
    const engine = new Engine(rules, { cache: false });
    const counts: Record<string, number> = {};
    for (const profile of ['baseline', 'all'] as const) {
      const config = engineConfig({ profile });
      for (const f of all) {
        const text = readFileSync(f, 'utf8');
        const r = engine.check(text, config, undefined, f);
        expect(r.internalErrors, f).toEqual([]);
        for (const x of r.findings) {
          expect(x.start).toBeGreaterThanOrEqual(0);
          expect(x.end).toBeLessThanOrEqual(text.length);
          expect(x.start).toBeLessThanOrEqual(x.end);
          if (profile === 'all') counts[x.ruleId] = (counts[x.ruleId] ?? 0) + 1;
        }
      }
    }
    const table = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    process.stdout.write(
      `corpus hit counts (profile all): ${table.map(([k, v]) => `${k}=${v}`).join(' ')}\n`,
    );
    expect(table.length).toBeGreaterThan(10);
  });
});

describe('silence where no rule applies', () => {
  const engine = new Engine(rules, { cache: false });
  const all = engineConfig({ profile: 'all' });
  it.each([
    [
      'a GitHub workflow',
      'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --privileged x\n',
    ],
    [
      'a compose file',
      'services:\n  web:\n    image: nginx:latest\n    privileged: true\n    network_mode: host\n',
    ],
    [
      'a Helm values file',
      'image:\n  tag: latest\nsecurityContext:\n  privileged: true\nhostNetwork: true\n',
    ],
    [
      'a custom resource of an unknown kind',
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\nspec:\n  secretName: tls\n  privileged: true\n',
    ],
    [
      'a CRD',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x.example.com}\nspec:\n  group: example.com\n',
    ],
  ])('%s gets no findings', (_name, text) => {
    const r = engine.check(text, all);
    expect(r.findings).toEqual([]);
    expect(r.syntax).toEqual([]);
  });
});
