import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TechniqueId } from '../attack';
import {
  childPlace,
  fieldStatus,
  rootPlace,
  suggestNames,
  type PathKey,
  type Place,
  type SchemaType,
} from '../engine/k8s-fields';
import { misplacementOf, misspellingOf, pathLabel } from '../engine/misspelling';
import { mapGet, type YValue } from '../engine/node';
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
      'Safe for a rename when exactly one field is a likely match: the value, comments and quoting stay and the field finally takes effect. Unsafe for a move to another level, because the setting starts to apply where it did not: the key moves with its whole block (value, nested lines and the comments on and around it), re-indented, into the one place it belongs, creating the maps missing there (a `securityContext:`) or merging into the one that exists. No fix when several fields match, when several places are equally near (a container field in a pod of two containers), or when the place it belongs already has the key.',
    references: [
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      'https://github.com/kubernetes/kubernetes/tree/master/api/openapi-spec',
    ],
    peers: {},
    notes:
      'Suggestions are the fields valid at that place within an edit distance of one per five characters, or equal but for case. The rules that read a misspelled or misplaced field still report that it is missing, once, pointing at the key as written (a `securityContext:` block under a Deployment’s `spec` for a pod that lacks `runAsNonRoot`) and without a fix that would add a second key; after the rename or the move both are gone.',
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
  const moved = misplacementOf(ctx.object, f.path, f.type, f.name, ctx.version);
  if (moved) {
    const w = weight(typeOfLast(moved.target, apiVersion, kind), f.name);
    const where = placeName(moved.target);
    const title = `Move to \`${pathLabel(moved.target)}\``;
    ctx.report({
      at: f.pair,
      ...(w.severity ? { severity: w.severity } : {}),
      ...(w.attack ? { attack: w.attack } : {}),
      messageId: 'misplaced',
      data: { name: f.name, ...(where ? { where } : {}), path: pathLabel(moved.target) },
      fix:
        moved.into &&
        ctx.fixer.fix(
          title,
          'unsafe',
          ...(ctx.fixer.movePair(f.map, f.pair, moved.into.map, moved.into.rest) ?? [undefined]),
        ),
    });
    return;
  }
  const suggestions = suggestNames(f.type, f.name, ctx.version);
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
