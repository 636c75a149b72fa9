import type { Fix, FixSafety } from '../../engine/fix';
import { keySpan, pairSpan, type Span } from '../../engine/locate';
import { deepestExisting, getIn, type Field } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import { apiGroup } from '../../engine/workload';

/** Whether the object is of one of the API groups (config kinds share names with other groups' kinds). */
export function inGroup(ctx: RuleContext, ...groups: string[]): boolean {
  return groups.includes(apiGroup(ctx.object.apiVersion));
}

/** Where a missing field at `path` of the object is reported: the deepest existing key, else `kind:`. */
export function missingAt(ctx: RuleContext, path: readonly string[]): Span {
  const hit = deepestExisting(ctx.object.root, path);
  return hit ? keySpan(hit.field) : pairSpan(ctx.object.kindPair);
}

export function field(ctx: RuleContext, path: readonly string[]): Field | undefined {
  return getIn(ctx.object.root, path);
}

/** A fix that sets `path` (from the object's root) to a scalar, creating what is missing. */
export function ensureAt(
  ctx: RuleContext,
  path: readonly string[],
  scalar: string,
  title: string,
  safety: FixSafety,
  snippet = false,
): Fix | undefined {
  const edit = ctx.fixer.ensure(ctx.object.root, path, { scalar });
  return snippet ? ctx.fixer.snippetFix(title, safety, edit) : ctx.fixer.fix(title, safety, edit);
}
