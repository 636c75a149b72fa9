import type { Pair, Scalar } from 'yaml';
import type { Edit, Fixer } from '../../engine/fix';
import type { Span } from '../../engine/locate';
import type { K8sObject } from '../../engine/parse';
import { apiGroup } from '../../engine/workload';

/** A core `v1` Service (not Knative's `serving.knative.dev` Service). */
export function isCoreService(obj: K8sObject): boolean {
  return obj.kind === 'Service' && apiGroup(obj.apiVersion) === '';
}

/** An Ingress of `networking.k8s.io` (or the old `extensions` group). */
export function isIngress(obj: K8sObject): boolean {
  return obj.kind === 'Ingress' && ['networking.k8s.io', 'extensions'].includes(apiGroup(obj.apiVersion));
}

/** An object as message data: its kind and name. */
export interface ObjectRef {
  kind: string;
  name: string;
}

/** The message data of an object. */
export function objectRef(obj: K8sObject): ObjectRef {
  return { kind: obj.kind, name: obj.name };
}

/** `Service "web"`, `Deployment "api"`. */
export function label(obj: ObjectRef): string {
  return `${obj.kind} "${obj.name}"`;
}

/**
 * A whole pair as a report or replacement target: key start to the end of its value's content (the
 * value's trailing white space left out); undefined when the key has no position.
 */
export function pairExtent(fixer: Fixer, pair: Pair): Span | undefined {
  const key = pair.key as Scalar | null;
  const start = key?.range?.[0];
  if (start === undefined) return undefined;
  const v = pair.value as { range?: number[] } | null;
  let end = v?.range?.[1] ?? key?.range?.[1] ?? start;
  // YAML white space only: `\s` also matches U+200A, NBSP, VT…, which are content of a plain scalar
  // (fuzz-dd24ccf7f4: the replacement left the scalar's last character behind).
  while (end > start && /[ \t\r\n]/.test(fixer.text[end - 1] ?? '')) end--;
  return { start, end };
}

/** Replaces a whole pair (see {@link pairExtent}) with `newText`; undefined when it has no position. */
export function replacePair(fixer: Fixer, pair: Pair, newText: string): Edit | undefined {
  const span = pairExtent(fixer, pair);
  return span && { start: span.start, end: span.end, newText };
}
