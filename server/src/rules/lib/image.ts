import { isScalar, type Scalar } from 'yaml';
import { mapGet, type Field } from '../../engine/node';
import type { ContainerView } from '../../engine/workload';

/** An image reference split as the container runtime reads it. */
export interface ImageRef {
  /** Everything before the tag/digest (`registry:5000/team/app`). */
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

/**
 * Splits an image reference. Only the last path segment can hold a tag, so `registry:5000/app` has
 * none; everything after `@` is the digest.
 */
export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', slash + 1);
  if (colon < 0) return { name: rest, tag: undefined, digest };
  return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
}

/** The `image:` field of a container with a literal value to check (not empty, not a `$(VAR)` or template). */
export function imageField(
  c: ContainerView,
): { field: Field; node: Scalar; ref: ImageRef; text: string } | undefined {
  const field = mapGet(c.map, 'image');
  const node = field?.value;
  if (!field || !isScalar(node) || typeof node.value !== 'string') return undefined;
  const text = node.value.trim();
  if (text === '' || text.includes('$') || text.includes('{{')) return undefined;
  return { field, node, ref: parseImage(text), text };
}
