import type { Pair, YAMLMap } from 'yaml';
import type { Edit, Fix, Fixer, FixSafety } from '../../engine/fix';
import { getIn } from '../../engine/node';
import type { ContainerView } from '../../engine/workload';
import { describe, type ContainerRef } from './util';

/** Prefix of the per-container AppArmor annotation (deprecated since Kubernetes 1.30). */
export const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
export const ALLOWED_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

/** An annotation value Pod Security Admission allows: empty, `runtime/default` or `localhost/*`. */
export function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/** The `appArmorProfile` field text for an allowed, non-empty annotation value. */
export function fieldFor(value: string): { path: string[]; scalar: string } | undefined {
  if (value === 'runtime/default') {
    return { path: ['securityContext', 'appArmorProfile', 'type'], scalar: 'RuntimeDefault' };
  }
  if (value.startsWith('localhost/')) {
    const profile = JSON.stringify(value.slice('localhost/'.length));
    return {
      path: ['securityContext', 'appArmorProfile'],
      scalar: `{type: Localhost, localhostProfile: ${profile}}`,
    };
  }
  return undefined;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The container an annotation names: one of the pod's, or only a name when the pod has no such container. */
export type AnnotatedContainer = ContainerRef | { name: string };

/** `container "app"` / `init container "setup"`, as a message writes it mid-sentence. */
export function annotated(c: AnnotatedContainer): string {
  return 'list' in c ? lowerFirst(describe(c)) : `container "${c.name}"`;
}

/**
 * Removes an AppArmor annotation and, unless the container already sets `appArmorProfile`, writes
 * `leaf` (from {@link fieldFor}) into the container's securityContext.
 */
export function moveAnnotation(
  fixer: Fixer,
  annotations: YAMLMap,
  item: Pair,
  c: ContainerView,
  leaf: { path: string[]; scalar: string } | undefined,
  title: string,
  safety: FixSafety,
): Fix | undefined {
  const edits: (Edit | undefined)[] = [fixer.removePairCascade(annotations, item)];
  if (leaf && getIn(c.map, ['securityContext', 'appArmorProfile']) === undefined) {
    edits.push(fixer.ensure(c.map, leaf.path, { scalar: leaf.scalar }));
  }
  return fixer.fix(title, safety, ...edits);
}
