import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument } from 'yaml';
import { yaml } from '../../engine/yaml-tag';
import { embeddedText, isRemote, parseKustomization, toFileOffset } from './kustomization';

function slice(text: string, s: { start: number; end: number } | undefined): string | undefined {
  return s && text.slice(s.start, s.end);
}

describe('parseKustomization', () => {
  const text = yaml`
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    namespace: shop-prod
    namePrefix: prod-
    resources:
      - ../../base
      - extra.yaml
    components:
      - ../../components/debug
    images:
      - name: nginx
        newTag: latest
    replicas:
      - name: web
        count: 3
    commonLabels:
      team: web
    labels:
      - pairs:
          tier: front
        includeSelectors: true
    patches:
      - path: privileged.yaml
      - target:
          kind: Deployment
          name: web.*
        patch: |-
          - op: add
            path: /spec/template/spec/hostNetwork
            value: true
    patchesStrategicMerge:
      - legacy.yaml
    configMapGenerator:
      - name: cfg
        files:
          - app.properties
          - key=other.txt
  `;
  const k = parseKustomization('overlays/prod/kustomization.yaml', text);

  it('keeps every entry with its exact place', () => {
    expect(k.errors).toEqual([]);
    expect(k.kind).toBe('Kustomization');
    expect(k.resources.map((r) => [r.value, slice(text, r)])).toEqual([
      ['../../base', '../../base'],
      ['extra.yaml', 'extra.yaml'],
    ]);
    expect(k.components.map((r) => r.value)).toEqual(['../../components/debug']);
    expect(
      k.images.map((i) => [i.name.value, String((i.newTag?.value as { value: unknown }).value)]),
    ).toEqual([['nginx', 'latest']]);
    expect(k.replicas.map((r) => [r.name.value, slice(text, r.entry)])).toEqual([
      ['web', 'name: web\n    count: 3'],
    ]);
    expect(k.labels.map((l) => [l.includeSelectors, l.includeTemplates])).toEqual([[true, true]]);
    expect(k.generators[0]?.files.map((f) => [f.value, slice(text, f)])).toEqual([
      ['app.properties', 'app.properties'],
      ['other.txt', 'other.txt'],
    ]);
  });

  it('reads patches from all three fields, inline ones with their text and target', () => {
    expect(k.patches.map((p) => [p.field, p.index, p.path?.value, p.inline?.text, p.target])).toEqual([
      ['patches', 0, 'privileged.yaml', undefined, undefined],
      [
        'patches',
        1,
        undefined,
        '- op: add\n  path: /spec/template/spec/hostNetwork\n  value: true',
        { kind: 'Deployment', name: 'web.*' },
      ],
      ['patchesStrategicMerge', 0, 'legacy.yaml', undefined, undefined],
    ]);
  });

  it('says Component for kind: Component, and lists YAML errors instead of throwing', () => {
    expect(parseKustomization('c/kustomization.yaml', 'kind: Component\n').kind).toBe('Component');
    const bad = parseKustomization('b/kustomization.yaml', 'resources:\n  - a.yaml\n  bad: [\n');
    expect(bad.errors.length).toBeGreaterThan(0);
  });
});

describe('embeddedText', () => {
  function scalar(text: string, key: string) {
    const doc = parseDocument(text, { keepSourceTokens: true });
    const node = doc.get(key, true);
    if (!isScalar(node)) throw new Error('no scalar');
    return node;
  }

  it.each([
    ['|-', 'patch: |-\n  a: 1\n\n  b:\n    c: 2\nnext: x\n'],
    ['|', 'patch: |\n    a: 1\n    b: 2\n'],
    ['|+', 'patch: |+\n  a: 1\n\nnext: x\n'],
    ['|2 (explicit indentation)', 'patch: |2\n    a: 1\n  b: 2\n'],
  ])('maps every character of a %s block back to the file', (_name, text) => {
    const node = scalar(text, 'patch');
    const e = embeddedText(text, node);
    expect(e?.text).toBe(node.value);
    for (let i = 0; i < (e?.text.length ?? 0); i++) {
      const c = e?.text[i];
      if (c === '\n') continue;
      expect(text[toFileOffset(e!, i) ?? -1]).toBe(c);
    }
  });

  it('maps a one-line quoted JSON patch, and declines folded or escaped text', () => {
    const json = `patch: '[{"op": "add", "path": "/spec/hostPID", "value": true}]'\n`;
    const e = embeddedText(json, scalar(json, 'patch'));
    expect(e?.block).toBe(false);
    expect(json.slice(toFileOffset(e!, 2), toFileOffset(e!, 6))).toBe('"op"');
    const folded = 'patch: >\n  a: 1\n  b: 2\n';
    expect(embeddedText(folded, scalar(folded, 'patch'))).toBeUndefined();
    const escaped = 'patch: "a: \\"x\\""\n';
    expect(embeddedText(escaped, scalar(escaped, 'patch'))).toBeUndefined();
  });
});

describe('isRemote', () => {
  it.each([
    ['https://github.com/example/platform//deploy?ref=v1', true],
    ['http://example.com/crds.yaml', true],
    ['git::https://example.com/repo.git', true],
    ['git@github.com:example/repo.git', true],
    ['ssh://git@example.com/repo', true],
    ['github.com/example/platform/base?ref=main', true],
    ['gitlab.com/group/repo//base', true],
    ['example.com/repo.git//base', true],
    ['../../base', false],
    ['deployment.yaml', false],
    ['github.yaml', false],
    ['./github.com-notes/x.yaml', false],
  ])('%s → %s', (entry, remote) => {
    expect(isRemote(entry)).toBe(remote);
  });
});
