import { isPair, isScalar } from 'yaml';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { mapItems } from './lib/util';

/** Inline volume types the Restricted policy allows (`check_restrictedVolumes.go`). */
export const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export const restrictedVolumeType = defineRule({
  id: 'restricted-volume-type',
  title: 'Volume type outside the Restricted set',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'restricted', check: 'restrictedVolumes' },
  recommended: true,
  catalog: ['K8S-POD-014'],
  attack: ['T1611'],
  fix: 'never',
  docs: {
    whatItDoes:
      'Flags each `spec.volumes[*]` whose source is none of `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and `secret` (for example `gitRepo`, `nfs`, `iscsi`, `flexVolume` or a cloud disk). hostPath volumes are left to `host-path-volume`, which reports them under the Baseline policy. A volume with no source at all is not reported: the API server defaults it to `emptyDir`.',
    whyBad:
      'The other inline volume types are mounted by the node itself (kernel filesystem drivers, FlexVolume binaries, `git` run by the kubelet) with the node’s privileges and network access, from details the pod author controls. That puts node-level code paths in reach of anyone who can create a pod; persistent storage should go through PersistentVolumeClaims that an administrator controls.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
        volumes:
          - name: data
            nfs:
              server: nfs.example
              path: /exports/data
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
        volumes:
          - name: data
            persistentVolumeClaim:
              claimName: data
    `,
    remediation:
      'Define the storage as a PersistentVolume (or a CSI driver) and mount it through a `persistentVolumeClaim`; for `gitRepo`, clone the repository in an init container into an `emptyDir`.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/concepts/storage/volumes/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_restrictedVolumes.go',
    ],
    peers: { trivy: 'KSV028' },
    notes:
      'The docs of the Pod Security Standards omit the `image` volume type; the admission code allows it, and so does this rule.',
  },
  messages: {
    restrictedVolume: (d: { volume: string; type: string }) =>
      `Volume "${d.volume}" uses the ${d.type} volume type; the Restricted policy allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    for (const { map } of mapItems(mapGet(pod.spec, 'volumes'))) {
      const sources = map.items.filter(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) !== 'name' && !isNull(p.value),
      );
      const keys = sources.map((p) => String((p.key as { value: unknown }).value));
      if (keys.length === 0 || keys.includes('hostPath') || keys.some((k) => RESTRICTED_VOLUME_TYPES.has(k)))
        continue;
      const first = sources[0];
      const type = keys[0];
      if (!first || !isPair(first) || type === undefined) continue;
      const at = ctx.fixer.spanOf(first.key);
      if (!at) continue;
      const name = scalarString(mapGet(map, 'name')?.value) ?? '';
      ctx.report({ at, messageId: 'restrictedVolume', data: { volume: name, type } });
    }
  },
});

function isNull(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && (v.value === null || v.value === undefined));
}
