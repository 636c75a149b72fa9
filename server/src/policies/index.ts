export { readPolicies } from './model';
export type {
  BindingModel,
  MatchResources,
  ParamRef,
  PolicyKind,
  PolicyModel,
  PolicySet,
  ResourceRule,
  SourceObject,
  UnsupportedPolicy,
  ValidationModel,
} from './model';
export { PolicyEvaluator, matchesResources } from './admission';
export type {
  AdmissionContext,
  AdmissionFinding,
  PolicyNotice,
  PolicyOutcome,
  PolicyRef,
  Severity,
  ValidationAction,
  Verdict,
} from './admission';
export { sourceObjects } from './objects';
export type { FieldPath } from './yaml-value';
export { compileExpression } from './cel/environment';
export { evaluateCel } from './cel/evaluate';
export { PER_CALL_COST_LIMIT, RUNTIME_COST_BUDGET } from './cel/cost';
