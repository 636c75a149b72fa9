import type { ASTNode } from '@marcbachmann/cel-js';
import type { FieldPath, PathRegistry } from '../yaml-value';
import { isOptional } from './values';

/** Kubernetes' limit on the runtime cost of one expression (`celconfig.PerCallLimit`). */
export const PER_CALL_COST_LIMIT = 1_000_000;
/** Kubernetes' runtime cost budget for all expressions of one policy evaluation (`RuntimeCELCostBudget`). */
export const RUNTIME_COST_BUDGET = 10_000_000;
/** Wall-clock limit for one policy evaluation, against expressions the cost model does not see (regexes). */
export const TIME_LIMIT_MS = 1_000;

/** A concrete field of the checked object that an evaluation read, in evaluation order. */
export interface FieldRead {
  /** Which activation variable the path is in (`object`, `oldObject`, `params`, `namespaceObject`). */
  root: string;
  path: FieldPath;
}

/** The shared cost and time budget of one policy evaluation, and what it read. */
export class Meter {
  /** Cost spent by all expressions evaluated with this meter. */
  spent = 0;
  /** Fields read, in order; collected while {@link recording} is set. */
  readonly reads: FieldRead[] = [];
  recording = false;
  /** Work this evaluation pays for once, whatever number of times it is done (see {@link chargeWorkOnce}). */
  readonly paidOnce = new Set<string>();
  private expressionCost = 0;
  private exceeded: 'cost' | 'time' | undefined;
  private readonly deadline: number;
  private readonly values = new Map<ASTNode, unknown>();

  constructor(
    /** Registries giving the path of every map and list, per activation variable. */
    private readonly registries: ReadonlyMap<string, PathRegistry>,
    readonly perCallLimit = PER_CALL_COST_LIMIT,
    readonly budget = RUNTIME_COST_BUDGET,
    timeLimitMs = TIME_LIMIT_MS,
  ) {
    this.deadline = Date.now() + timeLimitMs;
  }

  /** Starts one expression. */
  begin(): void {
    this.expressionCost = 0;
    this.exceeded = undefined;
    this.values.clear();
  }

  /** Why the current expression was stopped, if it was. */
  get stopped(): 'cost' | 'time' | undefined {
    return this.exceeded;
  }

  get cost(): number {
    return this.expressionCost;
  }

  charge(n: number): void {
    this.expressionCost += n;
    this.spent += n;
    if (this.expressionCost > this.perCallLimit || this.spent > this.budget) this.exceeded ??= 'cost';
    else if ((this.expressionCost & 0x3ff) === 0 && Date.now() > this.deadline) this.exceeded ??= 'time';
    if (this.exceeded) throw new BudgetExceeded(this.exceeded);
  }

  private pathOf(v: unknown): FieldRead | undefined {
    const u = isOptional(v) ? (v.hasValue() ? v.value() : undefined) : v;
    if (u === null || typeof u !== 'object') return undefined;
    for (const [root, reg] of this.registries) {
      const path = reg.get(u);
      if (path) return { root, path };
    }
    return undefined;
  }

  /** Called after each node is evaluated: its cost by result size, and the field it read. */
  after(ast: ASTNode, result: unknown): void {
    this.values.set(ast, result);
    if (typeof result === 'string' && (ast.op === 'rcall' || ast.op === 'call' || ast.op === '+')) {
      this.charge(Math.ceil(result.length / 10));
    } else if (Array.isArray(result) && (ast.op === 'rcall' || ast.op === '+' || ast.op === 'list')) {
      this.charge(Math.ceil(result.length / 10));
    }
    if (!this.recording) return;
    if (ast.op === '.' || ast.op === '.?') {
      const base = this.pathOf(this.values.get(ast.args[0]));
      if (base) this.reads.push({ root: base.root, path: [...base.path, ast.args[1]] });
    } else if (ast.op === '[]' || ast.op === '[?]') {
      const base = this.pathOf(this.values.get(ast.args[0]));
      const key = this.values.get(ast.args[1]);
      if (base && (typeof key === 'string' || typeof key === 'bigint')) {
        this.reads.push({
          root: base.root,
          path: [...base.path, typeof key === 'bigint' ? Number(key) : key],
        });
      }
    } else if (ast.op === 'call' && ast.args[0] === 'has' && ast.args[1].length === 1) {
      const fields: string[] = [];
      let n: ASTNode | undefined = ast.args[1][0];
      while (n && (n.op === '.' || n.op === '.?')) {
        fields.unshift(n.args[1]);
        n = n.args[0];
      }
      const base = n ? this.pathOf(this.values.get(n)) : undefined;
      if (base) this.reads.push({ root: base.root, path: [...base.path, ...fields] });
    } else if (ast.op === 'id') {
      const base = this.pathOf(result);
      if (base?.path.length === 0) this.reads.push(base);
    }
  }
}

/** Thrown inside the evaluator when the budget is spent; never escapes {@link evaluateExpression}. */
export class BudgetExceeded extends Error {
  constructor(readonly kind: 'cost' | 'time') {
    super(kind);
  }
}

export interface EvaluatorLike {
  run(ast: ASTNode, ctx: unknown): unknown;
}

/** The meter of the evaluation under way; evaluation is synchronous, so there is one at a time. */
let current: Meter | undefined;

/** Sets the meter of the evaluation under way and returns the previous one. */
export function setCurrentMeter(m: Meter | undefined): Meter | undefined {
  const previous = current;
  current = m;
  return previous;
}

/**
 * Charges `n` units of work to the evaluation under way: for library loops whose work is not
 * bounded by the size of their arguments. Does nothing outside an evaluation.
 */
export function chargeWork(n: number): void {
  current?.charge(n);
}

/**
 * Charges `n` units to the evaluation under way unless it has already paid for `key`: for work whose
 * result is kept across expressions, such as a compiled regular expression.
 */
export function chargeWorkOnce(key: string, n: number): void {
  if (!current || current.paidOnce.has(key)) return;
  current.paidOnce.add(key);
  current.charge(n);
}

const hooked = new WeakSet();

/**
 * Installs the cost hook on the evaluator of a program's environment: every sub-expression the
 * evaluator runs is charged one unit to the meter of the evaluation under way (evaluation is
 * synchronous, so one "current" meter is enough).
 */
export function installCostHook(evaluator: EvaluatorLike): void {
  if (hooked.has(evaluator)) return;
  hooked.add(evaluator);
  const run = evaluator.run.bind(evaluator);
  evaluator.run = (ast: ASTNode, ctx: unknown): unknown => {
    const m = current;
    if (!m) return run(ast, ctx);
    m.charge(1);
    const r = run(ast, ctx);
    m.after(ast, r);
    return r;
  };
}
