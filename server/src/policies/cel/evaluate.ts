import {
  compileExpression,
  publicMessage,
  type CompileOptions,
  type CompiledExpression,
} from './environment';
import { Meter, setCurrentMeter } from './cost';

/** Evaluation outcome of one expression. */
export type Outcome =
  | { ok: true; value: unknown; cost: number }
  | { ok: false; error: string; kind: 'runtime' | 'cost'; cost: number };

/** Evaluates a compiled expression against an activation, charging `meter`. */
export function evaluateExpression(
  compiled: CompiledExpression,
  activation: Record<string, unknown>,
  meter: Meter,
): Outcome {
  const program = compiled.program;
  if (!program) return { ok: false, error: 'not compiled', kind: 'runtime', cost: 0 };
  const previous = setCurrentMeter(meter);
  meter.begin();
  try {
    const value: unknown = program(activation);
    meter.after(program.ast, value);
    if (meter.stopped) return costOutcome(meter);
    return { ok: true, value, cost: meter.cost };
  } catch (e) {
    if (meter.stopped) return costOutcome(meter);
    const message = e instanceof Error ? ((e as { summary?: string }).summary ?? e.message) : String(e);
    return {
      ok: false,
      error: publicMessage(message.split('\n')[0] ?? message),
      kind: 'runtime',
      cost: meter.cost,
    };
  } finally {
    setCurrentMeter(previous);
  }
}

function costOutcome(meter: Meter): Outcome {
  return {
    ok: false,
    kind: 'cost',
    cost: meter.cost,
    error: `operation cancelled: actual cost limit exceeded (the limit is ${meter.perCallLimit} per expression and ${meter.budget} per policy evaluation)`,
  };
}

/**
 * Compiles and evaluates one expression on its own (a validation by default), with a fresh meter:
 * for tests and tools. Throws with the compile error when the expression does not compile.
 */
export function evaluateCel(
  source: string,
  activation: Record<string, unknown> = {},
  opts: Partial<CompileOptions> = {},
): Outcome {
  const compiled = compileExpression(source, {
    role: 'variable',
    dialect: 'kubernetes',
    hasParams: 'params' in activation,
    variableNames: Object.keys((activation.variables as Record<string, unknown> | undefined) ?? {}),
    ...opts,
  });
  if (compiled.error) throw new Error(compiled.error.message);
  if (compiled.notEvaluable) throw new Error(`not evaluable: ${compiled.notEvaluable.reason}`);
  return evaluateExpression(compiled, activation, new Meter(new Map()));
}
