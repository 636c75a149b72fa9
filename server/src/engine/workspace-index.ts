import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { IndexedObject, IndexLookup } from './index-types';
import { asBool, getIn, mapGet, scalarString, seqStrings, type YValue } from './node';
import { chunksOf, cheapKind, parseChunk, type K8sObject, type ParsedChunk, type SourceText } from './parse';
import { WORKLOAD_KINDS } from './workload';
import { BUILTIN_KIND_NAMES } from '../policies/kinds';

/** What files whose objects may be matched by a policy read, for any params kind (see {@link dependants}). */
const PARAMS = '<params>';

/**
 * Admission policy kinds the index keeps (as their chunk text, for `policies/workspace.ts`): the ones
 * Kubeward evaluates, and the ones it lists as not evaluated.
 */
export const POLICY_KINDS: readonly string[] = [
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'ValidatingPolicy',
  'NamespacedValidatingPolicy',
  'MutatingPolicy',
  'GeneratingPolicy',
  'DeletingPolicy',
  'ImageValidatingPolicy',
  'ClusterPolicy',
  'Policy',
  'ConstraintTemplate',
];

/**
 * Whether objects of a kind may be a policy's params (`paramKind` with the binding's `paramRef`), kept
 * as their chunk text: ConfigMaps and custom resources (any kind that is neither built in, nor a
 * workload, nor a policy). Which kind a policy wants is known only once the policies are read.
 */
export function isParamKind(kind: string): boolean {
  return (
    kind === 'ConfigMap' ||
    (!BUILTIN_KIND_NAMES.includes(kind) &&
      !(kind in WORKLOAD_KINDS) &&
      !POLICY_KINDS.includes(kind) &&
      kind !== 'List')
  );
}

const TEXT_KINDS: ReadonlySet<string> = new Set([...POLICY_KINDS, 'Namespace']);

/**
 * The largest param object (a ConfigMap or custom resource) the index keeps the text of: 1.5 MiB, the
 * API server's limit on a request, so no larger object can exist in a cluster. A larger one is
 * recorded with its size only, and a policy that names it as its param is not evaluated, saying why.
 */
export const MAX_PARAM_TEXT = 1.5 * 1024 * 1024;

/** Kinds kept as chunk text: policies, Namespaces, params. */
function isTextKind(kind: string): boolean {
  return TEXT_KINDS.has(kind) || isParamKind(kind);
}

/** Whether the index records objects of a kind. */
function isIndexedKind(kind: string): boolean {
  return INDEXED_KINDS.has(kind) || isParamKind(kind);
}

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
  // Their group, kind, plural and scope: admission policies match custom resources by resource name.
  'CustomResourceDefinition',
  'ServiceAccount',
  'NetworkPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'Namespace',
  ...POLICY_KINDS,
]);

/** Kinds without a namespace: their lookups ignore the namespace argument. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'Namespace',
]);

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
    case 'Namespace': {
      // The Pod Security level the API server enforces on the namespace's pods.
      const labels = strMap(getIn(root, ['metadata', 'labels'])?.value);
      const enforce = labels['pod-security.kubernetes.io/enforce'];
      // The labels, for admission policies' namespaceSelector.
      return enforce === undefined
        ? { labels }
        : {
            labels,
            enforce,
            enforceVersion: labels['pod-security.kubernetes.io/enforce-version'] ?? 'latest',
          };
    }
    case 'CustomResourceDefinition': {
      const spec = mapGet(root, 'spec')?.value;
      const names = mapGet(spec, 'names')?.value;
      return {
        group: scalarString(mapGet(spec, 'group')?.value) ?? '',
        kind: scalarString(mapGet(names, 'kind')?.value) ?? '',
        plural: scalarString(mapGet(names, 'plural')?.value) ?? '',
        scope: scalarString(mapGet(spec, 'scope')?.value) ?? '',
      };
    }
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

/** {@link WorkspaceIndex.snapshot}: every indexed file's data. */
export type IndexSnapshot = { uri: string; objects: IndexedObject[]; signature: string; reads: string[] }[];

/** What one `---` chunk contributes to the index; memoised per file by chunk text. */
interface ChunkEntry {
  objects: IndexedObject[];
  reads: readonly string[];
  signature: string;
}

export interface WorkspaceIndexOptions {
  /**
   * Parses a chunk (e.g. the engine's cached `parse`, so the editor parses each chunk once). A
   * result with `skipped` set is parsed again with {@link parseChunk}.
   */
  parse?: (text: string) => ParsedChunk;
  /**
   * Keep, per file, the extracted data of its last update's chunks, so re-indexing an edited file
   * re-parses only the chunks whose text changed (default on; off for one-shot scans).
   */
  memo?: boolean;
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
export class WorkspaceIndex implements IndexLookup {
  private files = new Map<string, FileEntry>();
  /** Per file: chunk text → what it contributed at the last update (see {@link WorkspaceIndexOptions.memo}). */
  private chunkMemo = new Map<string, Map<string, ChunkEntry>>();
  /** Kinds a file provided before its last update, for {@link dependants}. */
  private previousKinds = new Map<string, Set<string>>();
  private byKind: Map<string, IndexedObject[]> | undefined;
  private versionNo = 0;
  private readonly parseFn: ((text: string) => ParsedChunk) | undefined;
  private readonly memo: boolean;

  constructor(opts: WorkspaceIndexOptions = {}) {
    this.parseFn = opts.parse;
    this.memo = opts.memo ?? true;
  }

  get version(): number {
    return this.versionNo;
  }

  private extract(uri: string, text: string, parse: ((text: string) => ParsedChunk) | undefined): ChunkEntry {
    let parsed = parse?.(text);
    if (!parsed || parsed.skipped) parsed = crdHead(text) ?? parseChunk(text);
    const objects: IndexedObject[] = [];
    const reads = new Set<string>();
    if (!parsed.templated) {
      for (const obj of parsed.objects) {
        noteReads(obj.kind, reads);
        if (!isIndexedKind(obj.kind)) continue;
        const data = dataOf(obj);
        // Policies, params and Namespaces are read again by `policies/workspace.ts`: their text
        // (for a param above the size limit, its size instead).
        if (isTextKind(obj.kind)) {
          if (text.length > MAX_PARAM_TEXT && isParamKind(obj.kind)) data.tooLarge = text.length;
          else data.text = text;
        }
        objects.push({
          uri,
          kind: obj.kind,
          apiVersion: obj.apiVersion,
          name: obj.name,
          namespace: obj.namespace === '' ? undefined : obj.namespace,
          data,
        });
      }
    }
    const signature = objects
      .map((o) => JSON.stringify([o.kind, o.apiVersion, o.name, o.namespace, o.data]))
      .join(',');
    return { objects, reads: [...reads], signature };
  }

  /**
   * Indexes (or re-indexes) one file. Returns whether any indexed data changed; {@link version}
   * changes only then. Chunks whose text is unchanged since the file's last update are not parsed.
   */
  update(
    uri: string,
    text: SourceText,
    /** Overrides {@link WorkspaceIndexOptions.parse} for this call (e.g. only for open documents). */
    parse = this.parseFn,
  ): boolean {
    const objects: IndexedObject[] = [];
    const reads = new Set<string>();
    const signatures: string[] = [];
    const before = this.chunkMemo.get(uri);
    const after = new Map<string, ChunkEntry>();
    for (const chunk of chunksOf(text)) {
      const cheap = cheapKind(chunk.text);
      if (cheap !== undefined) noteReads(cheap, reads);
      if (cheap !== undefined && !isIndexedKind(cheap) && cheap !== 'List') continue;
      const entry = after.get(chunk.text) ?? before?.get(chunk.text) ?? this.extract(uri, chunk.text, parse);
      after.set(chunk.text, entry);
      for (const r of entry.reads) reads.add(r);
      if (entry.objects.length === 0) continue;
      objects.push(...entry.objects);
      signatures.push(entry.signature);
    }
    if (this.memo && after.size > 0) this.chunkMemo.set(uri, after);
    else this.chunkMemo.delete(uri);
    const signature = `[${signatures.join(',')}]`;
    const old = this.files.get(uri);
    this.notePreviousKinds(uri, old);
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

  /** Kinds a file had before a change, for {@link dependants}; kept only when there were any. */
  private notePreviousKinds(uri: string, old: { objects: readonly IndexedObject[] } | undefined): void {
    if (old && old.objects.length > 0) this.previousKinds.set(uri, new Set(old.objects.map((o) => o.kind)));
    else this.previousKinds.delete(uri);
  }

  /** The indexed data as plain values (structured-cloneable), e.g. for the CLI's worker threads. */
  snapshot(): IndexSnapshot {
    return [...this.files].map(([uri, f]) => ({
      uri,
      objects: f.objects,
      signature: f.signature,
      reads: [...f.reads],
    }));
  }

  /** An index holding a {@link snapshot}'s data (no per-chunk memo). */
  static fromSnapshot(snap: IndexSnapshot): WorkspaceIndex {
    const index = new WorkspaceIndex({ memo: false });
    for (const f of snap)
      index.files.set(f.uri, { objects: f.objects, signature: f.signature, reads: new Set(f.reads) });
    index.versionNo = 1;
    return index;
  }

  /** Forgets a file. Returns whether indexed data changed. */
  remove(uri: string): boolean {
    const old = this.files.get(uri);
    this.notePreviousKinds(uri, old);
    this.files.delete(uri);
    this.chunkMemo.delete(uri);
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
    // A removed file's former kinds are needed once, right after the removal (load test: without
    // this, every document opened and closed left an entry behind).
    if (!this.files.has(uri)) this.previousKinds.delete(uri);
    for (const o of this.files.get(uri)?.objects ?? []) kinds.add(o.kind);
    for (const k of [...kinds]) if (isParamKind(k)) kinds.add(PARAMS);
    const out: string[] = [];
    for (const [u, f] of this.files) {
      if (u === uri) continue;
      if ([...kinds].some((k) => f.reads.has(k))) out.push(u);
    }
    return out.sort();
  }

  /** Every kind the index holds objects of. */
  kinds(): readonly string[] {
    this.all('');
    return [...(this.byKind?.keys() ?? [])];
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

/** `spec.versions` (or the older `spec.validation`) of a CRD: the schemas, megabytes in some CRDs. */
const CRD_SCHEMAS = /^ {2}(?:versions|validation):/m;

/**
 * A CustomResourceDefinition read up to its schemas: the index needs its group, names and scope, which
 * come before `versions` as written by `kubectl` (keys in order) and by hand. Undefined when that
 * part does not parse or lacks one of them: then the whole chunk is parsed.
 */
function crdHead(text: string): ParsedChunk | undefined {
  if (cheapKind(text) !== 'CustomResourceDefinition') return undefined;
  const cut = CRD_SCHEMAS.exec(text);
  if (!cut) return undefined;
  const head = parseChunk(text.slice(0, cut.index));
  const [obj] = head.objects;
  if (head.errors.length > 0 || head.objects.length !== 1 || !obj) return undefined;
  const data = dataOf(obj);
  return data.group && data.kind && data.plural && data.scope ? head : undefined;
}

function noteReads(kind: string, reads: Set<string>): void {
  // Any object may be matched by an admission policy (and its params, and its Namespace's labels).
  // (Params are custom kinds, unknown here: `PARAMS` stands for all of them.)
  // A policy's own findings (no binding, a binding without its policy) read the other policy objects.
  if (POLICY_KINDS.includes(kind)) for (const k of POLICY_KINDS) reads.add(k);
  else {
    // Any other object may be matched by a policy: Namespaces, ConfigMaps and custom resources too.
    for (const k of TEXT_KINDS) reads.add(k);
    reads.add(PARAMS);
    // A custom resource's resource name and scope come from its CRD.
    reads.add('CustomResourceDefinition');
  }
  if (kind in WORKLOAD_KINDS) {
    reads.add('ServiceAccount');
    reads.add('NetworkPolicy');
    reads.add('Namespace');
  }
  if (BINDING_KINDS.has(kind)) {
    reads.add('Role');
    reads.add('ClusterRole');
  }
}
