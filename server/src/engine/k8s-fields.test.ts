import { describe, expect, it } from 'vitest';
import {
  NEWEST_SCHEMA_MINOR,
  SCHEMA_MINORS,
  childPlace,
  editDistance,
  fieldStatus,
  maxEdits,
  placeAt,
  rootPlace,
  schemaMinor,
  schemaType,
  suggestNames,
  validNames,
  whereValid,
  type Place,
  type SchemaType,
} from './k8s-fields';

function typeAt(apiVersion: string, kind: string, path: (string | number)[]): SchemaType {
  const place = placeAt(apiVersion, kind, path);
  if (place.kind !== 'object') throw new Error(`${path.join('.')} is ${place.kind}`);
  return place.type;
}

const containerSc = typeAt('v1', 'Pod', ['spec', 'containers', 0, 'securityContext']);
const podSc = typeAt('v1', 'Pod', ['spec', 'securityContext']);
const podSpec = typeAt('v1', 'Pod', ['spec']);

function values(place: Place): readonly string[] | undefined {
  return place.kind === 'scalar' ? place.values : undefined;
}

describe('k8s-fields data', () => {
  it('covers every minor from 1.24 to 1.36 but 1.31 and 1.35, which no pinned source has', () => {
    expect(SCHEMA_MINORS).toEqual([24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 36]);
    expect(NEWEST_SCHEMA_MINOR).toBe(36);
    expect(schemaMinor(37)).toBe(36);
  });

  it('has the root of every built-in workload kind and of the objects around them', () => {
    const roots: [string, string, string][] = [
      ['v1', 'Pod', 'Pod'],
      ['v1', 'PodTemplate', 'PodTemplate'],
      ['v1', 'ReplicationController', 'ReplicationController'],
      ['apps/v1', 'Deployment', 'Deployment'],
      ['apps/v1', 'StatefulSet', 'StatefulSet'],
      ['apps/v1', 'DaemonSet', 'DaemonSet'],
      ['apps/v1', 'ReplicaSet', 'ReplicaSet'],
      ['batch/v1', 'Job', 'Job'],
      ['batch/v1', 'CronJob', 'CronJob'],
      ['v1', 'Service', 'Service'],
      ['networking.k8s.io/v1', 'Ingress', 'Ingress'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'NetworkPolicy'],
      ['rbac.authorization.k8s.io/v1', 'Role', 'Role'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'RoleBinding'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'ClusterRoleBinding'],
    ];
    for (const [apiVersion, kind, type] of roots) {
      const root = rootPlace(apiVersion, kind);
      expect(root.kind === 'object' && root.type.name, `${apiVersion} ${kind}`).toBe(type);
    }
  });

  it('reaches the security types through the workload kinds', () => {
    expect(typeAt('batch/v1', 'CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']).name).toBe(
      'PodSpec',
    );
    expect(containerSc.name).toBe('SecurityContext');
    expect(podSc.name).toBe('PodSecurityContext');
    expect(typeAt('v1', 'Pod', ['spec', 'initContainers', 0, 'securityContext', 'capabilities']).name).toBe(
      'Capabilities',
    );
    expect(
      typeAt('v1', 'Pod', ['spec', 'ephemeralContainers', 0, 'securityContext', 'seccompProfile']).name,
    ).toBe('SeccompProfile');
    expect(typeAt('v1', 'Pod', ['spec', 'securityContext', 'appArmorProfile']).name).toBe('AppArmorProfile');
    expect(typeAt('v1', 'Pod', ['spec', 'securityContext', 'seLinuxOptions']).name).toBe('SELinuxOptions');
    expect(typeAt('v1', 'Pod', ['spec', 'securityContext', 'windowsOptions']).name).toBe(
      'WindowsSecurityContextOptions',
    );
    expect(typeAt('v1', 'Pod', ['spec', 'volumes', 0, 'hostPath']).name).toBe('HostPathVolumeSource');
    expect(typeAt('apps/v1', 'StatefulSet', ['spec', 'volumeClaimTemplates', 0, 'spec']).name).toBe(
      'PersistentVolumeClaimSpec',
    );
    expect(typeAt('rbac.authorization.k8s.io/v1', 'RoleBinding', ['subjects', 0]).name).toBe('Subject');
    expect(typeAt('rbac.authorization.k8s.io/v1', 'ClusterRole', ['rules', 0]).name).toBe('PolicyRule');
  });

  it('gives the type of a place: lists, maps, scalars and free-form values', () => {
    expect(placeAt('v1', 'Pod', ['spec', 'containers']).kind).toBe('list');
    expect(placeAt('v1', 'Pod', ['spec', 'containers', 0, 'securityContext', 'runAsUser'])).toEqual({
      kind: 'scalar',
      scalar: 'integer',
      values: undefined,
    });
    expect(placeAt('v1', 'Pod', ['spec', 'containers', 0, 'resources', 'limits', 'cpu'])).toMatchObject({
      kind: 'scalar',
      scalar: 'quantity',
    });
    expect(placeAt('v1', 'Service', ['spec', 'ports', 0, 'targetPort'])).toMatchObject({
      scalar: 'int-or-string',
    });
    expect(placeAt('v1', 'Pod', ['metadata', 'creationTimestamp'])).toMatchObject({ scalar: 'time' });
  });
});

describe('free-form places', () => {
  it('lets annotation and label keys be anything', () => {
    expect(placeAt('v1', 'Pod', ['metadata', 'annotations']).kind).toBe('map');
    expect(placeAt('v1', 'Pod', ['metadata', 'annotations', 'kubeward.io/anything'])).toMatchObject({
      kind: 'scalar',
      scalar: 'string',
    });
    expect(placeAt('apps/v1', 'Deployment', ['spec', 'template', 'metadata', 'labels', 'app'])).toMatchObject(
      {
        kind: 'scalar',
      },
    );
  });

  it("treats an object's status, managed fields' fieldsV1 and whatever is below them as free-form", () => {
    expect(placeAt('apps/v1', 'Deployment', ['status'])).toEqual({ kind: 'free-form' });
    expect(placeAt('apps/v1', 'Deployment', ['status', 'anything', 0, 'at', 'all'])).toEqual({
      kind: 'free-form',
    });
    expect(placeAt('v1', 'Pod', ['metadata', 'managedFields', 0, 'fieldsV1', 'f:metadata'])).toEqual({
      kind: 'free-form',
    });
  });

  it('says nothing below an unknown field or a structural mismatch', () => {
    expect(placeAt('v1', 'Pod', ['spec', 'containerz'])).toMatchObject({
      kind: 'unknown-field',
      name: 'containerz',
    });
    expect(placeAt('v1', 'Pod', ['spec', 'containerz', 0, 'image'])).toEqual({ kind: 'free-form' });
    expect(placeAt('v1', 'Pod', ['spec', 'containers', 'name'])).toMatchObject({ kind: 'mismatch' });
    expect(placeAt('v1', 'Pod', ['spec', 0]).kind).toBe('mismatch');
    expect(placeAt('v1', 'Pod', ['spec', 'hostNetwork', 'x']).kind).toBe('mismatch');
  });
});

describe('custom resources and unknown kinds stay silent', () => {
  it('knows nothing of a custom resource', () => {
    expect(rootPlace('monitoring.coreos.com/v1', 'ServiceMonitor')).toEqual({ kind: 'unknown-kind' });
    expect(placeAt('monitoring.coreos.com/v1', 'ServiceMonitor', ['spec', 'endpointz'])).toEqual({
      kind: 'unknown-kind',
    });
    expect(whereValid('monitoring.coreos.com/v1', 'ServiceMonitor', 'hostNetwork', 37, ['spec'])).toEqual([]);
  });

  it('checks the pod template of the custom resources workload.ts knows, and only that', () => {
    expect(rootPlace('argoproj.io/v1alpha1', 'Rollout')).toMatchObject({ kind: 'object', open: true });
    expect(placeAt('argoproj.io/v1alpha1', 'Rollout', ['spec', 'strategy', 'canary'])).toEqual({
      kind: 'free-form',
    });
    expect(placeAt('argoproj.io/v1alpha1', 'Rollout', ['spec', 'template', 'spec'])).toMatchObject({
      kind: 'object',
      open: false,
    });
    expect(
      placeAt('argoproj.io/v1alpha1', 'Rollout', [
        'spec',
        'template',
        'spec',
        'containers',
        0,
        'securityContext',
        'x',
      ]),
    ).toMatchObject({ kind: 'unknown-field', name: 'x' });
    expect(
      placeAt('apps.openshift.io/v1', 'DeploymentConfig', ['spec', 'template', 'metadata', 'labels']),
    ).toMatchObject({ kind: 'map' });
    expect(whereValid('argoproj.io/v1alpha1', 'Rollout', 'hostNetwork', 37, ['spec'])).toEqual([
      { path: ['spec', 'template', 'spec'], distance: 2 },
    ]);
  });

  it("leaves Knative's pod spec open: it adds fields of its own, but its containers are core containers", () => {
    const spec = placeAt('serving.knative.dev/v1', 'Service', ['spec', 'template', 'spec']);
    expect(spec).toMatchObject({ kind: 'object', open: true });
    expect(childPlace(spec, 'containerConcurrency')).toEqual({ kind: 'free-form' });
    expect(
      placeAt('serving.knative.dev/v1', 'Service', [
        'spec',
        'template',
        'spec',
        'containers',
        0,
        'securityContex',
      ]),
    ).toMatchObject({ kind: 'unknown-field' });
  });

  it('reads the pod template of a workload kind in an API version the table lacks', () => {
    expect(placeAt('extensions/v1beta1', 'DaemonSet', ['spec', 'template', 'spec', 'hostPID'])).toMatchObject(
      {
        kind: 'scalar',
        scalar: 'boolean',
      },
    );
    expect(placeAt('extensions/v1beta1', 'DaemonSet', ['spec', 'updateStrategy'])).toEqual({
      kind: 'free-form',
    });
  });
});

describe('suggestions', () => {
  it('matches a name that differs only in case, whatever its length', () => {
    expect(suggestNames(containerSc, 'runAsNonroot', 37)).toEqual(['runAsNonRoot']);
    expect(suggestNames(containerSc, 'readOnlyRootFileSystem', 37)).toEqual(['readOnlyRootFilesystem']);
    expect(suggestNames(podSpec, 'HostNetwork', 37)).toEqual(['hostNetwork']);
  });

  it('suggests names within one edit per five characters typed', () => {
    expect(suggestNames(containerSc, 'allowPrivilegeEscalaton', 37)).toEqual(['allowPrivilegeEscalation']);
    expect(suggestNames(podSpec, 'hostNetwrok', 37)).toEqual(['hostNetwork']);
    expect(
      suggestNames(typeAt('v1', 'Pod', ['spec', 'volumes', 0, 'scaleIO']), 'protectionDoamin', 37),
    ).toEqual(['protectionDomain']);
    expect(suggestNames(containerSc, 'privilged', 37)).toEqual(['privileged']);
  });

  it('gives every name tied at the best distance, and none past the threshold', () => {
    expect(suggestNames(podSpec, 'hostPIC', 37)).toEqual(['hostIPC', 'hostPID']);
    expect(suggestNames(podSc, 'runAs', 37)).toEqual([]);
    expect(suggestNames(containerSc, 'allowEscalation', 37)).toEqual([]);
    expect(suggestNames(podSc, 'xyz', 37)).toEqual([]);
  });

  it('suggests only names the configured version has', () => {
    expect(suggestNames(containerSc, 'appArmorProfil', 37)).toEqual(['appArmorProfile']);
    expect(suggestNames(containerSc, 'appArmorProfil', 29)).toEqual([]);
  });

  it('documents its threshold: one edit per five characters, at least one', () => {
    expect([3, 4, 5, 9, 10, 12, 23].map(maxEdits)).toEqual([1, 1, 1, 1, 2, 2, 4]);
    expect(editDistance('hostnetwrok', 'hostnetwork', 2)).toBe(1);
    expect(editDistance('abc', 'abcdef', 2)).toBe(3);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });
});

describe('version gates', () => {
  it('knows appArmorProfile from 1.30 on, in both security contexts', () => {
    for (const type of [podSc, containerSc]) {
      expect(fieldStatus(type, 'appArmorProfile', 29)).toMatchObject({
        kind: 'too-new',
        since: 30,
        earliest: 30,
      });
      expect(fieldStatus(type, 'appArmorProfile', 30)).toMatchObject({ kind: 'valid' });
      expect(fieldStatus(type, 'appArmorProfile', 37)).toMatchObject({ kind: 'valid' });
    }
    expect(validNames(containerSc, 29)).not.toContain('appArmorProfile');
    expect(validNames(containerSc, 30)).toContain('appArmorProfile');
  });

  it('knows the sidecar restartPolicy of containers from 1.28 and hostUsers from 1.25', () => {
    const container = typeAt('v1', 'Pod', ['spec', 'initContainers', 0]);
    expect(fieldStatus(container, 'restartPolicy', 27)).toMatchObject({ kind: 'too-new', since: 28 });
    expect(fieldStatus(container, 'restartPolicy', 28)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(podSpec, 'hostUsers', 24)).toMatchObject({ kind: 'too-new', since: 25 });
    expect(fieldStatus(podSpec, 'hostUsers', 25)).toMatchObject({ kind: 'valid' });
  });

  it('counts a version missing from the data as having a field its successor has', () => {
    // Image volumes came in 1.31, which no source has: the data shows them from 1.32.
    const volume = typeAt('v1', 'Pod', ['spec', 'volumes', 0]);
    expect(fieldStatus(volume, 'image', 30)).toMatchObject({ kind: 'too-new', since: 32, earliest: 31 });
    expect(fieldStatus(volume, 'image', 31)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(podSc, 'supplementalGroupsPolicy', 31)).toMatchObject({ kind: 'valid' });
  });

  it('knows removed fields', () => {
    const meta = schemaType('ObjectMeta');
    if (!meta) throw new Error('no ObjectMeta');
    expect(fieldStatus(meta, 'clusterName', 24)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(meta, 'clusterName', 25)).toMatchObject({ kind: 'removed', until: 24, latest: 24 });
    const claim = typeAt('v1', 'Pod', ['spec', 'resourceClaims', 0]);
    expect(fieldStatus(claim, 'source', 30)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(claim, 'source', 31)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(claim, 'source', 32)).toMatchObject({ kind: 'removed', until: 30, latest: 31 });
  });

  it('checks versions newer than the data against the newest, and versions older than it leniently', () => {
    expect(fieldStatus(containerSc, 'runAsNonRoot', 40)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(containerSc, 'runAsNonRoot', 20)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(containerSc, 'appArmorProfile', 20)).toMatchObject({ kind: 'too-new' });
    expect(fieldStatus(containerSc, 'runAsNonroot', 37)).toEqual({ kind: 'unknown' });
  });
});

describe('fields at another level of the object', () => {
  it("places hostNetwork under a Deployment's spec in spec.template.spec", () => {
    expect(placeAt('apps/v1', 'Deployment', ['spec', 'hostNetwork'])).toMatchObject({
      kind: 'unknown-field',
    });
    expect(whereValid('apps/v1', 'Deployment', 'hostNetwork', 37, ['spec'])).toEqual([
      { path: ['spec', 'template', 'spec'], distance: 2 },
    ]);
    expect(whereValid('batch/v1', 'CronJob', 'hostNetwork', 37, ['spec', 'jobTemplate', 'spec'])[0]).toEqual({
      path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      distance: 2,
    });
  });

  it('places privileged, a container field, in the containers when it is in the pod securityContext', () => {
    expect(fieldStatus(podSc, 'privileged', 37)).toEqual({ kind: 'unknown' });
    const places = whereValid('v1', 'Pod', 'privileged', 37, ['spec', 'securityContext']);
    expect(places.map((p) => p.path.join('.'))).toEqual([
      'spec.containers.*.securityContext',
      'spec.ephemeralContainers.*.securityContext',
      'spec.initContainers.*.securityContext',
    ]);
    expect(places.every((p) => p.distance === 4)).toBe(true);
  });

  it('has runAsNonRoot at both levels, and runAsUser outside securityContext belongs inside it', () => {
    expect(fieldStatus(podSc, 'runAsNonRoot', 37)).toMatchObject({ kind: 'valid' });
    expect(fieldStatus(containerSc, 'runAsNonRoot', 37)).toMatchObject({ kind: 'valid' });
    expect(
      whereValid('apps/v1', 'Deployment', 'runAsUser', 37, ['spec', 'template', 'spec', 'containers', 0])[0],
    ).toEqual({
      path: ['spec', 'template', 'spec', 'containers', '*', 'securityContext'],
      distance: 1,
    });
  });

  it('leaves out places of a version that lacks the field', () => {
    expect(whereValid('v1', 'Pod', 'appArmorProfile', 29, ['spec'])).toEqual([]);
    expect(whereValid('v1', 'Pod', 'appArmorProfile', 30, ['spec'])[0]).toEqual({
      path: ['spec', 'securityContext'],
      distance: 1,
    });
  });
});

describe('enum values the API server enforces', () => {
  it('has the security enums', () => {
    const c = ['spec', 'containers', 0];
    expect(values(placeAt('v1', 'Pod', [...c, 'securityContext', 'seccompProfile', 'type']))).toEqual([
      'Localhost',
      'RuntimeDefault',
      'Unconfined',
    ]);
    expect(values(placeAt('v1', 'Pod', ['spec', 'securityContext', 'appArmorProfile', 'type']))).toEqual([
      'Localhost',
      'RuntimeDefault',
      'Unconfined',
    ]);
    expect(values(placeAt('v1', 'Pod', [...c, 'imagePullPolicy']))).toEqual([
      'Always',
      'IfNotPresent',
      'Never',
    ]);
    expect(values(placeAt('v1', 'Pod', [...c, 'securityContext', 'procMount']))).toEqual([
      'Default',
      'Unmasked',
    ]);
    expect(values(placeAt('v1', 'Pod', ['spec', 'restartPolicy']))).toEqual(['Always', 'Never', 'OnFailure']);
    expect(values(placeAt('v1', 'Pod', ['spec', 'volumes', 0, 'hostPath', 'type']))).toContain(
      'DirectoryOrCreate',
    );
  });

  it('has the Service and protocol enums', () => {
    expect(values(placeAt('v1', 'Service', ['spec', 'type']))).toEqual([
      'ClusterIP',
      'ExternalName',
      'LoadBalancer',
      'NodePort',
    ]);
    expect(values(placeAt('v1', 'Service', ['spec', 'ports', 0, 'protocol']))).toEqual([
      'SCTP',
      'TCP',
      'UDP',
    ]);
    expect(values(placeAt('v1', 'Pod', ['spec', 'containers', 0, 'ports', 0, 'protocol']))).toEqual([
      'SCTP',
      'TCP',
      'UDP',
    ]);
    expect(values(placeAt('v1', 'Service', ['spec', 'ipFamilies', 0]))).toEqual(['IPv4', 'IPv6']);
  });

  it('rejects the lower-case spellings people write', () => {
    expect(values(placeAt('v1', 'Pod', ['spec', 'securityContext', 'seccompProfile', 'type']))).not.toContain(
      'runtimeDefault',
    );
    expect(values(placeAt('v1', 'Pod', ['spec', 'containers', 0, 'imagePullPolicy']))).not.toContain(
      'always',
    );
    expect(
      values(placeAt('v1', 'Pod', ['spec', 'containers', 0, 'securityContext', 'procMount'])),
    ).not.toContain('unmasked');
  });

  it('has no values where the API server takes any string', () => {
    expect(
      values(placeAt('v1', 'Pod', ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 0])),
    ).toBe(undefined);
    expect(values(placeAt('v1', 'Pod', ['spec', 'containers', 0, 'lifecycle', 'stopSignal']))).toBe(
      undefined,
    );
    expect(values(placeAt('v1', 'Pod', ['spec', 'serviceAccountName']))).toBe(undefined);
  });
});

describe('speed', () => {
  it('answers a lookup in a few microseconds', () => {
    const paths: (string | number)[][] = [
      ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsNonRoot'],
      ['spec', 'template', 'metadata', 'labels', 'app'],
      ['spec', 'replicas'],
      ['spec', 'template', 'spec', 'volumes', 1, 'hostPath', 'path'],
    ];
    const rounds = 20_000;
    const start = performance.now();
    let n = 0;
    for (let i = 0; i < rounds; i++) {
      for (const p of paths) {
        const place = placeAt('apps/v1', 'Deployment', p);
        if (place.kind !== 'unknown-kind') n += 1;
        if (fieldStatus(containerSc, 'runAsNonRoot', 37).kind === 'valid') n += 1;
      }
    }
    const micros = ((performance.now() - start) * 1000) / (rounds * paths.length);
    expect(n).toBe(rounds * paths.length * 2);
    expect(micros).toBeLessThan(20);
  });
});
