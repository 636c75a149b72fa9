import type { Span } from '../engine/locate';
import { getIn, mapGet } from '../engine/node';
import { selectorMatches, type LabelSelectorData } from '../engine/workspace-index';
import { templateLocation } from '../engine/workload';
import { autogenRewrite, autogenTargets, AUTOGEN_TARGETS, type AutogenTarget } from './autogen';
import { Meter, type FieldRead } from './cel/cost';
import { compileExpression, walk, type CompiledExpression, type CompileOptions } from './cel/environment';
import { evaluateExpression, type Outcome } from './cel/evaluate';
import { equivalentGroups, groupVersion, kindInfo, type CustomResources } from './kinds';
import type {
  BindingModel,
  KindFilter,
  MatchResources,
  ParamRef,
  PolicyExpression,
  PolicyModel,
  PolicySet,
  ResourceRule,
  SourceObject,
  ValidationModel,
} from './model';
import { spanInExpression } from './source-map';
import {
  existingPrefix,
  spanOfPath,
  toValue,
  ValueTooLarge,
  type FieldPath,
  type PathRegistry,
} from './yaml-value';

/** What a failing validation does, from the binding's (or Kyverno policy's) `validationActions`. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

/** Severity of a finding: Deny → error, Warn → warning, Audit → info. */
export type Severity = 'error' | 'warning' | 'info';

/** Which policy (and binding, rule, validation) a finding or outcome is about. */
export interface PolicyRef {
  kind: string;
  name: string;
  binding: string | undefined;
  rule: string | undefined;
  /** Index in `validations` (Kyverno: `expressions`); undefined for findings about the whole policy. */
  validation: number | undefined;
}

/** One validation that refuses (or errors on) the checked object. */
export interface AdmissionFinding {
  policy: PolicyRef;
  action: ValidationAction;
  severity: Severity;
  /** The policy's message, its messageExpression result, or the API server's default message. */
  message: string;
  /** `reason` of the validation (`Invalid` when not set), for denials. */
  reason: string | undefined;
  /** `deny`: the expression was false; `error`: it failed and `failurePolicy: Fail` turns that into a refusal. */
  evaluation: 'deny' | 'error';
  /** Field of the checked object to show the finding on (in the object as written, e.g. the pod template). */
  path: FieldPath;
  /** Offsets of that field in the checked object's chunk. */
  span: Span;
  /** Set when a policy for pods was applied to a workload's pod template: the workload itself is admitted. */
  podTemplate: boolean;
  /** Assumptions made (unknown namespace, params looked up in the workspace only). */
  notes: string[];
}

/** The verdict of one policy (and binding, and param) on one object. */
export type Verdict = 'pass' | 'fail' | 'skip' | 'error' | 'not-evaluated';

/** What one policy decided about one object. */
export interface PolicyOutcome {
  policy: PolicyRef;
  verdict: Verdict;
  findings: AdmissionFinding[];
  /** Why it was skipped or not evaluated. */
  reason: string | undefined;
  notes: string[];
  /**
   * Not evaluated because the object is a custom resource whose CRD is not in the workspace and the
   * policy selects resources by name: whether it selects this one is not known.
   */
  unknownResource?: true;
  /** Not evaluated because the binding's param object is above the size limit. */
  paramTooLarge?: true;
}

/** A finding about a policy or binding itself: compile errors, expressions not evaluable offline, no binding. */
export interface PolicyNotice {
  policy: PolicyRef;
  severity: Severity;
  message: string;
  /** Offsets in the policy's (or binding's) chunk: the exact expression part for compile errors. */
  span: Span;
  source: SourceObject;
  code: 'compile-error' | 'not-evaluable' | 'no-binding' | 'unsupported' | 'binding-without-policy';
}

/** Context a manifest does not carry, given by the caller (the workspace index, settings). */
export interface AdmissionContext {
  /** Labels of the namespaces known to exist (Namespace objects of the workspace, or configuration). */
  namespaceLabels?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Namespace objects of the workspace, exposed as `namespaceObject`. */
  namespaceObjects?: ReadonlyMap<string, SourceObject>;
  /** Objects that may be policy params (any kind; matched against `paramKind`). */
  params?: readonly SourceObject[];
  /** The namespace of objects without `metadata.namespace` (default `default`). */
  defaultNamespace?: string;
  /** Custom resources by `group/kind`, from the workspace's CustomResourceDefinitions. */
  customResources?: CustomResources;
  /** Objects that may be params but were too large to read (their size in characters). */
  largeParams?: readonly LargeParam[];
}

/** A param object the workspace holds but did not read: above the size limit. */
export interface LargeParam {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  size: number;
  limit: number;
}

interface CompiledBody {
  matchConditions: { name: string; expr: PolicyExpression; compiled: CompiledExpression }[];
  variables: { name: string; expr: PolicyExpression; compiled: CompiledExpression; uses: string[] }[];
  validations: {
    model: ValidationModel;
    compiled: CompiledExpression;
    message: CompiledExpression | undefined;
    uses: string[];
  }[];
}

interface CompiledPolicy {
  model: PolicyModel;
  body: CompiledBody;
  /** Kyverno autogen variants, by replacement set. */
  variants: Map<AutogenTarget['config'], CompiledBody>;
  autogen: AutogenTarget[];
  compileErrors: { message: string; span: Span; field: string }[];
}

const ACTION_SEVERITY: Readonly<Record<ValidationAction, Severity>> = {
  Deny: 'error',
  Warn: 'warning',
  Audit: 'info',
};

function variableUses(c: CompiledExpression): string[] {
  const out = new Set<string>();
  const ast = c.program?.ast;
  if (!ast) return [];
  walk(ast, (n) => {
    if ((n.op === '.' || n.op === '.?') && n.args[0].op === 'id' && n.args[0].args === 'variables')
      out.add(n.args[1]);
  });
  return [...out];
}

function compileBody(
  model: PolicyModel,
  rewrite: (s: string) => string,
  errors: CompiledPolicy['compileErrors'] | undefined,
): CompiledBody {
  const variableNames = model.variables.map((v) => v.name);
  const base: Omit<CompileOptions, 'role'> = {
    dialect: model.dialect,
    hasParams: model.paramKind !== undefined,
    variableNames,
  };
  const compile = (e: PolicyExpression, role: CompileOptions['role']): CompiledExpression => {
    const c = compileExpression(rewrite(e.source.text), { ...base, role });
    if (c.error && errors) {
      errors.push({
        message: c.error.message,
        span: spanInExpression(e.source, c.error.start, c.error.end),
        field: e.field,
      });
    }
    return c;
  };
  return {
    matchConditions: model.matchConditions.map((m) => ({
      name: m.name,
      expr: m.expression,
      compiled: compile(m.expression, 'matchCondition'),
    })),
    variables: model.variables.map((v) => {
      const compiled = compile(v.expression, 'variable');
      return { name: v.name, expr: v.expression, compiled, uses: variableUses(compiled) };
    }),
    validations: model.validations.map((v) => {
      const compiled = compile(v.expression, 'validation');
      const message = v.messageExpression ? compile(v.messageExpression, 'messageExpression') : undefined;
      return {
        model: v,
        compiled,
        message,
        uses: [...variableUses(compiled), ...(message ? variableUses(message) : [])],
      };
    }),
  };
}

function policyRef(model: PolicyModel, binding: BindingModel | undefined, validation?: number): PolicyRef {
  return { kind: model.kind, name: model.name, binding: binding?.name, rule: model.rule, validation };
}

/** Whether a resource rule list entry matches (`*`, exact, or `resource/*` for subresources). */
function resourceMatches(patterns: readonly string[], resource: string): boolean {
  return patterns.some((p) => p === '*' || p === resource || p === '*/*');
}

function ruleMatches(
  rule: ResourceRule,
  group: string,
  version: string,
  resource: string,
  namespaced: boolean,
  name: string,
  matchPolicy: MatchResources['matchPolicy'],
): boolean {
  if (!rule.operations.some((o) => o === '*' || o === 'CREATE')) return false;
  if (!resourceMatches(rule.resources, resource)) return false;
  if (rule.scope === 'Cluster' && namespaced) return false;
  if (rule.scope === 'Namespaced' && !namespaced) return false;
  if (rule.resourceNames.length > 0 && !rule.resourceNames.includes(name)) return false;
  const groupOk = rule.apiGroups.some((g) => g === '*' || g === group);
  const versionOk = rule.apiVersions.some((v) => v === '*' || v === version);
  if (groupOk && versionOk) return true;
  if (matchPolicy !== 'Equivalent') return false;
  return rule.apiGroups.some((g) => g === '*' || equivalentGroups(g, group));
}

interface Target {
  src: SourceObject;
  group: string;
  version: string;
  kind: string;
  resource: string;
  /** Whether `resource` is known (built in, or from a CRD in the workspace) rather than guessed. */
  resourceKnown: boolean;
  namespaced: boolean;
  name: string;
  namespace: string | undefined;
  labels: Record<string, string>;
  /**
   * What every policy evaluated on this object shares, built on first use: the object converted to
   * CEL values once per check, not once per policy and binding.
   */
  memo: TargetMemo;
}

interface TargetMemo {
  object?: Activation;
  /** `null`: the workload has no pod template. */
  pod?: Activation | null;
  namespace?: { value: unknown; note: string | undefined };
  podLabels?: Record<string, string>;
  /** The whole object's values and paths, shared by the object's and the pod's activations. */
  whole?: { root: Record<string, unknown>; registry: PathRegistry };
}

function labelsOf(src: SourceObject): Record<string, string> {
  const out: Record<string, string> = {};
  const labels = getIn(src.object.root, ['metadata', 'labels'])?.value;
  const v = toValue(labels, new WeakMap());
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v))
      out[k] = typeof x === 'string' ? x : String(x as string | number | boolean);
  }
  return out;
}

function targetOf(src: SourceObject, ctx: AdmissionContext): Target {
  const { group, version } = groupVersion(src.object.apiVersion);
  const info = kindInfo(src.object.apiVersion, src.object.kind, ctx.customResources);
  const ns = info.namespaced ? src.object.namespace || (ctx.defaultNamespace ?? 'default') : undefined;
  return {
    src,
    group,
    version,
    kind: src.object.kind,
    resource: info.resource,
    resourceKnown: info.known,
    namespaced: info.namespaced,
    name: src.object.name,
    namespace: ns,
    labels: labelsOf(src),
    memo: {},
  };
}

/** Namespace-selector verdict: matched, not matched, or assumed matched because the namespace's labels are unknown. */
function namespaceSelected(
  sel: LabelSelectorData | undefined,
  t: Target,
  ctx: AdmissionContext,
  notes: string[],
): boolean {
  if (!sel) return true;
  if (t.kind === 'Namespace' && t.group === '') return selectorMatches(sel, t.labels);
  if (!t.namespaced || t.namespace === undefined) return true;
  const labels = ctx.namespaceLabels?.get(t.namespace);
  if (!labels) {
    const empty = Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
    if (!empty)
      notes.push(
        `The labels of namespace "${t.namespace}" are not known; evaluated as if its namespaceSelector matched.`,
      );
    return true;
  }
  return selectorMatches(sel, { 'kubernetes.io/metadata.name': t.namespace, ...labels });
}

function kindFilterMatches(f: KindFilter, t: Target, ctx: AdmissionContext, notes: string[]): boolean {
  const kindOk =
    f.kinds.length === 0 ||
    f.kinds.some((k) => {
      const parts = k.split('/');
      const kind = parts[parts.length - 1] ?? '';
      if (kind !== '*' && kind !== t.kind) return false;
      if (parts.length === 3)
        return (parts[0] === '*' || parts[0] === t.group) && (parts[1] === '*' || parts[1] === t.version);
      if (parts.length === 2)
        return (
          parts[0] === '*' ||
          parts[0] === `${t.group}${t.group ? '/' : ''}${t.version}` ||
          parts[0] === t.group
        );
      return true;
    });
  if (!kindOk) return false;
  if (f.names.length > 0 && !f.names.some((n) => globMatch(n, t.name))) return false;
  if (
    f.namespaces.length > 0 &&
    !f.namespaces.some((n) => t.namespace !== undefined && globMatch(n, t.namespace))
  )
    return false;
  if (f.selector && !selectorMatches(f.selector, t.labels)) return false;
  if (f.operations.length > 0 && !f.operations.includes('CREATE')) return false;
  return namespaceSelected(f.namespaceSelector, t, ctx, notes);
}

function globMatch(pattern: string, s: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(s);
}

/** Whether `matchConstraints`/`matchResources` select the object, as the API server's matcher decides for a CREATE. */
export function matchesResources(
  m: MatchResources,
  t: Target,
  ctx: AdmissionContext,
  notes: string[],
  /** A binding's `matchResources` without `resourceRules` does not constrain the resources. */
  binding = false,
): boolean {
  if (m.kinds) {
    if (!m.kinds.any.some((f) => kindFilterMatches(f, t, ctx, notes))) return false;
    return !m.kinds.exclude.some((f) => kindFilterMatches(f, t, ctx, []));
  }
  if (!namespaceSelected(m.namespaceSelector, t, ctx, notes)) return false;
  if (m.objectSelector && !selectorMatches(m.objectSelector, t.labels)) return false;
  // A guessed resource name matches no rule that names resources: only `*` selects the object.
  const resource = t.resourceKnown ? t.resource : '';
  const hit = (r: ResourceRule): boolean =>
    ruleMatches(r, t.group, t.version, resource, t.namespaced, t.name, m.matchPolicy);
  if (m.excludeResourceRules.some(hit)) return false;
  return (binding && m.resourceRules.length === 0) || m.resourceRules.some(hit);
}

/**
 * For an object whose resource name is not known (a custom resource without its CRD in the
 * workspace): why a policy's verdict on it is unknown, when a rule selects the object's group and
 * version but names resources.
 */
function unknownResource(m: MatchResources | undefined, t: Target): string | undefined {
  if (t.resourceKnown || !m || m.kinds) return undefined;
  const could = m.resourceRules.some(
    (r) =>
      r.operations.some((o) => o === '*' || o === 'CREATE') &&
      r.apiGroups.some((g) => g === '*' || g === t.group) &&
      r.apiVersions.some((v) => v === '*' || v === t.version) &&
      !r.resources.some((x) => x === '*' || x === '*/*'),
  );
  if (!could) return undefined;
  return `the workspace has no CustomResourceDefinition for ${t.kind} (${t.group || 'core'}/${t.version}), so its resource name is not known, and the policy selects resources by name`;
}

/** Whether a policy's rules select `pods` (so it also applies to pod templates of workloads). */
function matchesPods(m: MatchResources | undefined): boolean {
  if (!m || m.kinds) return false;
  return m.resourceRules.some(
    (r) =>
      r.apiGroups.some((g) => g === '' || g === '*') &&
      r.apiVersions.some((v) => v === 'v1' || v === '*') &&
      resourceMatches(r.resources, 'pods') &&
      r.operations.some((o) => o === '*' || o === 'CREATE'),
  );
}

interface Activation {
  values: Record<string, unknown>;
  registries: Map<string, PathRegistry>;
  root: Record<string, unknown>;
  /** Maps a read path to the path in the manifest (pod-template evaluation). */
  mapPath: (p: FieldPath) => FieldPath;
}

function requestOf(
  t: Target,
  kind: { group: string; version: string; kind: string; resource: string },
): Record<string, unknown> {
  const gvk = { group: kind.group, version: kind.version, kind: kind.kind };
  const gvr = { group: kind.group, version: kind.version, resource: kind.resource };
  return {
    kind: gvk,
    resource: gvr,
    subResource: '',
    requestKind: gvk,
    requestResource: gvr,
    requestSubResource: '',
    name: t.name,
    namespace: t.namespace ?? '',
    operation: 'CREATE',
    userInfo: { username: '', uid: '', groups: [], extra: {} },
    dryRun: false,
    options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
  };
}

function namespaceValue(t: Target, ctx: AdmissionContext, notes: string[]): unknown {
  if (!t.namespaced || t.namespace === undefined) return null;
  let memo = t.memo.namespace;
  if (!memo) {
    const obj = ctx.namespaceObjects?.get(t.namespace);
    const labels = obj ? undefined : ctx.namespaceLabels?.get(t.namespace);
    memo = obj
      ? { value: toValue(obj.object.root, new WeakMap()), note: undefined }
      : {
          value: {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: {
              name: t.namespace,
              labels: { 'kubernetes.io/metadata.name': t.namespace, ...(labels ?? {}) },
            },
            spec: {},
            status: { phase: 'Active' },
          },
          note: labels
            ? undefined
            : `Namespace "${t.namespace}" is not in the workspace; namespaceObject has its name only.`,
        };
    t.memo.namespace = memo;
  }
  if (memo.note !== undefined) notes.push(memo.note);
  return memo.value;
}

/** The object as CEL values (converted once per target), with `metadata.namespace` defaulted. */
function wholeValues(t: Target): { root: Record<string, unknown>; registry: PathRegistry } {
  if (t.memo.whole) return t.memo.whole;
  const registry: PathRegistry = new WeakMap();
  const root = toValue(t.src.object.root, registry) as Record<string, unknown>;
  if (t.namespaced && t.namespace !== undefined) {
    const meta = root.metadata;
    if (meta !== null && typeof meta === 'object' && !Array.isArray(meta) && !('namespace' in meta)) {
      (meta as Record<string, unknown>).namespace = t.namespace;
    }
  }
  return (t.memo.whole = { root, registry });
}

/** The activation of the object itself; built once per target, shared by every policy. */
function objectActivation(t: Target, ctx: AdmissionContext, notes: string[]): Activation {
  const namespaceObject = namespaceValue(t, ctx, notes);
  if (t.memo.object) return t.memo.object;
  const { root, registry } = wholeValues(t);
  return (t.memo.object = {
    values: {
      object: root,
      oldObject: null,
      request: requestOf(t, { group: t.group, version: t.version, kind: t.kind, resource: t.resource }),
      namespaceObject,
    },
    registries: new Map([['object', registry]]),
    root,
    mapPath: (p) => p,
  });
}

const POD_ROOT = '\u0000pod';
/** Stands for the random suffix of a generated pod name (five characters, as Kubernetes makes them). */
const GENERATED_SUFFIX = 'xxxxx';

/** A Pod built from a workload's pod template: its metadata, the workload's namespace. */
function podActivation(t: Target, ctx: AdmissionContext, notes: string[]): Activation | undefined {
  const namespaceObject = namespaceValue(t, ctx, notes);
  if (t.memo.pod === undefined) t.memo.pod = buildPodActivation(t, namespaceObject) ?? null;
  return t.memo.pod ?? undefined;
}

function buildPodActivation(t: Target, namespaceObject: unknown): Activation | undefined {
  const loc = templateLocation(t.src.object);
  if (!loc || t.kind === 'Pod') return undefined;
  const { root: whole, registry } = wholeValues(t);
  const at = (path: readonly string[]): unknown =>
    path.reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      whole,
    );
  const spec = at(loc.spec);
  if (spec === null || typeof spec !== 'object') return undefined;
  const templateMeta = at(loc.metadata);
  const metadata: Record<string, unknown> = {
    ...(templateMeta !== null && typeof templateMeta === 'object'
      ? (templateMeta as Record<string, unknown>)
      : {}),
  };
  if (t.namespace !== undefined) metadata.namespace = t.namespace;
  // The API server names a controller's pod before validating admission runs (BeforeCreate, then
  // createValidation), so a policy sees a name: the StatefulSet's ordinal name, else the
  // controller's generateName prefix and a generated suffix (its letters cannot be known here).
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    if (t.kind === 'StatefulSet') metadata.name = `${t.name}-0`;
    else if (t.name !== '') {
      metadata.generateName = `${t.name}-`;
      metadata.name = `${t.name}-${GENERATED_SUFFIX}`;
    }
  }
  registry.set(metadata, [POD_ROOT, 'metadata']);
  const pod: Record<string, unknown> = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  registry.set(pod, [POD_ROOT]);
  const podTarget: Target = {
    ...t,
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    resourceKnown: true,
    namespaced: true,
    name: typeof metadata.name === 'string' ? metadata.name : '',
  };
  return {
    values: {
      object: pod,
      oldObject: null,
      request: requestOf(podTarget, { group: '', version: 'v1', kind: 'Pod', resource: 'pods' }),
      namespaceObject,
    },
    registries: new Map([['object', registry]]),
    root: pod,
    mapPath: (p) => {
      if (p[0] !== POD_ROOT) return p;
      if (p[1] === 'spec') return [...loc.spec, ...p.slice(2)];
      if (p[1] === 'metadata') return [...loc.metadata, ...p.slice(2)];
      return [];
    },
  };
}

/** The param objects a binding selects, or the reason there are none. */
function resolveParams(
  model: PolicyModel,
  ref: ParamRef | undefined,
  t: Target,
  ctx: AdmissionContext,
): { params: SourceObject[]; missing: string | undefined; tooLarge?: string } {
  const kind = model.paramKind;
  if (!kind) return { params: [], missing: undefined };
  if (!ref)
    return { params: [], missing: `policy "${model.name}" has a paramKind but its binding has no paramRef` };
  const namespaced = kindInfo(kind.apiVersion, kind.kind, ctx.customResources).namespaced;
  const ns = ref.namespace ?? (namespaced ? t.namespace : undefined);
  const candidates = (ctx.params ?? []).filter(
    (p) =>
      p.object.kind === kind.kind &&
      p.object.apiVersion === kind.apiVersion &&
      (!namespaced || ns === undefined || (p.object.namespace || (ctx.defaultNamespace ?? 'default')) === ns),
  );
  const found =
    ref.name !== undefined
      ? candidates.filter((p) => p.object.name === ref.name)
      : ref.selector
        ? candidates.filter((p) => selectorMatches(ref.selector as LabelSelectorData, labelsOf(p)))
        : [];
  const what =
    ref.name !== undefined ? `${kind.kind} "${ref.name}"` : `${kind.kind} objects matching the selector`;
  // A param that exists but was too large to read: its verdict is not known (a selector's labels
  // were not read either, so any large object of the kind in the namespace may be one).
  const large = (ctx.largeParams ?? []).filter(
    (p) =>
      p.kind === kind.kind &&
      p.apiVersion === kind.apiVersion &&
      (!namespaced || ns === undefined || (p.namespace || (ctx.defaultNamespace ?? 'default')) === ns) &&
      (ref.name === undefined || p.name === ref.name),
  );
  const first = large[0];
  if (first && (ref.name !== undefined || found.length === 0))
    return {
      params: [],
      missing: undefined,
      tooLarge: `its param ${first.kind} "${first.name}" is ${mib(first.size)}, above the ${mib(first.limit)} Kubeward reads (the API server's request limit), so it was not read`,
    };
  return {
    params: found,
    missing:
      found.length === 0
        ? `no params found: ${what}${ns === undefined ? '' : ` in namespace "${ns}"`} is not in the workspace`
        : undefined,
  };
}

function mib(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MiB`;
}

interface EvalInput {
  policy: CompiledPolicy;
  body: CompiledBody;
  binding: BindingModel | undefined;
  actions: ValidationAction[];
  activation: Activation;
  target: Target;
  podTemplate: boolean;
  notes: string[];
}

function strongestAction(actions: readonly ValidationAction[]): ValidationAction {
  return actions.includes('Deny') ? 'Deny' : actions.includes('Warn') ? 'Warn' : 'Audit';
}

function findingSpan(
  t: Target,
  reads: readonly FieldRead[],
  mapPath: (p: FieldPath) => FieldPath,
): { path: FieldPath; span: Span } {
  const root = t.src.object.root;
  for (let i = reads.length - 1; i >= 0; i--) {
    const r = reads[i];
    if (r?.root !== 'object') continue;
    const path = existingPrefix(root, mapPath(r.path));
    const span = spanOfPath(root, path);
    if (span) return { path, span };
  }
  const kp = t.src.object.kindPair;
  const key = kp.key as { range?: [number, number, number] };
  const value = kp.value as { range?: [number, number, number] } | null;
  return { path: [], span: { start: key.range?.[0] ?? 0, end: value?.range?.[1] ?? key.range?.[1] ?? 0 } };
}

function outcomeOf(o: Outcome): { value: unknown; error: string | undefined } {
  return o.ok ? { value: o.value, error: undefined } : { value: undefined, error: o.error };
}

/** Evaluates one policy body on one activation: match conditions, variables, validations. */
function evaluateBody(input: EvalInput): PolicyOutcome {
  const { policy, body, binding, activation, target } = input;
  const model = policy.model;
  const ref = policyRef(model, binding);
  const notes = [...input.notes];
  const meter = new Meter(activation.registries);
  const failurePolicy = model.failurePolicy;
  const action = strongestAction(input.actions);
  const findings: AdmissionFinding[] = [];
  const errorFinding = (
    message: string,
    validation: number | undefined,
    reads: readonly FieldRead[],
  ): AdmissionFinding => ({
    policy: { ...ref, validation },
    action,
    severity: ACTION_SEVERITY[action],
    message,
    reason: undefined,
    evaluation: 'error',
    ...findingSpan(target, reads, activation.mapPath),
    podTemplate: input.podTemplate,
    notes,
  });
  const values = { ...activation.values };
  for (const mc of body.matchConditions) {
    if (mc.compiled.notEvaluable)
      return {
        policy: ref,
        verdict: 'not-evaluated',
        findings: [],
        reason: `matchCondition "${mc.name}" is not evaluated: ${mc.compiled.notEvaluable.reason}`,
        notes,
      };
    if (!mc.compiled.program)
      return {
        policy: ref,
        verdict: 'not-evaluated',
        findings: [],
        reason: `matchCondition "${mc.name}" does not compile`,
        notes,
      };
    const { value, error } = outcomeOf(evaluateExpression(mc.compiled, values, meter));
    if (error !== undefined) {
      if (failurePolicy === 'Ignore')
        return {
          policy: ref,
          verdict: 'skip',
          findings: [],
          reason: `matchCondition "${mc.name}" failed (${error}); failurePolicy Ignore`,
          notes,
        };
      return {
        policy: ref,
        verdict: 'error',
        findings: [errorFinding(`failed to evaluate matchCondition "${mc.name}": ${error}`, undefined, [])],
        reason: error,
        notes,
      };
    }
    if (value !== true)
      return {
        policy: ref,
        verdict: 'skip',
        findings: [],
        reason: `matchCondition "${mc.name}" is false`,
        notes,
      };
  }
  const variables: Record<string, unknown> = {};
  const variableReads = new Map<string, FieldRead[]>();
  const unknownVariables = new Map<string, string>();
  for (const v of body.variables) {
    const why =
      v.compiled.notEvaluable?.reason ??
      (v.compiled.program
        ? v.uses.map((u) => unknownVariables.get(u)).find((x) => x !== undefined)
        : 'it does not compile');
    if (why !== undefined) {
      unknownVariables.set(v.name, `variable "${v.name}" is not evaluated: ${why}`);
      continue;
    }
    meter.recording = true;
    const start = meter.readCount;
    const out = evaluateExpression(v.compiled, { ...values, variables }, meter);
    meter.recording = false;
    variableReads.set(v.name, meter.readsSince(start));
    if (out.ok) variables[v.name] = out.value;
    else
      Object.defineProperty(variables, v.name, {
        enumerable: true,
        get: () => {
          throw new Error(out.error);
        },
      });
  }
  values.variables = variables;
  let failed = false;
  let unknown: string | undefined;
  for (const v of body.validations) {
    const index = v.model.index;
    const why =
      v.compiled.notEvaluable?.reason ??
      v.uses.map((u) => unknownVariables.get(u)).find((x) => x !== undefined);
    if (why !== undefined || !v.compiled.program) {
      unknown ??= `validation ${index} is not evaluated: ${why ?? 'it does not compile'}`;
      continue;
    }
    const start = meter.readCount;
    meter.recording = true;
    const out = evaluateExpression(v.compiled, values, meter);
    meter.recording = false;
    const reads = [...v.uses.flatMap((u) => variableReads.get(u) ?? []), ...meter.readsSince(start)];
    if (!out.ok) {
      if (failurePolicy === 'Ignore' && model.dialect === 'kubernetes') continue;
      findings.push(errorFinding(`validation ${index} failed: ${out.error}`, index, reads));
      if (model.dialect === 'kyverno')
        return { policy: ref, verdict: 'error', findings, reason: out.error, notes };
      continue;
    }
    if (out.value === true) continue;
    failed = true;
    findings.push({
      policy: { ...ref, validation: index },
      action,
      severity: ACTION_SEVERITY[action],
      message: messageOf(v, values, meter, model),
      reason: v.model.reason ?? 'Invalid',
      evaluation: 'deny',
      ...findingSpan(target, reads, activation.mapPath),
      podTemplate: input.podTemplate,
      notes,
    });
    if (model.dialect === 'kyverno') break;
  }
  if (failed) return { policy: ref, verdict: 'fail', findings, reason: undefined, notes };
  if (findings.length > 0)
    return { policy: ref, verdict: 'error', findings, reason: findings[0]?.message, notes };
  if (unknown !== undefined)
    return { policy: ref, verdict: 'not-evaluated', findings: [], reason: unknown, notes };
  return { policy: ref, verdict: 'pass', findings: [], reason: undefined, notes };
}

function messageOf(
  v: CompiledBody['validations'][number],
  values: Record<string, unknown>,
  meter: Meter,
  model: PolicyModel,
): string {
  if (v.message?.program && !v.message.notEvaluable) {
    const out = evaluateExpression(v.message, values, meter);
    if (out.ok && typeof out.value === 'string') {
      const msg = out.value.trim();
      if (model.dialect === 'kyverno')
        return msg === '' ? `CEL expression validation failed at index ${v.model.index}` : msg;
      if (msg !== '' && msg.length <= 5 * 1024 && !msg.includes('\n')) return msg;
    } else if (model.dialect === 'kyverno' && !out.ok) {
      return `failed to evaluate message expression: ${out.error}`;
    }
  }
  const message = v.model.message?.trim() ?? '';
  if (message !== '') return message;
  if (model.dialect === 'kyverno') return `CEL expression validation failed at index ${v.model.index}`;
  return `failed expression: ${v.model.expression.source.text.trim()}`;
}

/**
 * Evaluates admission policies on manifests with the API server's (or Kyverno's) admission semantics,
 * as for a CREATE request. Build it once per set of policies (expressions are compiled once), then call
 * {@link evaluate} per object.
 */
export class PolicyEvaluator {
  private readonly compiled: CompiledPolicy[];
  private readonly bindings: readonly BindingModel[];
  /** Compile errors, expressions not evaluable offline, policies without a binding, unsupported kinds. */
  readonly notices: PolicyNotice[] = [];

  constructor(set: PolicySet) {
    this.bindings = set.bindings;
    this.compiled = set.policies.map((model) => {
      const compileErrors: CompiledPolicy['compileErrors'] = [];
      const body = compileBody(model, (s) => s, compileErrors);
      const autogen = model.dialect === 'kyverno' ? kyvernoAutogen(model) : [];
      const variants = new Map<AutogenTarget['config'], CompiledBody>();
      for (const t of autogen) {
        if (!variants.has(t.config))
          variants.set(
            t.config,
            compileBody(model, (s) => autogenRewrite(s, t.config), undefined),
          );
      }
      return { model, body, variants, autogen, compileErrors };
    });
    for (const p of this.compiled) this.collectNotices(p);
    for (const u of set.unsupported) {
      this.notices.push({
        policy: { kind: u.kind, name: u.name, binding: undefined, rule: undefined, validation: undefined },
        severity: 'info',
        message: u.reason,
        span: u.span,
        source: u.source,
        code: 'unsupported',
      });
    }
    for (const b of set.bindings) {
      if (!set.policies.some((p) => p.kind === 'ValidatingAdmissionPolicy' && p.name === b.policyName)) {
        this.notices.push({
          policy: {
            kind: 'ValidatingAdmissionPolicyBinding',
            name: b.name,
            binding: b.name,
            rule: undefined,
            validation: undefined,
          },
          severity: 'info',
          message: `Binding "${b.name}" names policy "${b.policyName}", which is not in the workspace; nothing is evaluated for it.`,
          span: b.span,
          source: b.source,
          code: 'binding-without-policy',
        });
      }
    }
  }

  /** Param objects as CEL values, converted once per evaluator (that is, per set of policies). */
  private readonly paramValues = new WeakMap<SourceObject, unknown>();

  private paramValue(param: SourceObject): unknown {
    if (this.paramValues.has(param)) return this.paramValues.get(param);
    const v = toValue(param.object.root, new WeakMap());
    this.paramValues.set(param, v);
    return v;
  }

  private collectNotices(p: CompiledPolicy): void {
    const model = p.model;
    const ref = policyRef(model, undefined);
    for (const e of p.compileErrors) {
      this.notices.push({
        policy: ref,
        severity: 'error',
        message: `${e.field}: ${e.message}`,
        span: e.span,
        source: model.source,
        code: 'compile-error',
      });
    }
    const exprs: [PolicyExpression, CompiledExpression][] = [
      ...p.body.matchConditions.map((m) => [m.expr, m.compiled] as [PolicyExpression, CompiledExpression]),
      ...p.body.variables.map((v) => [v.expr, v.compiled] as [PolicyExpression, CompiledExpression]),
      ...p.body.validations.flatMap((v) => {
        const out: [PolicyExpression, CompiledExpression][] = [[v.model.expression, v.compiled]];
        if (v.model.messageExpression && v.message) out.push([v.model.messageExpression, v.message]);
        return out;
      }),
    ];
    for (const [e, c] of exprs) {
      if (!c.notEvaluable) continue;
      this.notices.push({
        policy: ref,
        severity: 'info',
        message: `${e.field} is not evaluated offline: ${c.notEvaluable.reason}.`,
        span: spanInExpression(e.source, c.notEvaluable.start, c.notEvaluable.end),
        source: model.source,
        code: 'not-evaluable',
      });
    }
    if (
      model.kind === 'ValidatingAdmissionPolicy' &&
      !this.bindings.some((b) => b.policyName === model.name)
    ) {
      this.notices.push({
        policy: ref,
        severity: 'info',
        message: `No ValidatingAdmissionPolicyBinding binds "${model.name}" in the workspace: the policy enforces nothing.`,
        span: model.span,
        source: model.source,
        code: 'no-binding',
      });
    }
  }

  /**
   * What every policy decides about one object (policies that do not match it are `skip`). Each
   * policy's evaluation is bounded by the CEL cost budget, never by a clock.
   */
  evaluate(src: SourceObject, ctx: AdmissionContext = {}): PolicyOutcome[] {
    let target: Target;
    try {
      target = targetOf(src, ctx);
    } catch (e) {
      if (e instanceof ValueTooLarge)
        return this.compiled.map((p) => ({
          policy: policyRef(p.model, undefined),
          verdict: 'not-evaluated',
          findings: [],
          reason: e.message,
          notes: [],
        }));
      throw e;
    }
    const out: PolicyOutcome[] = [];
    for (const p of this.compiled) {
      try {
        out.push(...this.evaluatePolicy(p, target, ctx));
      } catch (e) {
        if (!(e instanceof ValueTooLarge)) throw e;
        out.push({
          policy: policyRef(p.model, undefined),
          verdict: 'not-evaluated',
          findings: [],
          reason: e.message,
          notes: [],
        });
      }
    }
    return out;
  }

  private evaluatePolicy(p: CompiledPolicy, t: Target, ctx: AdmissionContext): PolicyOutcome[] {
    const model = p.model;
    const skip = (reason: string, binding?: BindingModel): PolicyOutcome => ({
      policy: policyRef(model, binding),
      verdict: 'skip',
      findings: [],
      reason,
      notes: [],
    });
    if (model.namespace !== undefined && t.namespace !== model.namespace)
      return [skip(`policy applies to namespace "${model.namespace}" only`)];
    if (model.dialect === 'kyverno') return [this.evaluateKyverno(p, t, ctx)];
    const bindings = this.bindings.filter((b) => b.policyName === model.name);
    if (bindings.length === 0) return [skip('no binding: the policy enforces nothing')];
    const out: PolicyOutcome[] = [];
    for (const binding of bindings) {
      const notes: string[] = [];
      const actions = binding.validationActions.filter(
        (a): a is ValidationAction => a === 'Deny' || a === 'Warn' || a === 'Audit',
      );
      const constraintsMatch = (m: MatchResources | undefined, tt: Target): boolean =>
        m !== undefined &&
        matchesResources(m, tt, ctx, notes) &&
        (!binding.matchResources || matchesResources(binding.matchResources, tt, ctx, notes, true));
      const direct = constraintsMatch(model.matchConstraints, t);
      const podTarget: Target = {
        ...t,
        group: '',
        version: 'v1',
        kind: 'Pod',
        resource: 'pods',
        resourceKnown: true,
        namespaced: true,
      };
      const viaPod =
        !direct &&
        t.kind !== 'Pod' &&
        templateLocation(t.src.object) !== undefined &&
        matchesPods(model.matchConstraints) &&
        constraintsMatch(model.matchConstraints, { ...podTarget, labels: podLabels(t) });
      if (!direct && !viaPod) {
        const unknown = unknownResource(model.matchConstraints, t);
        out.push(
          unknown === undefined
            ? skip('the object does not match the policy or binding', binding)
            : {
                policy: policyRef(model, binding),
                verdict: 'not-evaluated',
                findings: [],
                reason: unknown,
                notes,
                unknownResource: true,
              },
        );
        continue;
      }
      const nsNotes = readsNamespaceObject(model) ? notes : [];
      const activation = direct ? objectActivation(t, ctx, nsNotes) : podActivation(t, ctx, nsNotes);
      if (!activation) {
        out.push(skip('the workload has no pod template', binding));
        continue;
      }
      if (p.compileErrors.length > 0) {
        out.push(this.compileErrorOutcome(p, binding, actions, t, viaPod, notes));
        continue;
      }
      const { params, missing, tooLarge } = resolveParams(model, binding.paramRef, t, ctx);
      if (tooLarge !== undefined) {
        out.push({
          policy: policyRef(model, binding),
          verdict: 'not-evaluated',
          findings: [],
          reason: tooLarge,
          notes,
          paramTooLarge: true,
        });
        continue;
      }
      if (missing !== undefined) {
        if (binding.paramRef?.parameterNotFoundAction === 'Allow') {
          out.push(skip(`${missing}; parameterNotFoundAction Allow`, binding));
          continue;
        }
        const action = strongestAction(actions);
        out.push({
          policy: policyRef(model, binding),
          verdict: 'fail',
          reason: missing,
          notes,
          findings: [
            {
              policy: policyRef(model, binding),
              action,
              severity: ACTION_SEVERITY[action],
              message: `no params found for policy binding with \`Deny\` parameterNotFoundAction (${missing})`,
              reason: undefined,
              evaluation: 'deny',
              ...findingSpan(t, [], (x) => x),
              podTemplate: viaPod,
              notes,
            },
          ],
        });
        continue;
      }
      for (const param of params.length > 0 ? params : [undefined]) {
        const act: Activation = param
          ? {
              ...activation,
              values: { ...activation.values, params: this.paramValue(param) },
            }
          : { ...activation, values: { ...activation.values, ...(model.paramKind ? { params: null } : {}) } };
        out.push(
          evaluateBody({
            policy: p,
            body: p.body,
            binding,
            actions,
            activation: act,
            target: t,
            podTemplate: viaPod,
            notes,
          }),
        );
      }
    }
    return out;
  }

  private compileErrorOutcome(
    p: CompiledPolicy,
    binding: BindingModel | undefined,
    actions: ValidationAction[],
    t: Target,
    podTemplate: boolean,
    notes: string[],
  ): PolicyOutcome {
    const ref = policyRef(p.model, binding);
    const first = p.compileErrors[0];
    if (p.model.failurePolicy === 'Ignore')
      return {
        policy: ref,
        verdict: 'skip',
        findings: [],
        reason: `the policy does not compile; failurePolicy Ignore`,
        notes,
      };
    const action = strongestAction(actions);
    return {
      policy: ref,
      verdict: 'error',
      reason: first?.message,
      notes,
      findings: [
        {
          policy: ref,
          action,
          severity: ACTION_SEVERITY[action],
          message: `policy "${p.model.name}" does not compile (${first?.field ?? ''}: ${first?.message ?? ''}); with failurePolicy Fail the API server refuses every object it matches`,
          reason: undefined,
          evaluation: 'error',
          ...findingSpan(t, [], (x) => x),
          podTemplate,
          notes,
        },
      ],
    };
  }

  private evaluateKyverno(p: CompiledPolicy, t: Target, ctx: AdmissionContext): PolicyOutcome {
    const model = p.model;
    const ref = policyRef(model, undefined);
    const notes: string[] = [];
    const actions = model.validationActions.filter(
      (a): a is ValidationAction => a === 'Deny' || a === 'Warn' || a === 'Audit',
    );
    if (p.compileErrors.length > 0)
      return {
        policy: ref,
        verdict: 'not-evaluated',
        findings: [],
        reason: `the policy does not compile, so Kyverno does not admit it: ${p.compileErrors[0]?.message ?? ''}`,
        notes,
      };
    let body: CompiledBody | undefined;
    if (model.matchConstraints && matchesResources(model.matchConstraints, t, ctx, notes)) body = p.body;
    else {
      const target = p.autogen.find((a) => a.kind === t.kind && equivalentGroups(a.group, t.group));
      if (target) body = p.variants.get(target.config);
    }
    if (!body) {
      const unknown = unknownResource(model.matchConstraints, t);
      if (unknown !== undefined)
        return {
          policy: ref,
          verdict: 'not-evaluated',
          findings: [],
          reason: unknown,
          notes,
          unknownResource: true,
        };
      return {
        policy: ref,
        verdict: 'skip',
        findings: [],
        reason: 'the object does not match the policy',
        notes,
      };
    }
    if (model.paramKind)
      return {
        policy: ref,
        verdict: 'not-evaluated',
        findings: [],
        reason: 'Kyverno policy params are not evaluated',
        notes,
      };
    return evaluateBody({
      policy: p,
      body,
      binding: undefined,
      actions: actions.length > 0 ? actions : ['Audit'],
      activation: objectActivation(t, ctx, readsNamespaceObject(model) ? notes : []),
      target: t,
      podTemplate: false,
      notes,
    });
  }
}

const namespaceReaders = new WeakMap<PolicyModel, boolean>();

/** Whether an expression of the policy names `namespaceObject` (only then is its absence worth a note). */
function readsNamespaceObject(model: PolicyModel): boolean {
  let hit = namespaceReaders.get(model);
  if (hit === undefined) namespaceReaders.set(model, (hit = namesNamespaceObject(model)));
  return hit;
}

function namesNamespaceObject(model: PolicyModel): boolean {
  const exprs = [
    ...model.matchConditions.map((m) => m.expression),
    ...model.variables.map((v) => v.expression),
    ...model.validations.flatMap((v) => [
      v.expression,
      ...(v.messageExpression ? [v.messageExpression] : []),
    ]),
  ];
  return exprs.some((e) => e.source.text.includes('namespaceObject'));
}

function kyvernoAutogen(model: PolicyModel): AutogenTarget[] {
  if (model.kind === 'ClusterPolicy' || model.kind === 'Policy') {
    const kinds = model.matchConstraints?.kinds;
    const onlyPods =
      kinds !== undefined &&
      kinds.any.length > 0 &&
      kinds.any.every((f) => f.kinds.length === 1 && (f.kinds[0] === 'Pod' || f.kinds[0] === 'v1/Pod'));
    if (!onlyPods) return [];
    const wanted = model.autogenControllers ?? Object.keys(AUTOGEN_TARGETS);
    return wanted.flatMap((c) => {
      const t = AUTOGEN_TARGETS[c] ?? Object.values(AUTOGEN_TARGETS).find((x) => x.kind.toLowerCase() === c);
      return t ? [t] : [];
    });
  }
  return autogenTargets(model);
}

function podLabels(t: Target): Record<string, string> {
  return (t.memo.podLabels ??= templateLabels(t));
}

function templateLabels(t: Target): Record<string, string> {
  const loc = templateLocation(t.src.object);
  if (!loc) return {};
  const labels = getIn(t.src.object.root, [...loc.metadata, 'labels'])?.value;
  const v = toValue(labels, new WeakMap());
  const out: Record<string, string> = {};
  if (v !== null && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v))
      out[k] =
        typeof x === 'string'
          ? x
          : JSON.stringify(x, (_k, y: unknown) => (typeof y === 'bigint' ? y.toString() : y));
  return out;
}

export { mapGet };
