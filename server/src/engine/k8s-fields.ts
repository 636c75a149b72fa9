import { DATA_MINORS, NAMES, ROOTS, TYPES } from './k8s-fields.generated';
import { templateLocation } from './workload';

/** The kind of value a scalar field holds, as the OpenAPI schema declares it. */
export type ScalarKind = 'string' | 'integer' | 'number' | 'boolean' | 'time' | 'quantity' | 'int-or-string';

/** The type of a field: an object type, a list or map of something, a scalar, or anything at all. */
export type Ref =
  | ObjectRef
  | { readonly kind: 'list'; readonly of: Ref }
  | { readonly kind: 'map'; readonly of: Ref }
  | {
      readonly kind: 'scalar';
      readonly scalar: ScalarKind;
      /** The only values the API server accepts, where it rejects others; undefined elsewhere. */
      readonly values: readonly string[] | undefined;
    }
  /** RawExtension, FieldsV1, an object's `status`: any value, with keys the schema does not name. */
  | { readonly kind: 'free-form' };

/** An object type at a place. */
export interface ObjectRef {
  readonly kind: 'object';
  readonly type: SchemaType;
  /** Names the type lacks are allowed here too: Knative's pod spec adds fields of its own. */
  readonly open: boolean;
}

/** A Kubernetes object type, with every field it had in any Kubernetes version of the data. */
export interface SchemaType {
  /** The OpenAPI name without group and version: `PodSpec`, `SecurityContext`. */
  readonly name: string;
  readonly fields: ReadonlyMap<string, FieldInfo>;
}

export interface FieldInfo {
  readonly name: string;
  readonly ref: Ref;
  /** First Kubernetes minor in the data that has the field; undefined when the oldest data has it. */
  readonly since: number | undefined;
  /** Last Kubernetes minor in the data that has the field; undefined when the newest data has it. */
  readonly until: number | undefined;
}

/** What the schema says about one place in an object, reached by a path of keys and list indices. */
export type Place =
  | Ref
  /** The object's apiVersion and kind are not in the table, nor a pod template of it: say nothing. */
  | { readonly kind: 'unknown-kind' }
  /** The last key of the path is no field of `type` in any version. */
  | { readonly kind: 'unknown-field'; readonly type: SchemaType; readonly name: string }
  /** A list index where the schema has no list, or a key where it has a list or a scalar. */
  | { readonly kind: 'mismatch'; readonly expected: Ref };

export type PathKey = string | number;

/** Whether a field exists in a Kubernetes minor version. */
export type FieldStatus =
  | { readonly kind: 'valid'; readonly field: FieldInfo }
  /** No version of the type has the field. */
  | { readonly kind: 'unknown' }
  /**
   * The field exists from `since` on. `earliest` is below `since` when the data lacks the versions
   * between: the field may exist from `earliest`, and versions from `earliest` on count as valid.
   */
  | { readonly kind: 'too-new'; readonly field: FieldInfo; readonly since: number; readonly earliest: number }
  /** The field was removed after `until` (after `latest` at the latest, when the data lacks versions). */
  | { readonly kind: 'removed'; readonly field: FieldInfo; readonly until: number; readonly latest: number };

/** A place where a field name is valid, as a path with `*` for any list index or map key. */
export interface ValidPlace {
  readonly path: readonly PathKey[];
  /** Steps up and down the object tree from the path asked about. */
  readonly distance: number;
}

const FREE_FORM: Ref = { kind: 'free-form' };
const UNKNOWN_KIND: Place = { kind: 'unknown-kind' };

/** Kubernetes minors the data comes from, oldest first. */
export const SCHEMA_MINORS: readonly number[] = DATA_MINORS;
/** The newest minor in the data; a newer configured version is checked against it. */
export const NEWEST_SCHEMA_MINOR = DATA_MINORS[DATA_MINORS.length - 1] ?? 0;
const OLDEST = DATA_MINORS[0] ?? 0;

interface Table {
  types: Map<string, SchemaType>;
  roots: Map<string, ObjectRef>;
}

let table: Table | undefined;

const SCALARS: Readonly<Record<string, ScalarKind>> = {
  s: 'string',
  i: 'integer',
  n: 'number',
  b: 'boolean',
  t: 'time',
  q: 'quantity',
  x: 'int-or-string',
};

/** Decodes the generated table (format in scripts/gen-fields.ts) on first use. */
function load(): Table {
  if (table) return table;
  const names = NAMES.split(' ');
  const name = (code: string): string => names[parseInt(code, 36)] ?? '';
  const encoded = TYPES.split(';');
  const fieldMaps = encoded.map(() => new Map<string, FieldInfo>());
  const types = encoded.map((t, i): SchemaType => ({
    name: name(t.slice(0, 2)),
    fields: fieldMaps[i] ?? new Map(),
  }));
  const objects = types.map((type): ObjectRef => ({ kind: 'object', type, open: false }));
  encoded.forEach((t, i) => {
    const fields = fieldMaps[i];
    if (!fields) return;
    for (const f of t.slice(3).split(',')) {
      const m = /^(..)([[{]*)(#..|[a-z])(?:\+(\d+))?(?:-(\d+))?(?:=(.*))?$/.exec(f);
      if (!m) throw new Error(`k8s-fields: bad field ${f}`);
      const [, code = '', wrappers = '', base = '', since, until, values] = m;
      let ref: Ref = base.startsWith('#')
        ? (objects[parseInt(base.slice(1), 36)] ?? FREE_FORM)
        : base === 'f'
          ? FREE_FORM
          : { kind: 'scalar', scalar: SCALARS[base] ?? 'string', values: values?.split('|') };
      for (let w = wrappers.length - 1; w >= 0; w--)
        ref = { kind: wrappers[w] === '[' ? 'list' : 'map', of: ref };
      const fieldName = name(code);
      fields.set(fieldName, {
        name: fieldName,
        ref,
        since: since === undefined ? undefined : Number(since),
        until: until === undefined ? undefined : Number(until),
      });
    }
  });
  const roots = new Map<string, ObjectRef>();
  for (const r of ROOTS.split(';')) {
    const [apiVersion = '', kind = '', type = ''] = r.split(' ');
    const ref = objects[parseInt(type, 36)];
    if (ref) roots.set(`${apiVersion} ${kind}`, ref);
  }
  table = { types: new Map(types.map((t) => [t.name, t])), roots };
  return table;
}

/** The type named `name` (`PodSpec`), if the table has it. */
export function schemaType(name: string): SchemaType | undefined {
  return load().types.get(name);
}

type Trie = Map<string, Trie | ObjectRef>;

function insert(trie: Trie, path: readonly string[], ref: ObjectRef): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    trie.set(head, ref);
    return;
  }
  let sub = trie.get(head);
  if (!(sub instanceof Map)) trie.set(head, (sub = new Map()));
  insert(sub, rest, ref);
}

/** An open object type with just the given fields, so that a walk reaches them. */
function openType(name: string, trie: Trie): ObjectRef {
  const fields = new Map<string, FieldInfo>();
  for (const [key, sub] of trie) {
    const ref = sub instanceof Map ? openType(`${name}.${key}`, sub) : sub;
    fields.set(key, { name: key, ref, since: undefined, until: undefined });
  }
  return { kind: 'object', type: { name, fields }, open: true };
}

const customRoots = new Map<string, ObjectRef | undefined>();

/**
 * The root of an object whose kind the table lacks but whose pod template workload.ts knows (Argo
 * Rollouts, OpenShift DeploymentConfigs, a workload kind under an API version the table lacks): open
 * objects down to the pod spec and pod metadata, which have the core types. Knative's pod spec is
 * open too: its RevisionSpec is a PodSpec plus timeouts and concurrency of its own.
 */
function customRoot(apiVersion: string, kind: string): ObjectRef | undefined {
  const key = `${apiVersion} ${kind}`;
  if (customRoots.has(key)) return customRoots.get(key);
  const loc = templateLocation({ apiVersion, kind });
  const podSpec = schemaType('PodSpec');
  const meta = schemaType('ObjectMeta');
  let root: ObjectRef | undefined;
  if (loc && podSpec && meta) {
    const trie: Trie = new Map();
    const open = loc.groups?.includes('serving.knative.dev') ?? false;
    insert(trie, loc.spec, { kind: 'object', type: podSpec, open });
    insert(trie, loc.metadata, { kind: 'object', type: meta, open: false });
    root = openType(kind, trie);
  }
  customRoots.set(key, root);
  return root;
}

/**
 * The root of an object: its type; an open type leading to the pod template for custom resources
 * whose pod template workload.ts knows; `unknown-kind` for any other kind.
 */
export function rootPlace(apiVersion: string, kind: string): Place {
  return load().roots.get(`${apiVersion} ${kind}`) ?? customRoot(apiVersion, kind) ?? UNKNOWN_KIND;
}

/** The place one key (a field name or map key) or list index below `place`. */
export function childPlace(place: Place, key: PathKey): Place {
  switch (place.kind) {
    case 'object': {
      if (typeof key !== 'string') return { kind: 'mismatch', expected: place };
      const field = place.type.fields.get(key);
      if (field) return field.ref;
      return place.open ? FREE_FORM : { kind: 'unknown-field', type: place.type, name: key };
    }
    case 'list':
      return typeof key === 'number' ? place.of : { kind: 'mismatch', expected: place };
    case 'map':
      return typeof key === 'string' ? place.of : { kind: 'mismatch', expected: place };
    case 'scalar':
      return { kind: 'mismatch', expected: place };
    case 'unknown-kind':
      return place;
    case 'free-form':
    case 'unknown-field':
    case 'mismatch':
      return FREE_FORM;
  }
}

/**
 * The place at `path` in an object of `apiVersion`/`kind`: `childPlace` from `rootPlace` along
 * the path. Below an unknown field, a free-form value or a mismatch the answer is `free-form`.
 */
export function placeAt(apiVersion: string, kind: string, path: readonly PathKey[]): Place {
  let place = rootPlace(apiVersion, kind);
  for (const key of path) place = childPlace(place, key);
  return place;
}

/** `minor` as the data knows it: versions newer than the data are checked against the newest. */
export function schemaMinor(minor: number): number {
  return Math.min(minor, NEWEST_SCHEMA_MINOR);
}

/** The first minor after the last data version before `minor` (`minor` itself without a gap). */
function earliest(since: number): number {
  let prev = OLDEST;
  for (const m of DATA_MINORS) {
    if (m >= since) break;
    prev = m;
  }
  return Math.min(prev + 1, since);
}

/** The minor before the first data version after `until`. */
function latest(until: number): number {
  const next = DATA_MINORS.find((m) => m > until);
  return next === undefined ? until : next - 1;
}

/**
 * Whether `field` exists in Kubernetes 1.`minor`. Versions newer than the data count as the newest;
 * versions the data lacks count as having the field when a neighbouring version has it.
 */
export function existsIn(field: FieldInfo, minor: number): boolean {
  const m = schemaMinor(minor);
  if (field.since !== undefined && m < earliest(field.since)) return false;
  return field.until === undefined || m <= latest(field.until);
}

/** Whether `type` has a field `name` in Kubernetes 1.`minor`, and if not, in which versions it has. */
export function fieldStatus(type: SchemaType, name: string, minor: number): FieldStatus {
  const field = type.fields.get(name);
  if (!field) return { kind: 'unknown' };
  if (existsIn(field, minor)) return { kind: 'valid', field };
  if (field.since !== undefined && schemaMinor(minor) < field.since) {
    return { kind: 'too-new', field, since: field.since, earliest: earliest(field.since) };
  }
  const until = field.until ?? NEWEST_SCHEMA_MINOR;
  return { kind: 'removed', field, until, latest: latest(until) };
}

/** The field names of `type` in Kubernetes 1.`minor`, sorted. */
export function validNames(type: SchemaType, minor: number): string[] {
  const names: string[] = [];
  for (const f of type.fields.values()) if (existsIn(f, minor)) names.push(f.name);
  return names.sort();
}

/** Most edits for a suggestion: one per five characters typed, at least one. */
export function maxEdits(length: number): number {
  return Math.max(1, Math.floor(length / 5));
}

/** Suggestions tied at the best distance beyond this many are too ambiguous to be useful. */
export const MAX_SUGGESTIONS = 3;

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of neighbours
 * count one each), or `limit + 1` once it is certain to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}

/**
 * The field names of `type` in Kubernetes 1.`minor` that `name` is probably a misspelling of.
 * A name equal but for case is the one answer (`runAsNonroot` → `runAsNonRoot`). Otherwise the
 * names at the smallest edit distance (case ignored), if that distance is at most
 * {@link maxEdits}(name.length) and at most {@link MAX_SUGGESTIONS} names share it; else none.
 */
export function suggestNames(type: SchemaType, name: string, minor: number): string[] {
  const lower = name.toLowerCase();
  const candidates = validNames(type, minor).filter((c) => c !== name);
  const sameButCase = candidates.filter((c) => c.toLowerCase() === lower);
  if (sameButCase.length > 0) return sameButCase;
  let best = maxEdits(name.length);
  let found: string[] = [];
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), best);
    if (d < best) [best, found] = [d, [c]];
    else if (d === best) found.push(c);
  }
  return found.length <= MAX_SUGGESTIONS ? found : [];
}

/** Every place in an object of a root type where each field name is valid, with the field. */
type NameIndex = Map<string, { path: PathKey[]; field: FieldInfo }[]>;

const nameIndexCache = new Map<string, NameIndex | undefined>();

function indexType(index: NameIndex, ref: ObjectRef, path: PathKey[], stack: Set<SchemaType>): void {
  if (stack.has(ref.type)) return;
  stack.add(ref.type);
  for (const field of ref.type.fields.values()) {
    let list = index.get(field.name);
    if (!list) index.set(field.name, (list = []));
    list.push({ path, field });
    let r = field.ref;
    const below = [...path, field.name];
    while (r.kind === 'list' || r.kind === 'map') {
      below.push('*');
      r = r.of;
    }
    if (r.kind === 'object') indexType(index, r, below, stack);
  }
  stack.delete(ref.type);
}

function nameIndex(apiVersion: string, kind: string): NameIndex | undefined {
  const key = `${apiVersion} ${kind}`;
  if (nameIndexCache.has(key)) return nameIndexCache.get(key);
  const root = rootPlace(apiVersion, kind);
  let index: NameIndex | undefined;
  if (root.kind === 'object') {
    index = new Map<string, { path: PathKey[]; field: FieldInfo }[]>();
    indexType(index, root, [], new Set());
  }
  nameIndexCache.set(key, index);
  return index;
}

function distance(near: readonly PathKey[], path: readonly PathKey[]): number {
  let common = 0;
  while (common < near.length && common < path.length) {
    const a = near[common];
    const b = path[common];
    if (a !== b && !(b === '*' && a !== undefined)) break;
    common++;
  }
  return near.length - common + (path.length - common);
}

/**
 * The other places in an object of `apiVersion`/`kind` where `name` is a field in Kubernetes
 * 1.`minor`, nearest to `near` (the path of the object that has `name` as an unknown field) first:
 * a Deployment's `hostNetwork` under `spec` belongs in `spec.template.spec`. Paths have `*` for
 * any list index or map key. Empty for unknown kinds.
 */
export function whereValid(
  apiVersion: string,
  kind: string,
  name: string,
  minor: number,
  near: readonly PathKey[],
): ValidPlace[] {
  const places = nameIndex(apiVersion, kind)?.get(name) ?? [];
  return places
    .filter((p) => existsIn(p.field, minor))
    .map((p) => ({ path: p.path, distance: distance(near, p.path) }))
    .filter((p) => p.distance > 0)
    .sort(
      (a, b) =>
        a.distance - b.distance ||
        a.path.length - b.path.length ||
        (a.path.join('.') < b.path.join('.') ? -1 : 1),
    );
}
