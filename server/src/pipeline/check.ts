// The check step of the scan pipeline: a unit, planned with its project config, through the engine.
// The CLI (main thread and workers), the workspace scan and the editor's open documents all check
// through here, so each sees the same findings.
import type { IndexLookup } from '../engine/index-types';
import type { CheckResult, Engine } from '../engine/run';
import type { FilePlan, Project } from '../project';
import type { Settings } from '../protocol';
import type { Unit } from './source';

/** What checking needs: one engine and index per scan or server, the project's config lookup. */
export interface CheckContext {
  engine: Engine;
  index: IndexLookup;
  project: Project;
}

/** A checked unit: its plan, and the engine's result unless the plan skips it. */
export interface UnitResult {
  unit: Unit;
  plan: FilePlan;
  result: CheckResult | undefined;
}

/**
 * Plans a unit (nearest `.kubeward.yaml` plus `settings`) and checks it. `owner` is the open document
 * the text is, whose cached chunks live until the engine releases it.
 */
export function checkUnit(
  ctx: CheckContext,
  unit: Unit,
  settings: Partial<Settings>,
  owner?: string,
): UnitResult {
  const plan = ctx.project.plan(unit.path, settings, unit.text, unit.rendered === true);
  if (plan.skip) return { unit, plan, result: undefined };
  return { unit, plan, result: ctx.engine.check(unit.text, plan.config, ctx.index, plan.file, owner) };
}
