import { scalarString } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import type { ContainerView } from '../../engine/workload';
import { describe, missingInContainer, mapGet } from './util';
import { getIn } from '../../engine/node';

export interface ResourceSpec {
  resource: 'cpu' | 'memory';
  /** Snippet defaults when nothing else is known. */
  defaultLimit: string;
  defaultRequest: string;
}

/** Containers whose resources are checked: regular and init containers (ephemeral ones cannot set resources). */
function checked(ctx: RuleContext): ContainerView[] {
  return (ctx.pod?.containers ?? []).filter((c) => c.list !== 'ephemeralContainers');
}

/**
 * Reports a missing `resources.limits.<r>` (rule severity) and a missing `resources.requests.<r>`
 * (`info`) per container. A missing request is not reported when the limit is set: the API server
 * then defaults the request to the limit.
 */
export function checkResources(ctx: RuleContext, spec: ResourceSpec): void {
  const r = spec.resource;
  for (const c of checked(ctx)) {
    const limit = getIn(c.map, ['resources', 'limits', r]);
    const request = getIn(c.map, ['resources', 'requests', r]);
    const limitValue = scalarString(limit?.value);
    const requestValue = scalarString(request?.value);
    if (limitValue === undefined) {
      const placeholder = requestValue ?? spec.defaultLimit;
      ctx.report({
        at: missingInContainer(c, ['resources', 'limits', r]),
        message: `${describe(c)} has no ${r} limit; set \`resources.limits.${r}\`.`,
        fix: snippetEnsure(ctx, c, ['resources', 'limits', r], placeholder, `Add a ${r} limit`),
      });
    }
    if (requestValue === undefined && limitValue === undefined) {
      ctx.report({
        at: missingInContainer(c, ['resources', 'requests', r]),
        severity: 'info',
        message: `${describe(c)} has no ${r} request; set \`resources.requests.${r}\`.`,
        fix: snippetEnsure(ctx, c, ['resources', 'requests', r], spec.defaultRequest, `Add a ${r} request`),
      });
    }
  }
}

function snippetEnsure(ctx: RuleContext, c: ContainerView, path: string[], value: string, title: string) {
  const edit = ctx.fixer.ensure(c.map, path, { scalar: `\${1:${value.replace(/[$}\\]/g, '\\$&')}}` });
  return edit ? { title, safety: 'unsafe' as const, snippet: true, edits: [edit] } : undefined;
}

export { mapGet };
