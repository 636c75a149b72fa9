import { getIn, scalarString } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import type { ContainerView } from '../../engine/workload';
import { containerRef, describe, missingInContainer, type ContainerRef } from './util';

export type Resource = 'cpu' | 'memory';

export interface ResourceSpec {
  resource: Resource;
  /** Snippet defaults when nothing else is known. */
  defaultLimit: string;
  defaultRequest: string;
}

/** The messages of the resource rules (`cpu-limits-missing`, `memory-limits-missing`). */
export const resourceMessages = {
  missingLimit: (d: { container: ContainerRef; resource: Resource }) =>
    `${describe(d.container)} has no ${d.resource} limit; set \`resources.limits.${d.resource}\`.`,
  missingRequest: (d: { container: ContainerRef; resource: Resource }) =>
    `${describe(d.container)} has no ${d.resource} request; set \`resources.requests.${d.resource}\`.`,
};

export type ResourceMessages = typeof resourceMessages;

/** Containers whose resources are checked: regular and init containers (ephemeral ones cannot set resources). */
function checked(ctx: RuleContext<ResourceMessages>): ContainerView[] {
  return (ctx.pod?.containers ?? []).filter((c) => c.list !== 'ephemeralContainers');
}

/**
 * Reports a missing `resources.limits.<r>` (rule severity) and a missing `resources.requests.<r>`
 * (`info`) per container. A missing request is not reported when the limit is set: the API server
 * then defaults the request to the limit.
 */
export function checkResources(ctx: RuleContext<ResourceMessages>, spec: ResourceSpec): void {
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
        messageId: 'missingLimit',
        data: { container: containerRef(c), resource: r },
        fix: snippetEnsure(ctx, c, ['resources', 'limits', r], placeholder, `Add a ${r} limit`),
      });
    }
    if (requestValue === undefined && limitValue === undefined) {
      ctx.report({
        at: missingInContainer(c, ['resources', 'requests', r]),
        severity: 'info',
        messageId: 'missingRequest',
        data: { container: containerRef(c), resource: r },
        fix: snippetEnsure(ctx, c, ['resources', 'requests', r], spec.defaultRequest, `Add a ${r} request`),
      });
    }
  }
}

/** A snippet fix that adds `path` with `value` as the placeholder's default. */
function snippetEnsure(
  ctx: RuleContext<ResourceMessages>,
  c: ContainerView,
  path: string[],
  value: string,
  title: string,
) {
  const placeholder = `\${1:${value.replace(/[$}\\]/g, '\\$&')}}`;
  return ctx.fixer.snippetFix(title, 'unsafe', ctx.fixer.ensure(c.map, path, { scalar: placeholder }));
}
