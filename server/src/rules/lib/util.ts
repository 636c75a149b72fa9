import { isMap, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Edit, Fix, FixSafety, Leaf } from '../../engine/fix';
import { missingSpan, type Span } from '../../engine/locate';
import { mapGet, scalarString, type Field } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
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
  const key = pod.specField.key;
  const fallback = { start: key.range?.[0] ?? 0, end: key.range?.[1] ?? 0 };
  return missingSpan(pod.spec, path, fallback);
}

/** A fix from edits, or undefined when some edit could not be built. */
export function fix(title: string, safety: FixSafety, ...edits: (Edit | undefined)[]): Fix | undefined {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title, safety, edits: edits as Edit[] };
}

/** A fix that sets `path` under a map to `leaf`, creating what is missing. */
export function ensureFix(
  ctx: RuleContext,
  base: YAMLMap,
  path: readonly string[],
  leaf: Leaf,
  title: string,
  safety: FixSafety,
): Fix | undefined {
  return fix(title, safety, ctx.fixer.ensure(base, path, leaf));
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

/** A scalar item's own span. */
export function scalarSpan(s: Scalar): Span {
  return { start: s.range?.[0] ?? 0, end: s.range?.[1] ?? 0 };
}

/** The span of a whole pair as a replacement target (key start to the end of its value's content). */
export function pairExtent(ctx: RuleContext, pair: Pair): Span {
  const key = pair.key as Scalar;
  const start = key.range?.[0] ?? 0;
  const v = pair.value as { range?: number[] } | null;
  let end = v?.range?.[1] ?? key.range?.[1] ?? start;
  // YAML white space only: `\s` also matches U+200A, NBSP, VT…, which are content of a plain scalar
  // (fuzz-dd24ccf7f4: the replacement left the scalar's last character behind).
  while (end > start && /[ \t\r\n]/.test(ctx.fixer.text[end - 1] ?? '')) end--;
  return { start, end };
}

export { mapGet };
