import { isMap, isSeq, type YAMLMap } from 'yaml';
import { keySpan, missingSpan, type Span } from '../../engine/locate';
import { mapGet, scalarString, type Field } from '../../engine/node';
import type { ContainerList, ContainerView, PodView } from '../../engine/workload';

/** A container as message data: the list it is in and its name. */
export interface ContainerRef {
  list: ContainerList;
  name: string;
}

/** The message data of a container. */
export function containerRef(c: ContainerView): ContainerRef {
  return { list: c.list, name: c.name };
}

/** `Container "app"` / `Init container "setup"` / `Ephemeral container "debug"`. */
export function describe(c: ContainerRef): string {
  const what =
    c.list === 'initContainers'
      ? 'Init container'
      : c.list === 'ephemeralContainers'
        ? 'Ephemeral container'
        : 'Container';
  return `${what} "${c.name}"`;
}

/** Where a missing container security field is reported (nearest existing ancestor key). */
export function missingInContainer(c: ContainerView, path: readonly string[]): Span {
  return missingSpan(c.map, path, c.anchor);
}

/** Where a missing pod-level field is reported: nearest existing key below the pod spec, else its `spec:` key. */
export function missingInPod(pod: PodView, path: readonly string[]): Span {
  return missingSpan(pod.spec, path, keySpan(pod.specField));
}

/** The field's value as a scalar string, if it is one. */
export function str(f: Field | undefined): string | undefined {
  return scalarString(f?.value);
}

/** Each item of a list field whose items are maps. */
export function mapItems(f: Field | undefined): { map: YAMLMap; index: number }[] {
  const v = f?.value;
  if (!isSeq(v)) return [];
  const out: { map: YAMLMap; index: number }[] = [];
  v.items.forEach((item, index) => {
    if (isMap(item)) out.push({ map: item, index });
  });
  return out;
}

export { mapGet };
