import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { IndexedObject, WorkspaceIndex as IndexApi } from './index-types';
import { asBool, mapGet, scalarString, seqStrings, type YValue } from './node';
import { cheapKind, parseChunk, splitChunks, type K8sObject } from './parse';
import { WORKLOAD_KINDS } from './workload';

/** One `rules[i]` of a Role or ClusterRole, as plain strings. */
export interface PolicyRuleData {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

/** A label selector; an empty one (`{}`) selects everything. */
export interface LabelSelectorData {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

export interface SubjectData {
  kind: string;
  name: string;
  namespace: string | undefined;
}

export interface RoleRefData {
  kind: string;
  name: string;
}

/** The kinds the index records. */
export const INDEXED_KINDS: ReadonlySet<string> = new Set([
  'ServiceAccount',
  'NetworkPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
]);

/** Kinds without a namespace: their lookups ignore the namespace argument. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['ClusterRole', 'ClusterRoleBinding']);

/** The namespace an object without `metadata.namespace` lands in when applied without `-n`. */
export const DEFAULT_NAMESPACE = 'default';

/** Which indexed kinds the objects of a kind read (for {@link WorkspaceIndex.dependants}). */
const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);

function strMap(v: YValue): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(v)) return out;
  for (const p of v.items) {
    const k = scalarString((p as { key?: YValue }).key);
    const val = scalarString((p as { value?: YValue }).value);
    if (k !== undefined) out[k] = val ?? '';
  }
  return out;
}

function selectorOf(v: YValue): LabelSelectorData {
  const matchExpressions: LabelSelectorRequirement[] = [];
  const exprs = mapGet(v, 'matchExpressions')?.value;
  if (isSeq(exprs)) {
    for (const e of exprs.items) {
      if (!isMap(e)) continue;
      matchExpressions.push({
        key: scalarString(mapGet(e, 'key')?.value) ?? '',
        operator: scalarString(mapGet(e, 'operator')?.value) ?? '',
        values: seqStrings(mapGet(e, 'values')?.value).map((x) => x.value),
      });
    }
  }
  return { matchLabels: strMap(mapGet(v, 'matchLabels')?.value), matchExpressions };
}

function strings(map: YAMLMap, key: string): string[] {
  return seqStrings(mapGet(map, key)?.value).map((x) => x.value);
}

/** Plain data of the parts cross-file rules read. */
function dataOf(obj: K8sObject): Record<string, unknown> {
  const root = obj.root;
  switch (obj.kind) {
    case 'ServiceAccount': {
      const f = mapGet(root, 'automountServiceAccountToken');
      const v = f ? asBool(f.value) : undefined;
      return v === undefined ? {} : { automountServiceAccountToken: v };
    }
    case 'NetworkPolicy': {
      const spec = mapGet(root, 'spec')?.value;
      const ps = mapGet(spec, 'podSelector');
      return {
        podSelector: selectorOf(ps?.value),
        hasPodSelector: ps !== undefined,
        policyTypes: isMap(spec) ? strings(spec, 'policyTypes') : [],
      };
    }
    case 'Role':
    case 'ClusterRole': {
      const rules: PolicyRuleData[] = [];
      const seq = mapGet(root, 'rules')?.value;
      if (isSeq(seq)) {
        for (const r of seq.items) {
          if (!isMap(r)) continue;
          rules.push({
            apiGroups: strings(r, 'apiGroups'),
            resources: strings(r, 'resources'),
            verbs: strings(r, 'verbs'),
            resourceNames: strings(r, 'resourceNames'),
            nonResourceURLs: strings(r, 'nonResourceURLs'),
          });
        }
      }
      return { rules };
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const ref = mapGet(root, 'roleRef')?.value;
      const subjects: SubjectData[] = [];
      const seq = mapGet(root, 'subjects')?.value;
      if (isSeq(seq)) {
        for (const s of seq.items) {
          if (!isMap(s)) continue;
          subjects.push({
            kind: scalarString(mapGet(s, 'kind')?.value) ?? '',
            name: scalarString(mapGet(s, 'name')?.value) ?? '',
            namespace: scalarString(mapGet(s, 'namespace')?.value),
          });
        }
      }
      const roleRef: RoleRefData = {
        kind: scalarString(mapGet(ref, 'kind')?.value) ?? '',
        name: scalarString(mapGet(ref, 'name')?.value) ?? '',
      };
      return { roleRef, subjects };
    }
    default:
      return {};
  }
}

/** `rules` of an indexed Role/ClusterRole. */
export function roleRulesOf(o: IndexedObject): readonly PolicyRuleData[] {
  return (o.data.rules as PolicyRuleData[] | undefined) ?? [];
}

/** `podSelector` of an indexed NetworkPolicy (`{}`, selecting every pod, when absent). */
export function podSelectorOf(o: IndexedObject): LabelSelectorData {
  return (o.data.podSelector as LabelSelectorData | undefined) ?? { matchLabels: {}, matchExpressions: [] };
}

/** `automountServiceAccountToken` of an indexed ServiceAccount (undefined: not set). */
export function automountOf(o: IndexedObject): boolean | undefined {
  return o.data.automountServiceAccountToken as boolean | undefined;
}

/** Whether a label selector selects an object with these labels (Kubernetes `LabelSelectorAsSelector`). */
export function selectorMatches(sel: LabelSelectorData, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const val = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || val === undefined || !e.values.includes(val)) return false;
        break;
      case 'NotIn':
        if (has && val !== undefined && e.values.includes(val)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An invalid operator: the API server rejects the policy, so it selects nothing.
        return false;
    }
  }
  return true;
}

/** Namespace as the index compares it: the object's own, else {@link DEFAULT_NAMESPACE}. */
export function effectiveNamespace(ns: string | undefined): string {
  return ns === undefined || ns === '' ? DEFAULT_NAMESPACE : ns;
}

interface FileEntry {
  objects: IndexedObject[];
  signature: string;
  /** Indexed kinds this file's objects read from other files. */
  reads: Set<string>;
}

/**
 * The workspace index: ServiceAccounts, NetworkPolicies, Roles/ClusterRoles and their bindings of
 * every file, as plain data, fed one file at a time. The text being checked is indexed like any
 * other file, so objects of the same file are visible too.
 *
 * Namespaces: an object without `metadata.namespace` is treated as being in `default` (where
 * `kubectl apply` without `-n` puts it), so a workload and a NetworkPolicy that both omit the
 * namespace match, and one that omits it does not match one that says `prod`. Cluster-scoped kinds
 * (ClusterRole, ClusterRoleBinding) ignore the namespace.
 */
export class WorkspaceIndex implements IndexApi {
  private files = new Map<string, FileEntry>();
  /** Kinds a file provided before its last update, for {@link dependants}. */
  private previousKinds = new Map<string, Set<string>>();
  private byKind: Map<string, IndexedObject[]> | undefined;
  private versionNo = 0;

  get version(): number {
    return this.versionNo;
  }

  /** Indexes (or re-indexes) one file. Returns whether any indexed data changed. */
  update(uri: string, text: string): boolean {
    const objects: IndexedObject[] = [];
    const reads = new Set<string>();
    for (const chunk of splitChunks(text)) {
      const cheap = cheapKind(chunk.text);
      if (cheap !== undefined) noteReads(cheap, reads);
      if (cheap !== undefined && !INDEXED_KINDS.has(cheap) && cheap !== 'List') continue;
      const parsed = parseChunk(chunk.text);
      if (parsed.templated) continue;
      for (const obj of parsed.objects) {
        noteReads(obj.kind, reads);
        if (!INDEXED_KINDS.has(obj.kind)) continue;
        objects.push({
          uri,
          kind: obj.kind,
          apiVersion: obj.apiVersion,
          name: obj.name,
          namespace: obj.namespace === '' ? undefined : obj.namespace,
          data: dataOf(obj),
        });
      }
    }
    const signature = JSON.stringify(objects.map((o) => [o.kind, o.apiVersion, o.name, o.namespace, o.data]));
    const old = this.files.get(uri);
    this.previousKinds.set(uri, new Set(old?.objects.map((o) => o.kind) ?? []));
    if (objects.length === 0 && reads.size === 0) {
      this.files.delete(uri);
    } else {
      this.files.set(uri, { objects, signature, reads });
    }
    const changed = (old?.signature ?? '[]') !== signature;
    if (changed) {
      this.versionNo++;
      this.byKind = undefined;
    }
    return changed;
  }

  /** Forgets a file. Returns whether indexed data changed. */
  remove(uri: string): boolean {
    const old = this.files.get(uri);
    this.previousKinds.set(uri, new Set(old?.objects.map((o) => o.kind) ?? []));
    this.files.delete(uri);
    if (!old || old.objects.length === 0) return false;
    this.versionNo++;
    this.byKind = undefined;
    return true;
  }

  /** Files indexed (with objects of an indexed kind or objects that read them). */
  get uris(): readonly string[] {
    return [...this.files.keys()].sort();
  }

  /**
   * Other files whose cross-file findings may change when `uri` changes: files with workloads when
   * ServiceAccounts or NetworkPolicies changed, files with bindings when Roles or ClusterRoles changed.
   * Call after {@link update} or {@link remove}; it considers the kinds the file had before and after.
   */
  dependants(uri: string): string[] {
    const kinds = new Set(this.previousKinds.get(uri) ?? []);
    for (const o of this.files.get(uri)?.objects ?? []) kinds.add(o.kind);
    const out: string[] = [];
    for (const [u, f] of this.files) {
      if (u === uri) continue;
      if ([...kinds].some((k) => f.reads.has(k))) out.push(u);
    }
    return out.sort();
  }

  all(kind: string): readonly IndexedObject[] {
    if (!this.byKind) {
      const m = new Map<string, IndexedObject[]>();
      for (const uri of this.uris) {
        for (const o of this.files.get(uri)?.objects ?? []) {
          const list = m.get(o.kind);
          if (list) list.push(o);
          else m.set(o.kind, [o]);
        }
      }
      this.byKind = m;
    }
    return this.byKind.get(kind) ?? [];
  }

  /** The object of `kind` named `name` in `namespace` (see the class comment for namespace defaulting). */
  find(kind: string, namespace: string | undefined, name: string): IndexedObject | undefined {
    const clusterScoped = CLUSTER_SCOPED.has(kind);
    const ns = effectiveNamespace(namespace);
    return this.all(kind).find(
      (o) => o.name === name && (clusterScoped || effectiveNamespace(o.namespace) === ns),
    );
  }

  /** Objects of `kind` in `namespace` (namespace defaulting as in {@link find}). */
  inNamespace(kind: string, namespace: string | undefined): readonly IndexedObject[] {
    const ns = effectiveNamespace(namespace);
    return this.all(kind).filter((o) => effectiveNamespace(o.namespace) === ns);
  }
}

function noteReads(kind: string, reads: Set<string>): void {
  if (kind in WORKLOAD_KINDS) {
    reads.add('ServiceAccount');
    reads.add('NetworkPolicy');
  }
  if (BINDING_KINDS.has(kind)) {
    reads.add('Role');
    reads.add('ClusterRole');
  }
}
