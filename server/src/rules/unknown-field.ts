import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TechniqueId } from '../attack';
import type { Edit } from '../engine/fix';
import {
  childPlace,
  fieldStatus,
  rootPlace,
  suggestNames,
  whereValid,
  type PathKey,
  type Place,
  type SchemaType,
} from '../engine/k8s-fields';
import { misspellingOf } from '../engine/misspelling';
import { deref, mapGet, type YValue } from '../engine/node';
import { defineRule, type RuleContext } from '../engine/rule';
import { WORKLOAD_KINDS } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { CONTAINER_ONLY } from './container-field-in-pod-security-context';
import { ROLE_AND_BINDING_KINDS } from './lib/rbac';
import { securityTechniques } from './lib/security-fields';

/** The technique the catalog gives to weakened settings: a dropped field no rule reads. */
const IMPAIR_DEFENSES = 'T1562';

/** `a`, `a` or `b`, `a`, `b` or `c`. */
function orList(names: readonly string[]): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1] ?? ''}`;
}

/** A path with `*` for any list index or map key, as the docs write it: `spec.containers[].securityContext`. */
function pathLabel(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += k === '*' || typeof k === 'number' ? '[]' : out ? `.${k}` : k;
  return out;
}

/** How a message names a place in an object, where it has a common name. */
function placeName(path: readonly PathKey[]): string | undefined {
  const s = path.map((k) => (typeof k === 'number' ? '*' : k)).join('.');
  const containerSc = /(?:^|\.)(containers|initContainers|ephemeralContainers)\.\*\.securityContext$/;
  if (containerSc.test(s)) return "the container's securityContext";
  if (/(?:^|\.)(containers|initContainers|ephemeralContainers)\.\*$/.test(s)) return 'the container';
  if (/(?:^|\.)template\.spec\.securityContext$/.test(s) || s === 'spec.securityContext')
    return "the pod's securityContext";
  if (/(?:^|\.)template\.spec$/.test(s)) return "the pod template's spec";
  if (/(?:^|\.)template\.metadata$/.test(s)) return "the pod template's metadata";
  return undefined;
}

/** Workload kinds (also the custom ones with a pod template), Ingresses, NetworkPolicies and RBAC. */
const KINDS: readonly string[] = [
  ...Object.keys(WORKLOAD_KINDS),
  'Ingress',
  'NetworkPolicy',
  ...ROLE_AND_BINDING_KINDS,
];

interface Found {
  map: YAMLMap;
  pair: Pair<Scalar>;
  name: string;
  type: SchemaType;
  /** Path of the map that holds the key. */
  path: PathKey[];
}

/**
 * Resolves a path with `*` in this object: a `*` is the index of `near` at that step, or the only
 * item of a one-item list. Returns the deepest block map that exists and the keys below it that do
 * not (none of them a `*`), or undefined when the path cannot be followed to one map.
 */
function resolve(
  root: YValue,
  path: readonly PathKey[],
  near: readonly PathKey[],
): { map: YAMLMap; rest: string[] } | undefined {
  let cur: YValue = deref(root);
  for (const [i, k] of path.entries()) {
    if (k === '*') {
      if (!isSeq(cur)) return undefined;
      const at = near[i];
      const idx = typeof at === 'number' ? at : cur.items.length === 1 ? 0 : undefined;
      if (idx === undefined) return undefined;
      cur = deref(cur.items[idx]);
      continue;
    }
    const f = mapGet(cur, String(k));
    if (!f) {
      const rest = path.slice(i);
      if (!isMap(cur) || cur.flow || rest.includes('*')) return undefined;
      return { map: cur, rest: rest.map(String) };
    }
    if (f.merged) return undefined;
    cur = deref(f.value);
  }
  return isMap(cur) && !cur.flow ? { map: cur, rest: [] } : undefined;
}

export const unknownField = defineRule({
  id: 'unknown-field',
  title: 'Unknown, misspelled or misplaced field',
  severity: 'warning',
  kinds: KINDS,
  recommended: true,
  catalog: [],
  attack: [IMPAIR_DEFENSES],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags keys that are not fields of the Kubernetes type at their place, in workloads (every pod spec, container, securityContext and volume, also in the pod templates of the custom resources Kubeward knows), Services, Ingresses, NetworkPolicies, Roles, ClusterRoles and their bindings: a misspelling (`runAsNonroot`), a field one level too high or too low (`hostNetwork` under a Deployment’s `spec`), or a field newer than the configured `kubernetesVersion`. It is an error when the field meant is one the security rules read. Field names come from the Kubernetes OpenAPI schema of each minor version, generated at build time. Custom resources, unknown kinds and the keys of `labels` and `annotations` are not checked.',
    whyBad:
      'The API server drops unknown fields; with the default field validation it only prints a warning, which Helm, Argo CD and Flux rarely show. A misspelled `runAsNonRoot` or `allowPrivilegeEscalation` leaves the protection its author believes in unset.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          runAsNonroot: true
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          runAsNonRoot: true
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Rename the key to the field meant, move it to the level it belongs at, or raise `kubernetesVersion` when the cluster runs a version that has the field.',
    fixSafety:
      'Safe for a rename when exactly one field is a likely match: the value, comments and quoting stay and the field finally takes effect. Unsafe for a move to another level: it changes where the setting applies. No fix when several fields match.',
    references: [
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      'https://github.com/kubernetes/kubernetes/tree/master/api/openapi-spec',
    ],
    peers: {},
    notes:
      'Suggestions are the fields valid at that place within an edit distance of one per five characters, or equal but for case. The rules that read a misspelled field still report that it is missing, once, pointing at the misspelling and without a fix that would add a second key.',
  },
  messages: {
    misspelled: (d: { name: string; type: string; suggestions: readonly string[] }) =>
      `\`${d.name}\` is not a field of ${d.type}; Kubernetes drops it${d.suggestions.length === 1 ? `, so \`${d.suggestions[0] ?? ''}\` is not set` : ''}. Did you mean ${orList(d.suggestions)}?`,
    unknown: (d: { name: string; type: string }) =>
      `\`${d.name}\` is not a field of ${d.type}; Kubernetes drops it.`,
    misplaced: (d: { name: string; where?: string; path: string }) =>
      `\`${d.name}\` belongs in ${d.where ? `${d.where} (\`${d.path}\`)` : `\`${d.path}\``}; here Kubernetes drops it.`,
    tooNew: (d: { name: string; since: number; version: number }) =>
      `\`${d.name}\` exists from Kubernetes 1.${d.since}; a 1.${d.version} cluster drops it.`,
    removed: (d: { name: string; until: number; version: number }) =>
      `\`${d.name}\` was removed after Kubernetes 1.${d.until}; a 1.${d.version} cluster drops it.`,
  },
  check(ctx) {
    const root = rootPlace(ctx.object.apiVersion, ctx.object.kind);
    if (root.kind !== 'object') return;
    const found: Found[] = [];
    const walk = (node: YValue, path: PathKey[], place: Place, depth: number): void => {
      if (depth > 64) return;
      // Aliases are not followed: the anchored node is checked where it is written (and an alias
      // bomb stays linear).
      const n = node;
      if (isMap(n)) {
        for (const item of n.items) {
          if (!isPair(item) || !isScalar(item.key)) continue;
          // A `!!binary` key is bytes (a Buffer or a Uint8Array, by runtime): no field name to judge.
          if (item.key.value instanceof Uint8Array) continue;
          const key = String(item.key.value);
          if (key === '<<') continue;
          if (place.kind === 'object' && !place.open && !place.type.fields.has(key)) {
            // Its own rule reports these, with a fix that copies the value to every container.
            if (place.type.name === 'PodSecurityContext' && CONTAINER_ONLY.includes(key)) continue;
            found.push({ map: n, pair: item as Pair<Scalar>, name: key, type: place.type, path });
            continue;
          }
          if (place.kind === 'object' && !place.open) {
            const status = fieldStatus(place.type, key, ctx.version);
            if (status.kind === 'too-new' || status.kind === 'removed') {
              reportVersion(ctx, item as Pair<Scalar>, place.type, key, status);
              continue;
            }
          }
          walk(item.value, [...path, key], childPlace(place, key), depth + 1);
        }
      } else if (isSeq(n)) {
        n.items.forEach((item, i) => {
          walk(item, [...path, i], childPlace(place, i), depth + 1);
        });
      }
    };
    walk(ctx.object.root, [], root, 0);
    for (const f of found) reportUnknown(ctx, f);
  },
});

type Ctx = RuleContext<typeof unknownField.messages>;

/** Error with the reading rules' techniques for a security field, else the rule's own. */
function weight(type: string, field: string): { severity?: 'error'; attack?: TechniqueId[] } {
  const t = securityTechniques(type, field);
  return t ? { severity: 'error', attack: t } : {};
}

function reportVersion(
  ctx: Ctx,
  pair: Pair<Scalar>,
  type: SchemaType,
  name: string,
  status: ReturnType<typeof fieldStatus>,
): void {
  const w = weight(type.name, name);
  const common = {
    at: pair,
    ...(w.severity ? { severity: w.severity } : {}),
    ...(w.attack ? { attack: w.attack } : {}),
  };
  if (status.kind === 'too-new') {
    ctx.report({ ...common, messageId: 'tooNew', data: { name, since: status.since, version: ctx.version } });
  } else if (status.kind === 'removed') {
    ctx.report({
      ...common,
      messageId: 'removed',
      data: { name, until: status.until, version: ctx.version },
    });
  }
}

function reportUnknown(ctx: Ctx, f: Found): void {
  const { apiVersion, kind } = ctx.object;
  const lower = f.name.toLowerCase();
  const suggestions = suggestNames(f.type, f.name, ctx.version);
  const caseOnly = suggestions.length === 1 && suggestions[0]?.toLowerCase() === lower;
  // A field of a sibling object is never meant: siblings such as a volume's `rbd` and `storageos`
  // are alternatives, and `pool` in one is no `pool` of the other.
  const elsewhere = caseOnly
    ? []
    : whereValid(apiVersion, kind, f.name, ctx.version, f.path).filter(
        (p) => !(p.distance === 2 && p.path.length === f.path.length),
      );
  const nearest = elsewhere[0];
  if (nearest) {
    const w = weight(typeOfLast(nearest.path, apiVersion, kind), f.name);
    const where = placeName(nearest.path);
    ctx.report({
      at: f.pair,
      ...(w.severity ? { severity: w.severity } : {}),
      ...(w.attack ? { attack: w.attack } : {}),
      messageId: 'misplaced',
      data: { name: f.name, ...(where ? { where } : {}), path: pathLabel(nearest.path) },
      fix: moveFix(ctx, f, nearest.path),
    });
    return;
  }
  const one = misspellingOf(f.type, f.name, ctx.version);
  const intended = one ?? (suggestions.length > 0 ? undefined : f.name);
  const w = intended ? weight(f.type.name, intended) : {};
  const common = {
    at: f.pair,
    ...(w.severity ? { severity: w.severity } : {}),
    ...(w.attack ? { attack: w.attack } : {}),
  };
  if (suggestions.length === 0) {
    ctx.report({ ...common, messageId: 'unknown', data: { name: f.name, type: f.type.name } });
    return;
  }
  ctx.report({
    ...common,
    messageId: 'misspelled',
    data: { name: f.name, type: f.type.name, suggestions },
    // A rename that would write a key the map already has would make a duplicate.
    fix:
      one !== undefined && !mapGet(f.map, one)
        ? ctx.fixer.fix(`Rename to \`${one}\``, 'safe', ctx.fixer.replaceQuoted(f.pair.key, one))
        : undefined,
  });
}

/** The type name of the object at `path` (with `*`), for the severity of a misplaced field. */
function typeOfLast(path: readonly PathKey[], apiVersion: string, kind: string): string {
  let place: Place = rootPlace(apiVersion, kind);
  for (const k of path) place = childPlace(place, k === '*' ? (place.kind === 'list' ? 0 : k) : k);
  return place.kind === 'object' ? place.type.name : '';
}

/**
 * Moves a misplaced `key: value` to the map it belongs in, when the value is a scalar or a flow
 * collection, that map is one map of this object and it lacks the key. The value's text is kept.
 */
function moveFix(ctx: Ctx, f: Found, target: readonly PathKey[]) {
  const v = f.pair.value;
  const flowOrScalar = isScalar(v) || ((isMap(v) || isSeq(v)) && v.flow);
  const range = (v as { range?: number[] } | null)?.range;
  if (!flowOrScalar || range?.[0] === undefined || range[1] === undefined) return undefined;
  const text = ctx.fixer.text.slice(range[0], range[1]);
  if (text.includes('\n')) return undefined;
  const to = resolve(ctx.object.root, target, f.path);
  if (!to || (to.rest.length === 0 && mapGet(to.map, f.name))) return undefined;
  const title = `Move to \`${pathLabel(target)}\``;
  if (to.map === f.map) {
    // Down into a map this one lacks: the pair becomes that map, in place.
    const start = f.pair.key.range?.[0];
    if (start === undefined) return undefined;
    const col = start - (ctx.fixer.text.lastIndexOf('\n', start - 1) + 1);
    const block = ctx.fixer.blockText([...to.rest, f.name], { scalar: text }, col).slice(col);
    return ctx.fixer.fix(title, 'unsafe', ctx.fixer.replacePair(f.pair, block));
  }
  const edits: (Edit | undefined)[] = [
    ctx.fixer.removePair(f.map, f.pair),
    ctx.fixer.ensure(to.map, [...to.rest, f.name], { scalar: text }),
  ];
  return ctx.fixer.fix(title, 'unsafe', ...edits);
}
