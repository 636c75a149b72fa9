import { isMap, isSeq } from 'yaml';
import { keySpan, pairSpan, type Span } from '../engine/locate';
import { getIn, mapGet, scalarString, seqStrings, type Field, type YValue } from '../engine/node';
import type { K8sObject } from '../engine/parse';
import type { LabelSelectorData, LabelSelectorRequirement } from '../engine/workspace-index';
import { expressionSource, type ExpressionSource } from './source-map';

/** A Kubernetes object of a checked text, with the text of the `---` chunk its offsets refer to. */
export interface SourceObject {
  object: K8sObject;
  /** The chunk text (offsets in `object` are relative to it). */
  text: string;
  /** Where the object comes from (file URI), carried into results unchanged. */
  uri?: string;
}

/** One rule of `resourceRules`/`excludeResourceRules` (`NamedRuleWithOperations`). */
export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  resourceNames: string[];
  scope: string;
}

/** `matchConstraints` of a policy or `matchResources` of a binding. */
export interface MatchResources {
  namespaceSelector: LabelSelectorData | undefined;
  objectSelector: LabelSelectorData | undefined;
  resourceRules: ResourceRule[];
  excludeResourceRules: ResourceRule[];
  matchPolicy: 'Exact' | 'Equivalent';
  /** Kyverno ClusterPolicy `match`/`exclude` by kind (instead of resource rules). */
  kinds?: KindMatch;
}

/** Kyverno's `match`/`exclude` blocks of a ClusterPolicy rule, reduced to what a manifest can answer. */
export interface KindMatch {
  any: KindFilter[];
  exclude: KindFilter[];
}

/** One `resources:` filter of a Kyverno rule. */
export interface KindFilter {
  kinds: string[];
  names: string[];
  namespaces: string[];
  selector: LabelSelectorData | undefined;
  namespaceSelector: LabelSelectorData | undefined;
  operations: string[];
}

/** An expression field of a policy: its text and where it is. */
export interface PolicyExpression {
  source: ExpressionSource;
  /** Path of the field in the policy object, e.g. `spec.validations[0].expression`. */
  field: string;
}

export interface NamedExpression {
  name: string;
  expression: PolicyExpression;
}

export interface ValidationModel {
  index: number;
  expression: PolicyExpression;
  message: string | undefined;
  messageExpression: PolicyExpression | undefined;
  reason: string | undefined;
  /** The `- expression:` item, where a finding on the policy itself is shown. */
  span: Span;
}

/** The kinds of policy the library evaluates. */
export type PolicyKind =
  | 'ValidatingAdmissionPolicy'
  | 'ValidatingPolicy'
  | 'NamespacedValidatingPolicy'
  | 'ClusterPolicy'
  | 'Policy';

/** A validating policy, parsed with the source position of every expression. */
export interface PolicyModel {
  kind: PolicyKind;
  dialect: 'kubernetes' | 'kyverno';
  apiVersion: string;
  name: string;
  /** Set for namespaced Kyverno policies (they apply to their namespace only). */
  namespace: string | undefined;
  /** For a ClusterPolicy rule: the rule name (each `validate.cel` rule is one model). */
  rule: string | undefined;
  failurePolicy: 'Fail' | 'Ignore';
  paramKind: { apiVersion: string; kind: string } | undefined;
  /** Kyverno ClusterPolicy rules carry their own param reference. */
  paramRef: ParamRef | undefined;
  matchConstraints: MatchResources | undefined;
  matchConditions: NamedExpression[];
  variables: NamedExpression[];
  validations: ValidationModel[];
  /** Kyverno policies' own `validationActions` (a VAP's come from its bindings). */
  validationActions: string[];
  /** Kyverno autogen: the controllers the policy is generated for (undefined: Kyverno's default set). */
  autogenControllers: string[] | undefined;
  source: SourceObject;
  /** The `kind:` pair, where findings about the policy as a whole are shown. */
  span: Span;
}

export interface ParamRef {
  name: string | undefined;
  namespace: string | undefined;
  selector: LabelSelectorData | undefined;
  parameterNotFoundAction: 'Allow' | 'Deny';
}

/** A ValidatingAdmissionPolicyBinding. */
export interface BindingModel {
  name: string;
  policyName: string;
  paramRef: ParamRef | undefined;
  matchResources: MatchResources | undefined;
  validationActions: string[];
  source: SourceObject;
  span: Span;
}

/** A policy object Kubeward recognises but does not evaluate, with the reason (once per policy). */
export interface UnsupportedPolicy {
  kind: string;
  name: string;
  reason: string;
  source: SourceObject;
  span: Span;
}

/** A policy expression that does not compile or cannot be evaluated; found at model-building time. */
export interface PolicyProblem {
  policy: string;
  message: string;
  span: Span;
}

/** Everything found in a set of objects. */
export interface PolicySet {
  policies: PolicyModel[];
  bindings: BindingModel[];
  unsupported: UnsupportedPolicy[];
}

const ADMISSION_GROUP = 'admissionregistration.k8s.io';
const KYVERNO_CEL_GROUP = 'policies.kyverno.io';

function group(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

function strings(v: YValue, key: string): string[] {
  return seqStrings(mapGet(v, key)?.value).map((x) => x.value);
}

function str(v: YValue, key: string): string | undefined {
  return scalarString(mapGet(v, key)?.value);
}

function strMap(v: YValue): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(v)) return out;
  for (const p of v.items) {
    const k = scalarString((p as { key?: YValue }).key);
    if (k !== undefined) out[k] = scalarString((p as { value?: YValue }).value) ?? '';
  }
  return out;
}

/** A label selector; undefined when the field is absent. */
export function selectorOf(v: YValue): LabelSelectorData | undefined {
  if (v === undefined || v === null || !isMap(v)) return undefined;
  const matchExpressions: LabelSelectorRequirement[] = [];
  const exprs = mapGet(v, 'matchExpressions')?.value;
  if (isSeq(exprs)) {
    for (const e of exprs.items) {
      if (!isMap(e)) continue;
      matchExpressions.push({
        key: str(e, 'key') ?? '',
        operator: str(e, 'operator') ?? '',
        values: strings(e, 'values'),
      });
    }
  }
  return { matchLabels: strMap(mapGet(v, 'matchLabels')?.value), matchExpressions };
}

function rules(v: YValue): ResourceRule[] {
  if (!isSeq(v)) return [];
  return v.items.filter(isMap).map((r) => ({
    apiGroups: strings(r, 'apiGroups'),
    apiVersions: strings(r, 'apiVersions'),
    resources: strings(r, 'resources'),
    operations: strings(r, 'operations'),
    resourceNames: strings(r, 'resourceNames'),
    scope: str(r, 'scope') ?? '*',
  }));
}

function matchResources(v: YValue): MatchResources | undefined {
  if (!isMap(v)) return undefined;
  return {
    namespaceSelector: selectorOf(mapGet(v, 'namespaceSelector')?.value),
    objectSelector: selectorOf(mapGet(v, 'objectSelector')?.value),
    resourceRules: rules(mapGet(v, 'resourceRules')?.value),
    excludeResourceRules: rules(mapGet(v, 'excludeResourceRules')?.value),
    matchPolicy: str(v, 'matchPolicy') === 'Exact' ? 'Exact' : 'Equivalent',
  };
}

function expressionAt(map: YValue, key: string, field: string, text: string): PolicyExpression | undefined {
  const f = mapGet(map, key);
  if (!f) return undefined;
  const source = expressionSource(f.value, text);
  return source ? { source, field } : undefined;
}

function named(seq: YValue, base: string, text: string): NamedExpression[] {
  if (!isSeq(seq)) return [];
  const out: NamedExpression[] = [];
  seq.items.forEach((item, i) => {
    const expression = expressionAt(item, 'expression', `${base}[${i}].expression`, text);
    if (expression) out.push({ name: str(item, 'name') ?? '', expression });
  });
  return out;
}

function itemSpan(item: YValue, fallback: Span): Span {
  if (!isMap(item)) return fallback;
  const first = item.items[0];
  return first ? pairSpan(first) : fallback;
}

function validations(
  seq: YValue,
  base: string,
  text: string,
  fallback: Span,
  exprKey = 'expression',
): ValidationModel[] {
  if (!isSeq(seq)) return [];
  const out: ValidationModel[] = [];
  seq.items.forEach((item, index) => {
    const expression = expressionAt(item, exprKey, `${base}[${index}].${exprKey}`, text);
    if (!expression) return;
    out.push({
      index,
      expression,
      message: str(item, 'message'),
      messageExpression: expressionAt(item, 'messageExpression', `${base}[${index}].messageExpression`, text),
      reason: str(item, 'reason'),
      span: itemSpan(item, fallback),
    });
  });
  return out;
}

function paramRef(v: YValue): ParamRef | undefined {
  if (!isMap(v)) return undefined;
  return {
    name: str(v, 'name'),
    namespace: str(v, 'namespace'),
    selector: selectorOf(mapGet(v, 'selector')?.value),
    parameterNotFoundAction: str(v, 'parameterNotFoundAction') === 'Allow' ? 'Allow' : 'Deny',
  };
}

function paramKind(v: YValue): PolicyModel['paramKind'] {
  if (!isMap(v)) return undefined;
  return { apiVersion: str(v, 'apiVersion') ?? '', kind: str(v, 'kind') ?? '' };
}

function vapModel(src: SourceObject): PolicyModel {
  const { object, text } = src;
  const spec = mapGet(object.root, 'spec')?.value;
  const span = pairSpan(object.kindPair);
  return {
    kind: 'ValidatingAdmissionPolicy',
    dialect: 'kubernetes',
    apiVersion: object.apiVersion,
    name: object.name,
    namespace: undefined,
    rule: undefined,
    failurePolicy: str(spec, 'failurePolicy') === 'Ignore' ? 'Ignore' : 'Fail',
    paramKind: paramKind(mapGet(spec, 'paramKind')?.value),
    paramRef: undefined,
    matchConstraints: matchResources(mapGet(spec, 'matchConstraints')?.value),
    matchConditions: named(mapGet(spec, 'matchConditions')?.value, 'spec.matchConditions', text),
    variables: named(mapGet(spec, 'variables')?.value, 'spec.variables', text),
    validations: validations(mapGet(spec, 'validations')?.value, 'spec.validations', text, span),
    validationActions: [],
    autogenControllers: undefined,
    source: src,
    span,
  };
}

function kyvernoValidatingPolicy(src: SourceObject): PolicyModel {
  const model = vapModel(src);
  const spec = mapGet(src.object.root, 'spec')?.value;
  const controllers = getIn(spec, ['autogen', 'podControllers', 'controllers']);
  return {
    ...model,
    kind:
      src.object.kind === 'NamespacedValidatingPolicy' ? 'NamespacedValidatingPolicy' : 'ValidatingPolicy',
    dialect: 'kyverno',
    namespace:
      src.object.kind === 'NamespacedValidatingPolicy' ? (src.object.namespace ?? 'default') : undefined,
    validationActions: strings(spec, 'validationActions'),
    autogenControllers: controllers
      ? seqStrings(controllers.value).map((x) => x.value.toLowerCase())
      : undefined,
  };
}

function bindingModel(src: SourceObject): BindingModel {
  const spec = mapGet(src.object.root, 'spec')?.value;
  return {
    name: src.object.name,
    policyName: str(spec, 'policyName') ?? '',
    paramRef: paramRef(mapGet(spec, 'paramRef')?.value),
    matchResources: matchResources(mapGet(spec, 'matchResources')?.value),
    validationActions: strings(spec, 'validationActions'),
    source: src,
    span: pairSpan(src.object.kindPair),
  };
}

function kindFilters(block: YValue): KindFilter[] {
  if (!isMap(block)) return [];
  const filters: YValue[] = [];
  for (const key of ['any', 'all']) {
    const seq = mapGet(block, key)?.value;
    if (isSeq(seq)) filters.push(...seq.items);
  }
  if (mapGet(block, 'resources')) filters.push(block);
  return filters.map((f) => {
    const r = mapGet(f, 'resources')?.value;
    return {
      kinds: strings(r, 'kinds'),
      names: [...strings(r, 'names'), ...(str(r, 'name') === undefined ? [] : [str(r, 'name') ?? ''])],
      namespaces: strings(r, 'namespaces'),
      selector: selectorOf(mapGet(r, 'selector')?.value),
      namespaceSelector: selectorOf(mapGet(r, 'namespaceSelector')?.value),
      operations: strings(r, 'operations'),
    };
  });
}

const KYVERNO_UNSUPPORTED_RULES: readonly [string, string][] = [
  ['pattern', 'a `validate.pattern` rule (Kyverno overlay patterns are not evaluated)'],
  ['anyPattern', 'a `validate.anyPattern` rule (Kyverno overlay patterns are not evaluated)'],
  ['deny', 'a `validate.deny` rule (Kyverno JMESPath conditions are not evaluated)'],
  ['foreach', 'a `validate.foreach` rule (Kyverno JMESPath loops are not evaluated)'],
  [
    'podSecurity',
    'a `validate.podSecurity` rule (Kubeward checks Pod Security Standards with its own rules)',
  ],
  ['manifests', 'a `validate.manifests` rule (signed manifests need the signature verifier)'],
  ['assert', 'a `validate.assert` rule (Kyverno assertion trees are not evaluated)'],
];

function clusterPolicyModels(src: SourceObject): { models: PolicyModel[]; unsupported: string[] } {
  const { object, text } = src;
  const spec = mapGet(object.root, 'spec')?.value;
  const models: PolicyModel[] = [];
  const unsupported: string[] = [];
  const policyAction = str(spec, 'validationFailureAction');
  const annotations = strMap(getIn(object.root, ['metadata', 'annotations'])?.value);
  const autogen = annotations['pod-policies.kyverno.io/autogen-controllers'];
  const seq = mapGet(spec, 'rules')?.value;
  if (!isSeq(seq)) return { models, unsupported };
  seq.items.forEach((rule, i) => {
    const validate = mapGet(rule, 'validate')?.value;
    if (!isMap(validate)) return;
    const ruleName = str(rule, 'name') ?? `rules[${i}]`;
    const cel = mapGet(validate, 'cel')?.value;
    if (!isMap(cel)) {
      const what = KYVERNO_UNSUPPORTED_RULES.find(([k]) => mapGet(validate, k) !== undefined)?.[1];
      unsupported.push(`rule "${ruleName}" is ${what ?? 'not a `validate.cel` rule'}`);
      return;
    }
    const base = `spec.rules[${i}].validate.cel`;
    const action = str(validate, 'failureAction') ?? policyAction ?? 'Audit';
    const ruleSpan = isMap(rule) ? itemSpan(rule, pairSpan(object.kindPair)) : pairSpan(object.kindPair);
    models.push({
      kind: object.kind === 'Policy' ? 'Policy' : 'ClusterPolicy',
      dialect: 'kyverno',
      apiVersion: object.apiVersion,
      name: object.name,
      namespace: object.kind === 'Policy' ? (object.namespace ?? 'default') : undefined,
      rule: ruleName,
      failurePolicy: str(spec, 'failurePolicy') === 'Ignore' ? 'Ignore' : 'Fail',
      paramKind: paramKind(mapGet(cel, 'paramKind')?.value),
      paramRef: paramRef(mapGet(cel, 'paramRef')?.value),
      matchConstraints: {
        namespaceSelector: undefined,
        objectSelector: undefined,
        resourceRules: [],
        excludeResourceRules: [],
        matchPolicy: 'Equivalent',
        kinds: {
          any: kindFilters(mapGet(rule, 'match')?.value),
          exclude: kindFilters(mapGet(rule, 'exclude')?.value),
        },
      },
      matchConditions: [],
      variables: named(mapGet(cel, 'variables')?.value, `${base}.variables`, text),
      validations: validations(mapGet(cel, 'expressions')?.value, `${base}.expressions`, text, ruleSpan),
      validationActions: [action.toLowerCase() === 'enforce' ? 'Deny' : 'Audit'],
      autogenControllers:
        autogen === undefined
          ? undefined
          : autogen === 'none'
            ? []
            : autogen.split(',').map((c) => c.trim().toLowerCase()),
      source: src,
      span: ruleSpan,
    });
  });
  return { models, unsupported };
}

const NOT_VALIDATING: Readonly<Record<string, string>> = {
  [`${KYVERNO_CEL_GROUP}/MutatingPolicy`]:
    'a MutatingPolicy changes objects; only validating policies are evaluated',
  [`${KYVERNO_CEL_GROUP}/GeneratingPolicy`]:
    'a GeneratingPolicy creates objects; only validating policies are evaluated',
  [`${KYVERNO_CEL_GROUP}/DeletingPolicy`]:
    'a DeletingPolicy deletes objects in the cluster; only validating policies are evaluated',
  [`${KYVERNO_CEL_GROUP}/ImageValidatingPolicy`]:
    'an ImageValidatingPolicy verifies image signatures and attestations in registries, which needs the network',
  [`${ADMISSION_GROUP}/MutatingAdmissionPolicy`]:
    'a MutatingAdmissionPolicy changes objects; only validating policies are evaluated',
  ['templates.gatekeeper.sh/ConstraintTemplate']:
    'a Gatekeeper ConstraintTemplate is written in Rego, which Kubeward does not evaluate',
};

/**
 * Reads the admission policies, bindings and unsupported policy kinds among `objects`: Kubernetes
 * ValidatingAdmissionPolicy/Binding (admissionregistration.k8s.io v1, v1beta1), Kyverno
 * ValidatingPolicy/NamespacedValidatingPolicy (policies.kyverno.io), and Kyverno ClusterPolicy/Policy
 * rules with `validate.cel`. Other Kyverno rule types, other policy kinds and Gatekeeper templates are
 * listed in `unsupported` with the reason, once per policy.
 */
export function readPolicies(objects: readonly SourceObject[]): PolicySet {
  const out: PolicySet = { policies: [], bindings: [], unsupported: [] };
  for (const src of objects) {
    const { object } = src;
    const g = group(object.apiVersion);
    const key = `${g}/${object.kind}`;
    const span = pairSpan(object.kindPair);
    if (g === ADMISSION_GROUP && object.kind === 'ValidatingAdmissionPolicy')
      out.policies.push(vapModel(src));
    else if (g === ADMISSION_GROUP && object.kind === 'ValidatingAdmissionPolicyBinding')
      out.bindings.push(bindingModel(src));
    else if (
      g === KYVERNO_CEL_GROUP &&
      (object.kind === 'ValidatingPolicy' || object.kind === 'NamespacedValidatingPolicy')
    ) {
      out.policies.push(kyvernoValidatingPolicy(src));
    } else if (g === 'kyverno.io' && (object.kind === 'ClusterPolicy' || object.kind === 'Policy')) {
      const { models, unsupported } = clusterPolicyModels(src);
      out.policies.push(...models);
      if (unsupported.length > 0) {
        out.unsupported.push({
          kind: object.kind,
          name: object.name,
          reason: `not evaluated: ${unsupported.join('; ')}`,
          source: src,
          span,
        });
      }
    } else {
      const reason = NOT_VALIDATING[key];
      if (reason !== undefined)
        out.unsupported.push({
          kind: object.kind,
          name: object.name,
          reason: `not evaluated: ${reason}`,
          source: src,
          span,
        });
    }
  }
  return out;
}

/** The `key:` of a field of a policy, for findings on the policy (e.g. a binding that names no policy). */
export function fieldKeySpan(f: Field): Span {
  return keySpan(f);
}
