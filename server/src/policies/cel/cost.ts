import type { ASTNode } from '@marcbachmann/cel-js';
import { celJs } from '../../engine/lazy-modules';
import type { FieldPath, PathRegistry } from '../yaml-value';

/** Kubernetes' limit on the runtime cost of one expression (`celconfig.PerCallLimit`). */
export const PER_CALL_COST_LIMIT = 1_000_000;
/** Kubernetes' runtime cost budget for all expressions of one policy evaluation (`RuntimeCELCostBudget`). */
export const RUNTIME_COST_BUDGET = 10_000_000;

/** How many of the latest field reads a {@link Meter} keeps, at least. */
const KEPT_READS = 5_000;

/** cel-go's `common.StringTraversalCostFactor`: the cost of reading one character (or list element). */
const TRAVERSAL_COST_FACTOR = 0.1;

/** Functions that are macros: their arguments are expressions the evaluator runs (and charges) itself. */
const MACROS = new Set([
  'has',
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  'bind',
  'optMap',
  'optFlatMap',
  'kyvernoOrValue',
]);

/** The size cel-go's cost model gives a value: characters, bytes, elements or entries; 0 for scalars. */
export function costSize(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v === null || typeof v !== 'object') return 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length;
  return 0;
}

/** The cost of one traversal of a value: cel-go's `ceil(size × StringTraversalCostFactor)`. */
export function traversalCost(v: unknown): number {
  return Math.ceil(costSize(v) * TRAVERSAL_COST_FACTOR);
}

/** A concrete field of the checked object that an evaluation read, in evaluation order. */
export interface FieldRead {
  /** Which activation variable the path is in (`object`, `oldObject`, `params`, `namespaceObject`). */
  root: string;
  path: FieldPath;
}

/**
 * The shared cost budget of one policy evaluation, and what it read. Every loop of an evaluation is
 * paid from it: the evaluator's own (one unit per node it runs, so each comprehension step is paid),
 * the work of operators and functions in proportion to the size of what they traverse, and the
 * library functions' loops whose work can outgrow their arguments (they call {@link chargeWork}).
 * No wall clock is involved, so a verdict never depends on the machine's speed.
 */
export class Meter {
  /** Cost spent by all expressions evaluated with this meter. */
  spent = 0;
  /** Whether fields read are recorded (see {@link readsSince}). */
  recording = false;
  /** The latest fields read, in order: between {@link KEPT_READS} and twice as many. */
  private readonly kept: FieldRead[] = [];
  /** Reads dropped from the front of {@link kept}. */
  private dropped = 0;
  /** Work this evaluation pays for once, whatever number of times it is done (see {@link chargeWorkOnce}). */
  readonly paidOnce = new Set<string>();
  private expressionCost = 0;
  private exceeded = false;
  private readonly values = new Map<ASTNode, unknown>();

  constructor(
    /** Registries giving the path of every map and list, per activation variable. */
    private readonly registries: ReadonlyMap<string, PathRegistry>,
    readonly perCallLimit = PER_CALL_COST_LIMIT,
    readonly budget = RUNTIME_COST_BUDGET,
  ) {}

  /** How many fields have been read so far: a mark for {@link readsSince}. */
  get readCount(): number {
    return this.dropped + this.kept.length;
  }

  /**
   * The fields read since `mark`, in order. Only the latest reads are kept, so that a comprehension
   * over a large list does not hold one record per step; a finding is placed on the last of them.
   */
  readsSince(mark: number): FieldRead[] {
    return this.kept.slice(Math.max(0, mark - this.dropped));
  }

  private record(read: FieldRead): void {
    this.kept.push(read);
    if (this.kept.length > 2 * KEPT_READS) {
      this.kept.splice(0, KEPT_READS);
      this.dropped += KEPT_READS;
    }
  }

  /** Starts one expression. */
  begin(): void {
    this.expressionCost = 0;
    this.exceeded = false;
    this.values.clear();
  }

  /** Whether the current expression was stopped for exceeding the limit or the budget. */
  get stopped(): boolean {
    return this.exceeded;
  }

  get cost(): number {
    return this.expressionCost;
  }

  /** Adds `n` units; throws {@link BudgetExceeded} once the expression's limit or the budget is passed. */
  charge(n: number): void {
    this.expressionCost += n;
    this.spent += n;
    if (this.expressionCost > this.perCallLimit || this.spent > this.budget) this.exceeded = true;
    if (this.exceeded) throw new BudgetExceeded();
  }

  private pathOf(v: unknown): FieldRead | undefined {
    const u: unknown =
      v instanceof celJs().Optional ? (v.hasValue() ? (v.value() as unknown) : undefined) : v;
    if (u === null || typeof u !== 'object') return undefined;
    for (const [root, reg] of this.registries) {
      const path = reg.get(u);
      if (path) return { root, path };
    }
    return undefined;
  }

  /**
   * Called after each node is evaluated: charges what the node traversed (the operands of a comparison,
   * the list of `in`, the arguments of a function) and built (a string or list result), as cel-go's
   * runtime cost does, and records the field it read.
   */
  after(ast: ASTNode, result: unknown): void {
    this.values.set(ast, result);
    switch (ast.op) {
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        this.charge(
          Math.min(traversalCost(this.values.get(ast.args[0])), traversalCost(this.values.get(ast.args[1]))),
        );
        break;
      case 'in':
        this.charge(costSize(this.values.get(ast.args[1])));
        break;
      case 'rcall':
        if (!MACROS.has(ast.args[0])) {
          let cost = traversalCost(this.values.get(ast.args[1]));
          for (const a of ast.args[2]) cost += traversalCost(this.values.get(a));
          this.charge(cost);
        }
        break;
      case 'call':
        if (!MACROS.has(ast.args[0])) {
          let cost = 0;
          for (const a of ast.args[1]) cost += traversalCost(this.values.get(a));
          this.charge(cost);
        }
        break;
      default:
    }
    if (typeof result === 'string' && (ast.op === 'rcall' || ast.op === 'call' || ast.op === '+')) {
      this.charge(traversalCost(result));
    } else if (Array.isArray(result) && (ast.op === 'rcall' || ast.op === '+' || ast.op === 'list')) {
      this.charge(traversalCost(result));
    }
    if (!this.recording) return;
    if (ast.op === '.' || ast.op === '.?') {
      const base = this.pathOf(this.values.get(ast.args[0]));
      if (base) this.record({ root: base.root, path: [...base.path, ast.args[1]] });
    } else if (ast.op === '[]' || ast.op === '[?]') {
      const base = this.pathOf(this.values.get(ast.args[0]));
      const key = this.values.get(ast.args[1]);
      if (base && (typeof key === 'string' || typeof key === 'bigint')) {
        this.record({
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
      if (base) this.record({ root: base.root, path: [...base.path, ...fields] });
    } else if (ast.op === 'id') {
      const base = this.pathOf(result);
      if (base?.path.length === 0) this.record(base);
    }
  }
}

/** Thrown inside the evaluator when the budget is spent; never escapes `evaluateExpression`. */
export class BudgetExceeded extends Error {
  constructor() {
    super('cost limit exceeded');
  }
}

/** The parts of cel-js's evaluator the cost hook wraps. */
export interface EvaluatorLike {
  run(ast: ASTNode, ctx: unknown): unknown;
  tryEval(ast: ASTNode, ctx: unknown): unknown;
  debugType(value: unknown): unknown;
  registry: { findBinaryOverload(op: string, left: unknown, right: unknown): unknown };
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
 * bounded by the size of their arguments (deep equality, flattening, formatting, building a result
 * larger than the input). Does nothing outside an evaluation.
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
 * synchronous, so one "current" meter is enough). So is every step of cel-js's deep equality of
 * lists and maps (used by `==`, `!=` and `in`): for each pair of nested lists or maps it compares, it
 * takes the type of both (`debugType`) and then looks up their `==` overload, which is charged a
 * traversal of the second of them. Two equal lists that share elements through variables can hold
 * far more pairs than were ever charged when they were built. The errors `&&`, `||` and the
 * quantifier macros absorb never include the cost limit: once it is passed, evaluation stops.
 */
export function installCostHook(evaluator: EvaluatorLike): void {
  if (hooked.has(evaluator)) return;
  hooked.add(evaluator);
  let lastTyped: unknown;
  const debugType = evaluator.debugType.bind(evaluator);
  evaluator.debugType = (value: unknown): unknown => {
    lastTyped = value;
    return debugType(value);
  };
  const registry = evaluator.registry;
  const findBinaryOverload = registry.findBinaryOverload.bind(registry);
  registry.findBinaryOverload = (op: string, left: unknown, right: unknown): unknown => {
    current?.charge(1 + traversalCost(lastTyped));
    return findBinaryOverload(op, left, right);
  };
  const tryEval = evaluator.tryEval.bind(evaluator);
  evaluator.tryEval = (ast: ASTNode, ctx: unknown): unknown => {
    const r = tryEval(ast, ctx);
    if (r instanceof BudgetExceeded) throw r;
    return r;
  };
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
