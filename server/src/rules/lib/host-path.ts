import { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Edit, Fix, Fixer } from '../../engine/fix';
import { mapGet, scalarString, type Field } from '../../engine/node';
import type { ContainerView, PodView } from '../../engine/workload';

export interface HostPathVolume {
  name: string;
  index: number;
  volumes: YAMLSeq;
  volume: YAMLMap;
  hostPath: Field;
  pathField: Field | undefined;
  /** Path with trailing slashes removed (`/` stays `/`). */
  path: string | undefined;
}

export function normalizePath(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t === '' ? '/' : t;
}

/** `spec.volumes` entries with a (non-null) `hostPath`. */
export function hostPathVolumes(pod: PodView): HostPathVolume[] {
  const volumes = mapGet(pod.spec, 'volumes')?.value;
  if (!isSeq(volumes)) return [];
  const out: HostPathVolume[] = [];
  volumes.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const hostPath = mapGet(item, 'hostPath');
    if (
      !hostPath ||
      hostPath.value === null ||
      (scalarString(hostPath.value) === undefined && !isMap(hostPath.value))
    )
      return;
    const pathField = mapGet(hostPath.value, 'path');
    const raw = scalarString(pathField?.value);
    out.push({
      name: scalarString(mapGet(item, 'name')?.value) ?? '',
      index,
      volumes,
      volume: item,
      hostPath,
      pathField,
      path: raw === undefined ? undefined : normalizePath(raw),
    });
  });
  return out;
}

export interface MountRef {
  container: ContainerView;
  mounts: YAMLSeq;
  mount: YAMLMap;
  index: number;
}

/** volumeMounts (of every container) that mount the named volume. */
export function mountsOf(pod: PodView, volumeName: string): MountRef[] {
  const out: MountRef[] = [];
  for (const c of pod.containers) {
    const mounts = mapGet(c.map, 'volumeMounts')?.value;
    if (!isSeq(mounts)) continue;
    mounts.items.forEach((m, index) => {
      if (isMap(m) && scalarString(mapGet(m, 'name')?.value) === volumeName)
        out.push({ container: c, mounts, mount: m, index });
    });
  }
  return out;
}

/** Removes a hostPath volume and every volumeMount of it. */
export function removeVolumeFix(fixer: Fixer, pod: PodView, v: HostPathVolume): Fix | undefined {
  const edits: (Edit | undefined)[] = [fixer.removeSeqItemCascade(v.volumes, v.index)];
  for (const m of mountsOf(pod, v.name)) edits.push(fixer.removeSeqItemCascade(m.mounts, m.index));
  return fixer.fix(`Remove volume "${v.name}" and its mounts`, 'unsafe', ...edits);
}
