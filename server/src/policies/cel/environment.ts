import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import { celJs } from '../../engine/lazy-modules';
import { installCostHook, type EvaluatorLike } from './cost';
import { registerFormat } from './format';
import { registerNetwork } from './ip';
import { registerLists } from './lists';
import { registerQuantity } from './quantity';
import { registerRegex } from './regex';
import { registerStrings } from './strings';
import { registerUrls } from './url';

/** Where an expression is used; decides the variables it may reference and the type it must have. */
export type ExpressionRole = 'validation' | 'matchCondition' | 'messageExpression' | 'variable';

/** The dialect of the policy: Kubernetes ValidatingAdmissionPolicy or a Kyverno CEL policy. */
export type Dialect = 'kubernetes' | 'kyverno';

/** Options that decide which variables an expression may reference. */
export interface CompileOptions {
  role: ExpressionRole;
  dialect: Dialect;
  /** The policy declares `paramKind`, so `params` is declared. */
  hasParams: boolean;
  /** Names of the policy's `variables`; `variables.<name>` must be one of them. */
  variableNames: readonly string[];
}

/** A compile error, with its offsets inside the expression text. */
export interface CompileError {
  message: string;
  start: number;
  end: number;
}

/** Why an expression cannot be evaluated offline. */
export interface NotEvaluable {
  /** The library or variable that needs the cluster, the network or the request's user. */
  feature: string;
  reason: string;
  start: number;
  end: number;
}

/** The result of compiling one expression. */
export interface CompiledExpression {
  source: string;
  program: ParseResult | undefined;
  error: CompileError | undefined;
  notEvaluable: NotEvaluable | undefined;
}

/**
 * Methods cel-js has built in that are replaced: `matches` by RE2 (re2js), the case mappings by
 * ASCII-only ones, and `join` by one that charges the cost of its result before building it.
 */
const RENAMED_METHODS: Readonly<Record<string, string>> = {
  matches: 'k8sMatches',
  lowerAscii: 'k8sLowerAscii',
  upperAscii: 'k8sUpperAscii',
  join: 'k8sJoin',
};
const RENAMED_BACK: readonly [RegExp, string][] = Object.entries(RENAMED_METHODS).map(([k, v]) => [
  new RegExp(`\\b${v}\\b`, 'g'),
  k,
]);

const CLUSTER = 'it reads objects from the cluster';
const NETWORK = 'it needs the network';
const KYVERNO_LIBS: Readonly<Record<string, string>> = {
  resource: `Kyverno's resource library: ${CLUSTER}`,
  globalContext: `Kyverno's globalContext library: ${CLUSTER}`,
  http: `Kyverno's http library: ${NETWORK}`,
  image: `Kyverno's image data library: it fetches image metadata from a registry`,
  imagedata: `Kyverno's image data library: it fetches image metadata from a registry`,
  time: `Kyverno's time library: its result depends on the time of admission`,
  random: `Kyverno's random library: its result is not deterministic`,
  x509: `Kyverno's x509 library is not implemented by Kubeward`,
  json: `Kyverno's json library is not implemented by Kubeward`,
  yaml: `Kyverno's yaml library is not implemented by Kubeward`,
  gzip: `Kyverno's gzip library is not implemented by Kubeward`,
  hash: `Kyverno's hash library is not implemented by Kubeward`,
  math: `Kyverno's math library is not implemented by Kubeward`,
  transform: `Kyverno's transform library is not implemented by Kubeward`,
  exceptions: 'PolicyException data exists only in the cluster',
};
const KYVERNO_FUNCTIONS: Readonly<Record<string, string>> = {
  parseServiceAccount: "Kyverno's user library reads the requesting user, which a manifest does not have",
  parseImageReference: "Kyverno's image library is not implemented by Kubeward",
  isImage: "Kyverno's image library is not implemented by Kubeward",
  image: "Kyverno's image library is not implemented by Kubeward",
};
const KUBERNETES_UNSUPPORTED: Readonly<Record<string, string>> = {
  authorizer:
    'the authorizer library asks the API server whether the requesting user may act, which cannot be known offline',
  semver: 'the semver library is not implemented by Kubeward',
  isSemver: 'the semver library is not implemented by Kubeward',
  transformList: 'two-variable comprehensions are not implemented by Kubeward',
  transformMap: 'two-variable comprehensions are not implemented by Kubeward',
  transformMapEntry: 'two-variable comprehensions are not implemented by Kubeward',
  sortBy: 'the lists macro sortBy is not implemented by Kubeward',
  jsonpatch: 'the JSON patch library belongs to mutating policies',
};
const TWO_VAR_MACROS = new Set(['all', 'exists', 'existsOne', 'exists_one']);

/** The child AST nodes of a node, as the cel-js parser builds them. */
export function childNodes(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return node.args[1];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return node.args;
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    default:
      return [...(node.args as ASTNode[])];
  }
}

/** Visits every node of an AST, parents first. */
export function walk(node: ASTNode, visit: (n: ASTNode) => void): void {
  visit(node);
  for (const c of childNodes(node)) walk(c, visit);
}

function findNotEvaluable(ast: ASTNode, dialect: Dialect): NotEvaluable | undefined {
  let found: NotEvaluable | undefined;
  const bound = new Set<string>();
  const note = (feature: string, reason: string, n: ASTNode): void => {
    found ??= { feature, reason, start: n.start, end: n.end };
  };
  walk(ast, (n) => {
    if (n.op === 'rcall' && ['all', 'exists', 'exists_one', 'map', 'filter'].includes(n.args[0])) {
      const v = n.args[2][0];
      if (v?.op === 'id') bound.add(v.args);
    }
    if (n.op === 'rcall' && n.args[2].length === 3 && TWO_VAR_MACROS.has(n.args[0])) {
      note(n.args[0], 'two-variable comprehensions are not implemented by Kubeward', n);
    }
    if (n.op === 'id' && !bound.has(n.args)) {
      const reason =
        KUBERNETES_UNSUPPORTED[n.args] ?? (dialect === 'kyverno' ? KYVERNO_LIBS[n.args] : undefined);
      if (reason !== undefined) note(n.args, reason, n);
    }
    if (n.op === 'call') {
      const name = n.args[0];
      const reason =
        KUBERNETES_UNSUPPORTED[name] ?? (dialect === 'kyverno' ? KYVERNO_FUNCTIONS[name] : undefined);
      if (reason !== undefined) note(name, reason, n);
    }
    if (n.op === 'rcall' && KUBERNETES_UNSUPPORTED[n.args[0]] !== undefined) {
      note(n.args[0], KUBERNETES_UNSUPPORTED[n.args[0]] ?? '', n);
    }
  });
  return found;
}

function renameMethods(ast: ASTNode): void {
  walk(ast, (n) => {
    if (n.op === 'rcall') {
      const to = RENAMED_METHODS[n.args[0]];
      if (to !== undefined) (n.args as unknown[])[0] = to;
    }
  });
}

/** An error message with the internal method names put back. */
export function publicMessage(message: string): string {
  let out = message;
  for (const [re, name] of RENAMED_BACK) out = out.replace(re, name);
  return out.replace(/\bkyvernoOrValue\b/g, 'orValue');
}

function undeclaredVariable(ast: ASTNode, names: readonly string[]): CompileError | undefined {
  let err: CompileError | undefined;
  walk(ast, (n) => {
    if ((n.op === '.' || n.op === '.?') && n.args[0].op === 'id' && n.args[0].args === 'variables') {
      if (!names.includes(n.args[1])) {
        err ??= { message: `undefined field '${n.args[1]}'`, start: n.start, end: n.end };
      }
    }
  });
  return err;
}

const ROLE_TYPES: Readonly<Record<ExpressionRole, string | undefined>> = {
  validation: 'bool',
  matchCondition: 'bool',
  messageExpression: 'string',
  variable: undefined,
};

const environments = new Map<string, Environment>();

/** The shared CEL environment with every Kubernetes library registered (built once). */
function baseEnvironment(): Environment {
  const hit = environments.get('base');
  if (hit) return hit;
  const env = new (celJs().Environment)({ enableOptionalTypes: true });
  registerStrings(env);
  registerLists(env);
  registerRegex(env);
  registerUrls(env);
  registerQuantity(env);
  registerNetwork(env);
  registerFormat(env);
  registerKyvernoOrValue(env);
  env.registerFunction('kubewardEvaluator(): dyn', function (this: unknown) {
    return this;
  });
  environments.set('base', env);
  return env;
}

function environmentFor(opts: CompileOptions): Environment {
  const key = `${opts.role === 'variable' || opts.role === 'validation' || opts.role === 'messageExpression' ? 'v' : 'm'}:${opts.hasParams ? 'p' : ''}`;
  const hit = environments.get(key);
  if (hit) return hit;
  const env = baseEnvironment().clone({ enableOptionalTypes: true });
  env.registerVariable('object', 'dyn');
  env.registerVariable('oldObject', 'dyn');
  env.registerVariable('request', 'dyn');
  env.registerVariable('namespaceObject', 'dyn');
  if (opts.hasParams) env.registerVariable('params', 'dyn');
  if (opts.role !== 'matchCondition') env.registerVariable('variables', 'map<string, dyn>');
  installCostHook(env.evaluate('kubewardEvaluator()') as EvaluatorLike);
  environments.set(key, env);
  return env;
}

interface MacroChecker {
  check(node: ASTNode, ctx: unknown): unknown;
  getType(name: string): unknown;
}
interface MacroEvaluator {
  run(node: ASTNode, ctx: unknown): unknown;
}
interface OrValueMacro {
  receiver: ASTNode;
  arg: ASTNode;
}

/**
 * Kyverno's `orValue` (pkg/cel/compiler/env.go, OrValueCompatEnvOptions): cel-go 0.27 behaviour kept by
 * Kyverno, where `x.orValue(y)` on a non-optional `x` returns `x` and on an error returns `y`.
 */
function registerKyvernoOrValue(env: Environment): void {
  env.registerFunction(
    'dyn.kyvernoOrValue(ast): dyn',
    ({ args, receiver }: { args: ASTNode[]; receiver: ASTNode }) => ({
      receiver,
      arg: args[0],
      typeCheck(chk: MacroChecker, macro: OrValueMacro, ctx: unknown) {
        chk.check(macro.receiver, ctx);
        chk.check(macro.arg, ctx);
        return chk.getType('dyn');
      },
      evaluate(ev: MacroEvaluator, macro: OrValueMacro, ctx: unknown): unknown {
        let v: unknown;
        try {
          v = ev.run(macro.receiver, ctx);
        } catch {
          return ev.run(macro.arg, ctx);
        }
        if (v instanceof celJs().Optional) return v.hasValue() ? v.value() : ev.run(macro.arg, ctx);
        return v;
      },
    }),
  );
}

const KYVERNO_OR_VALUE = /\.orValue\(/g;
const OR_VALUE_SHIFT = '.kyvernoOrValue('.length - '.orValue('.length;

/** Kyverno's `orValue` macro replaces cel-go's (see {@link registerKyvernoOrValue}); offsets are mapped back. */
function kyvernoSource(source: string): { text: string; back: (offset: number) => number } {
  const at: number[] = [];
  const text = source.replace(KYVERNO_OR_VALUE, (_m, offset: number) => {
    at.push(offset + at.length * OR_VALUE_SHIFT);
    return '.kyvernoOrValue(';
  });
  return { text, back: (offset) => offset - at.filter((a) => a < offset).length * OR_VALUE_SHIFT };
}

/** Offsets of a cel-js error, clamped to the expression. */
function errorRange(e: unknown, length: number): { start: number; end: number } {
  const r = (e as { range?: { start: number; end: number } }).range;
  const start = Math.max(0, Math.min(length, r?.start ?? 0));
  const end = Math.max(start, Math.min(length, r?.end ?? length));
  return { start, end };
}

function summary(e: unknown): string {
  const s = (e as { summary?: unknown }).summary;
  if (typeof s === 'string' && s !== '') return s;
  return e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
}

/**
 * Compiles one expression as the API server does: parse, type-check against the declared variables
 * (`object`, `oldObject`, `request`, `namespaceObject`, `params` when the policy has a paramKind,
 * `variables`), and check the result type (bool for validations and match conditions, string for
 * message expressions). Expressions that need what a manifest cannot give (the authorizer, Kyverno's
 * cluster and network libraries) are returned with `notEvaluable` set and no program.
 */
export function compileExpression(source: string, opts: CompileOptions): CompiledExpression {
  const compiled = compileMapped(source, opts);
  if (opts.dialect !== 'kyverno' || !source.includes('.orValue(')) return compiled;
  const { back } = kyvernoSource(source);
  const fix = <T extends { start: number; end: number }>(r: T | undefined): T | undefined =>
    r === undefined ? undefined : { ...r, start: back(r.start), end: back(r.end) };
  return { ...compiled, source, error: fix(compiled.error), notEvaluable: fix(compiled.notEvaluable) };
}

function compileMapped(original: string, opts: CompileOptions): CompiledExpression {
  const source = opts.dialect === 'kyverno' ? kyvernoSource(original).text : original;
  const env = environmentFor(opts);
  let program: ParseResult;
  try {
    program = env.parse(source);
  } catch (e) {
    return {
      source,
      program: undefined,
      notEvaluable: undefined,
      error: { message: `compilation failed: ${publicMessage(summary(e))}`, ...errorRange(e, source.length) },
    };
  }
  const notEvaluable = findNotEvaluable(program.ast, opts.dialect);
  if (notEvaluable) return { source, program: undefined, error: undefined, notEvaluable };
  renameMethods(program.ast);
  if (opts.role !== 'matchCondition') {
    const undeclared = undeclaredVariable(program.ast, opts.variableNames);
    if (undeclared) {
      return {
        source,
        program: undefined,
        notEvaluable: undefined,
        error: { ...undeclared, message: `compilation failed: ${undeclared.message}` },
      };
    }
  }
  const checked = program.check();
  if (!checked.valid) {
    return {
      source,
      program: undefined,
      notEvaluable: undefined,
      error: {
        message: `compilation failed: ${publicMessage(summary(checked.error))}`,
        ...errorRange(checked.error, source.length),
      },
    };
  }
  const want = ROLE_TYPES[opts.role];
  if (want !== undefined && checked.type !== want) {
    return {
      source,
      program: undefined,
      notEvaluable: undefined,
      error: {
        message: `must evaluate to ${want} but got ${checked.type ?? 'dyn'}`,
        start: 0,
        end: source.length,
      },
    };
  }
  return { source, program, error: undefined, notEvaluable: undefined };
}
