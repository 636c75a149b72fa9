// The admission policies of a workspace, as the `admission-policy` rule evaluates them: built from the
// workspace index (policies, bindings, params and Namespaces of every file), once per index version.
import type { IndexedObject, IndexLookup } from '../engine/index-types';
import { parseChunk, type K8sObject } from '../engine/parse';
import { isParamKind, MAX_PARAM_TEXT, POLICY_KINDS } from '../engine/workspace-index';
import { WORKLOAD_KINDS } from '../engine/workload';
import { PolicyEvaluator, type AdmissionContext, type LargeParam, type PolicyNotice } from './admission';
import { builtinResources, guessResource, type CustomResource } from './kinds';
import { readPolicies, type PolicySet, type SourceObject } from './model';

/** A policy Kubeward recognises and does not evaluate, with the reason. */
export interface NotEvaluatedPolicy {
  kind: string;
  name: string;
  /** The file (URI or path, as the index keys it). */
  uri: string | undefined;
  reason: string;
}

/** The workspace's policies, ready to evaluate objects. */
export interface WorkspacePolicies {
  evaluator: PolicyEvaluator;
  context: AdmissionContext;
  /** Whether the workspace holds any policy object at all (else the rule does nothing). */
  any: boolean;
  /** Notices about policy objects, by the chunk text they were read from. */
  noticesByText: ReadonlyMap<string, readonly PolicyNotice[]>;
  /** Policies listed as not evaluated, once each. */
  notEvaluated: readonly NotEvaluatedPolicy[];
  /**
   * Whether a policy may select objects of a kind (by resource name in any group, or by kind), so
   * the `admission-policy` rule parses and checks them; policy kinds always (their own findings).
   */
  mayMatchKind: (kind: string) => boolean;
}

/**
 * Per index: the policies built for one version, and the indexed objects they were built from. The
 * index reuses an object for a chunk whose text did not change, so the same objects (by identity)
 * mean the same policies: typing in a Deployment changes the index version, not its policies.
 */
const cache = new WeakMap<
  IndexLookup,
  { version: number; value: WorkspacePolicies; inputs: readonly IndexedObject[] }
>();

/** Every indexed object the policies are built from: policies and bindings, Namespaces, CRDs, params. */
function inputsOf(index: IndexLookup): IndexedObject[] {
  return [
    ...POLICY_KINDS.flatMap((k) => index.all(k)),
    ...index.all('Namespace'),
    ...index.all('CustomResourceDefinition'),
    ...(index.kinds?.() ?? ['ConfigMap']).filter((k) => isParamKind(k)).flatMap((k) => index.all(k)),
  ];
}

function sameObjects(a: readonly IndexedObject[], b: readonly IndexedObject[]): boolean {
  return a.length === b.length && a.every((o, i) => o === b[i]);
}

/** Parses of chunk texts, kept across index versions while the text is still indexed. */
let parses = new Map<string, readonly K8sObject[]>();

function sourcesOf(
  objects: readonly IndexedObject[],
  kept: Map<string, readonly K8sObject[]>,
): SourceObject[] {
  const out: SourceObject[] = [];
  const used = new Set<K8sObject>();
  for (const o of objects) {
    const text = o.data.text;
    if (typeof text !== 'string') continue;
    let parsed = kept.get(text) ?? parses.get(text);
    if (!parsed) parsed = parseChunk(text).objects;
    kept.set(text, parsed);
    const object = parsed.find(
      (p) => !used.has(p) && p.kind === o.kind && p.name === o.name && p.apiVersion === o.apiVersion,
    );
    if (!object) continue;
    used.add(object);
    out.push({ object, text, uri: o.uri });
  }
  return out;
}

/** The policies of the index (rebuilt only when the objects they are built from change). */
export function workspacePolicies(index: IndexLookup): WorkspacePolicies {
  const hit = cache.get(index);
  if (hit?.version === index.version) return hit.value;
  const inputs = inputsOf(index);
  if (hit && sameObjects(hit.inputs, inputs)) {
    hit.version = index.version;
    return hit.value;
  }
  const kept = new Map<string, readonly K8sObject[]>();
  const policyObjects = sourcesOf(
    POLICY_KINDS.flatMap((k) => index.all(k)),
    kept,
  );
  const set = readPolicies(policyObjects);
  // Only objects of the kinds some policy names as its `paramKind` are read as params.
  const paramKinds = new Set(set.policies.flatMap((p) => (p.paramKind ? [p.paramKind.kind] : [])));
  const paramObjects = (index.kinds?.() ?? ['ConfigMap'])
    .filter((k) => isParamKind(k) && paramKinds.has(k))
    .flatMap((k) => index.all(k));
  const params = sourcesOf(paramObjects, kept);
  const largeParams: LargeParam[] = paramObjects.flatMap((o) =>
    typeof o.data.tooLarge === 'number'
      ? [
          {
            apiVersion: o.apiVersion,
            kind: o.kind,
            name: o.name,
            namespace: o.namespace,
            size: o.data.tooLarge,
            limit: MAX_PARAM_TEXT,
          },
        ]
      : [],
  );
  const namespaces = sourcesOf(index.all('Namespace'), kept);
  parses = kept;
  const evaluator = new PolicyEvaluator(set);
  const noticesByText = new Map<string, PolicyNotice[]>();
  for (const n of evaluator.notices) {
    const list = noticesByText.get(n.source.text);
    if (list) list.push(n);
    else noticesByText.set(n.source.text, [n]);
  }
  const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  for (const o of index.all('Namespace')) {
    const labels = o.data.labels;
    if (labels && typeof labels === 'object') namespaceLabels.set(o.name, labels as Record<string, string>);
  }
  const customResources = new Map<string, CustomResource>();
  for (const o of index.all('CustomResourceDefinition')) {
    const d = o.data as { group?: string; kind?: string; plural?: string; scope?: string };
    if (!d.kind || !d.plural || d.group === undefined) continue;
    customResources.set(`${d.group}/${d.kind}`, {
      group: d.group,
      kind: d.kind,
      plural: d.plural,
      namespaced: d.scope !== 'Cluster',
    });
  }
  const value: WorkspacePolicies = {
    evaluator,
    context: {
      namespaceLabels,
      namespaceObjects: new Map(namespaces.map((n) => [n.object.name, n])),
      params,
      largeParams,
      customResources,
    },
    mayMatchKind: kindMatcher(set, [...customResources.values()]),
    any: policyObjects.length > 0,
    noticesByText,
    notEvaluated: set.unsupported.map((u) => ({
      kind: u.kind,
      name: u.name,
      uri: u.source.uri,
      reason: u.reason,
    })),
  };
  cache.set(index, { version: index.version, value, inputs });
  return value;
}

/**
 * Which kinds the policies may select: a superset (groups, versions and selectors are left to the
 * evaluation), answered once per kind. Workloads whenever there is a policy (a pod policy applies to
 * their templates; Kyverno autogen); other kinds when a rule names their resource, or `*`, or a
 * Kyverno rule names the kind.
 */
function kindMatcher(set: PolicySet, crds: readonly CustomResource[]): (kind: string) => boolean {
  const policyKinds = new Set(POLICY_KINDS);
  if (set.policies.length === 0) return (kind) => policyKinds.has(kind);
  const resources = new Set<string>();
  const kinds = new Set<string>();
  let all = false;
  for (const p of set.policies) {
    const m = p.matchConstraints;
    if (!m) continue;
    for (const r of m.resourceRules)
      for (const x of r.resources) {
        const resource = x.split('/')[0] ?? x;
        if (resource === '*') all = true;
        else resources.add(resource);
      }
    for (const f of m.kinds?.any ?? [])
      for (const k of f.kinds) {
        const kind = k.split('/').at(-1) ?? k;
        if (kind === '*') all = true;
        else kinds.add(kind);
      }
  }
  const answers = new Map<string, boolean>();
  return (kind) => {
    let hit = answers.get(kind);
    if (hit === undefined) {
      hit =
        all ||
        policyKinds.has(kind) ||
        kind in WORKLOAD_KINDS ||
        kinds.has(kind) ||
        [
          ...builtinResources(kind),
          ...crds.filter((c) => c.kind === kind).map((c) => c.plural),
          guessResource(kind),
        ].some((r) => resources.has(r));
      answers.set(kind, hit);
    }
    return hit;
  };
}

/** `Kind name: reason` lines for the policies listed as not evaluated (the CLI summary, the output channel). */
export function notEvaluatedLines(policies: readonly NotEvaluatedPolicy[]): string[] {
  return policies.map((p) => `${p.kind} "${p.name}"${p.uri ? ` (${p.uri})` : ''}: ${p.reason}`);
}
