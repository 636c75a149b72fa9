// The admission policies of a workspace, as the `admission-policy` rule evaluates them: built from the
// workspace index (policies, bindings, params and Namespaces of every file), once per index version.
import type { IndexedObject, IndexLookup } from '../engine/index-types';
import { parseChunk, type K8sObject } from '../engine/parse';
import { isParamKind, POLICY_KINDS } from '../engine/workspace-index';
import { PolicyEvaluator, type AdmissionContext, type PolicyNotice } from './admission';
import { readPolicies, type SourceObject } from './model';

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
}

const cache = new WeakMap<IndexLookup, { version: number; value: WorkspacePolicies }>();

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

/** The policies of the index (rebuilt only when the index version changes). */
export function workspacePolicies(index: IndexLookup): WorkspacePolicies {
  const hit = cache.get(index);
  if (hit?.version === index.version) return hit.value;
  const kept = new Map<string, readonly K8sObject[]>();
  const policyObjects = sourcesOf(
    POLICY_KINDS.flatMap((k) => index.all(k)),
    kept,
  );
  const params = sourcesOf(
    (index.kinds?.() ?? ['ConfigMap']).filter(isParamKind).flatMap((k) => index.all(k)),
    kept,
  );
  const namespaces = sourcesOf(index.all('Namespace'), kept);
  parses = kept;
  const set = readPolicies(policyObjects);
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
  const value: WorkspacePolicies = {
    evaluator,
    context: {
      namespaceLabels,
      namespaceObjects: new Map(namespaces.map((n) => [n.object.name, n])),
      params,
    },
    any: policyObjects.length > 0,
    noticesByText,
    notEvaluated: set.unsupported.map((u) => ({
      kind: u.kind,
      name: u.name,
      uri: u.source.uri,
      reason: u.reason,
    })),
  };
  cache.set(index, { version: index.version, value });
  return value;
}

/** `Kind name: reason` lines for the policies listed as not evaluated (the CLI summary, the output channel). */
export function notEvaluatedLines(policies: readonly NotEvaluatedPolicy[]): string[] {
  return policies.map((p) => `${p.kind} "${p.name}"${p.uri ? ` (${p.uri})` : ''}: ${p.reason}`);
}
