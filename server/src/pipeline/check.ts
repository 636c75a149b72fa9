// The check step of the scan pipeline: a unit, planned with its project config, through the engine.
// The CLI (main thread and workers), the workspace scan and the editor's open documents all check
// through here, so each sees the same findings.
import type { IndexLookup } from '../engine/index-types';
import type { SourceText } from '../engine/parse';
import type { CheckResult, Engine } from '../engine/run';
import type { FilePlan, Project } from '../project';
import type { Settings } from '../protocol';
import type { Unit } from './source';

/** What the check step reads of a unit: an open document's text may be in chunks. */
export type CheckedUnit = Omit<Unit, 'text'> & { text: SourceText };

/** What checking needs: one engine and index per scan or server, the project's config lookup. */
export interface CheckContext {
  engine: Engine;
  index: IndexLookup;
  project: Project;
}

/** A checked unit: its plan, and the engine's result unless the plan skips it. */
export interface UnitResult<U extends CheckedUnit = Unit> {
  unit: U;
  plan: FilePlan;
  result: CheckResult | undefined;
}

/**
 * Plans a unit (nearest `.kubeward.yaml` plus `settings`) and checks it. `owner` is the open document
 * the text is, whose cached chunks live until the engine releases it.
 */
export function checkUnit<U extends CheckedUnit = Unit>(
  ctx: CheckContext,
  unit: U,
  settings: Partial<Settings>,
  owner?: string,
): UnitResult<U> {
  const plan = ctx.project.plan(unit.path, settings, unit.rendered === true);
  if (plan.skip) return { unit, plan, result: undefined };
  return { unit, plan, result: ctx.engine.check(unit.text, plan.config, ctx.index, plan.file, owner) };
}
