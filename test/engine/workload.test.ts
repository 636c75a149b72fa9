// server/src/engine/workload.ts: where each workload kind keeps its pod template, the pod view of an
// object (spec, metadata, every container of the three lists with where its missing fields are
// reported), and the effective value of settings a container inherits from its pod.
import { describe, expect, it } from 'vitest';
import type { Scalar } from 'yaml';
import { parseChunk, type K8sObject } from '../../server/src/engine/parse';
import {
  apiGroup,
  containerField,
  effective,
  podView,
  templateLocation,
  type PodView,
} from '../../server/src/engine/workload';
import { yaml } from '../../server/src/engine/yaml-tag';

function objectOf(text: string): K8sObject {
  const parsed = parseChunk(text);
  expect(parsed.errors).toEqual([]);
  const obj = parsed.objects[0];
  if (!obj) throw new Error('no object');
  return obj;
}

function viewOf(text: string): { view: PodView; text: string } {
  const view = podView(objectOf(text));
  if (!view) throw new Error('no pod view');
  return { view, text };
}

describe('apiGroup / templateLocation', () => {
  it('apiGroup is the part before the slash, empty for the core group', () => {
    expect(apiGroup('apps/v1')).toBe('apps');
    expect(apiGroup('serving.knative.dev/v1')).toBe('serving.knative.dev');
    expect(apiGroup('v1')).toBe('');
  });

  it('locates the pod template of each workload kind', () => {
    expect(templateLocation({ kind: 'Pod', apiVersion: 'v1' })).toEqual({
      spec: ['spec'],
      metadata: ['metadata'],
    });
    expect(templateLocation({ kind: 'Deployment', apiVersion: 'apps/v1' })?.spec).toEqual([
      'spec',
      'template',
      'spec',
    ]);
    expect(templateLocation({ kind: 'PodTemplate', apiVersion: 'v1' })?.metadata).toEqual([
      'template',
      'metadata',
    ]);
    expect(templateLocation({ kind: 'CronJob', apiVersion: 'batch/v1' })?.spec).toEqual([
      'spec',
      'jobTemplate',
      'spec',
      'template',
      'spec',
    ]);
    // A wrong apiVersion is the API server's business: the kind alone decides.
    expect(templateLocation({ kind: 'StatefulSet', apiVersion: 'v1' })?.spec).toEqual([
      'spec',
      'template',
      'spec',
    ]);
  });

  it('a shared kind name needs its API group: a Knative Service has a template, a core Service none', () => {
    expect(templateLocation({ kind: 'Service', apiVersion: 'serving.knative.dev/v1' })?.spec).toEqual([
      'spec',
      'template',
      'spec',
    ]);
    expect(templateLocation({ kind: 'Service', apiVersion: 'v1' })).toBeUndefined();
    expect(templateLocation({ kind: 'ConfigMap', apiVersion: 'v1' })).toBeUndefined();
  });
});

describe('podView', () => {
  it('lists the containers of all three lists in order, with their list, index and name', () => {
    const { view } = viewOf(yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          metadata:
            labels: {app: web}
          spec:
            initContainers:
              - name: setup
            containers:
              - name: app
              - name: sidecar
            ephemeralContainers:
              - name: debug
    `);
    expect(view.containers.map((c) => [c.list, c.index, c.name])).toEqual([
      ['containers', 0, 'app'],
      ['containers', 1, 'sidecar'],
      ['initContainers', 0, 'setup'],
      ['ephemeralContainers', 0, 'debug'],
    ]);
    expect(view.specPath).toEqual(['spec', 'template', 'spec']);
    expect(view.metadataPath).toEqual(['spec', 'template', 'metadata']);
    expect(view.metadata?.items.length).toBe(1);
    expect(view.specField.key.value).toBe('spec');
    expect(view.object.name).toBe('web');
  });

  it('anchors each container: its `name:` pair, else its first key, else where the item starts', () => {
    const { view, text } = viewOf(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: nginx
          - image: busybox
          - {}
          - not a map
    `);
    const at = (i: number): string => {
      const a = view.containers[i]?.anchor;
      return a ? text.slice(a.start, a.end) : '<none>';
    };
    expect(view.containers.map((c) => c.name)).toEqual(['app', 'containers[1]', 'containers[2]']);
    expect([at(0), at(1), at(2)]).toEqual(['name: app', 'image', '']);
    expect(view.containers[2]?.anchor.start).toBe(text.indexOf('{}'));
    expect(view.containers[0]?.nameField?.key.value).toBe('name');
    expect(view.containers[1]?.nameField).toBeUndefined();
  });

  it('reads the pod and container securityContext, Windows and user namespaces', () => {
    const { view } = viewOf(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        os: {name: windows}
        hostUsers: false
        securityContext: {runAsNonRoot: true}
        containers:
          - name: app
            securityContext: {privileged: true}
    `);
    expect(view.isWindows).toBe(true);
    expect(view.userNamespaces).toBe(true);
    expect(view.securityContext?.key.value).toBe('securityContext');
    expect(view.containers[0]?.securityContext?.key.range?.[0]).toBeGreaterThan(0);
    const linux = viewOf(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: linux}\n  hostUsers: true\n  containers: []\n',
    );
    expect([linux.view.isWindows, linux.view.userNamespaces, linux.view.containers]).toEqual([
      false,
      false,
      [],
    ]);
  });

  it('is undefined for kinds without a pod template, and for a pod spec that is not a map', () => {
    expect(podView(objectOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'))).toBeUndefined();
    expect(podView(objectOf('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: [x]\n'))).toBeUndefined();
    expect(podView(objectOf('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n'))).toBeUndefined();
  });
});

describe('effective / containerField', () => {
  const { view } = viewOf(yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      securityContext:
        runAsUser: 1000
        runAsGroup: 3000
      containers:
        - name: own
          securityContext:
            runAsUser: 2000
            runAsGroup:
            capabilities:
              drop: [ALL]
        - name: bare
  `);
  const [own, bare] = view.containers;
  if (!own || !bare) throw new Error('two containers expected');
  const valueOf = (r: ReturnType<typeof effective>): unknown => (r?.field.value as Scalar | undefined)?.value;

  it("the container's own value wins, else the pod's", () => {
    const mine = effective(view, own, 'runAsUser');
    expect([mine?.level, valueOf(mine)]).toEqual(['container', 2000]);
    const inherited = effective(view, bare, 'runAsUser');
    expect([inherited?.level, valueOf(inherited)]).toEqual(['pod', 1000]);
  });

  it("an empty container value does not hide the pod's; nothing set anywhere is undefined", () => {
    const group = effective(view, own, 'runAsGroup');
    expect([group?.level, valueOf(group)]).toEqual(['pod', 3000]);
    expect(effective(view, bare, 'seccompProfile')).toBeUndefined();
  });

  it("containerField reads the container's own securityContext only", () => {
    expect(containerField(own, 'capabilities', 'drop')?.key.value).toBe('drop');
    expect(containerField(bare, 'runAsUser')).toBeUndefined();
  });
});
