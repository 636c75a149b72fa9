import { isMap, isSeq, type YAMLMap } from 'yaml';
import { keySpan, pairSpan, type Span } from './locate';
import { asBool, getIn, mapGet, scalarString, type Field } from './node';
import type { K8sObject } from './parse';

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_LISTS: readonly ContainerList[] = [
  'containers',
  'initContainers',
  'ephemeralContainers',
];

/** Where each workload kind keeps its pod template (Pod Security Admission's extractor, plus common CRDs). */
interface TemplateLocation {
  /** Path of the pod spec from the object's root. */
  spec: readonly string[];
  /** Path of the pod metadata (annotations, labels) from the object's root. */
  metadata: readonly string[];
  /**
   * Restricts a kind name to API groups. Only set for kinds whose name is shared (Knative `Service`
   * vs core `Service`): elsewhere a wrong apiVersion is the API server's business, not a reason to
   * skip the security checks.
   */
  groups?: readonly string[];
}

const TEMPLATE: readonly string[] = ['spec', 'template'];
const AT_TEMPLATE: TemplateLocation = { spec: [...TEMPLATE, 'spec'], metadata: [...TEMPLATE, 'metadata'] };

/** Kind → location of the pod template. Core kinds follow `admission.go` of Pod Security Admission. */
export const WORKLOAD_KINDS: Readonly<Record<string, readonly TemplateLocation[]>> = {
  Pod: [{ spec: ['spec'], metadata: ['metadata'] }],
  PodTemplate: [{ spec: ['template', 'spec'], metadata: ['template', 'metadata'] }],
  ReplicationController: [{ ...AT_TEMPLATE }],
  Deployment: [{ ...AT_TEMPLATE }],
  ReplicaSet: [{ ...AT_TEMPLATE }],
  StatefulSet: [{ ...AT_TEMPLATE }],
  DaemonSet: [{ ...AT_TEMPLATE }],
  Job: [{ ...AT_TEMPLATE }],
  CronJob: [
    {
      spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    },
  ],
  // Pod templates in common custom resources.
  Rollout: [{ ...AT_TEMPLATE }],
  CloneSet: [{ ...AT_TEMPLATE }],
  Service: [{ ...AT_TEMPLATE, groups: ['serving.knative.dev'] }],
  DeploymentConfig: [{ ...AT_TEMPLATE }],
};

/** API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The template location for an object, or undefined when it carries no pod template. */
export function templateLocation(obj: Pick<K8sObject, 'kind' | 'apiVersion'>): TemplateLocation | undefined {
  const locs = WORKLOAD_KINDS[obj.kind];
  if (!locs) return undefined;
  const group = apiGroup(obj.apiVersion);
  return locs.find((l) => !l.groups || l.groups.includes(group));
}

export interface ContainerView {
  name: string;
  map: YAMLMap;
  list: ContainerList;
  index: number;
  /** The `name: app` pair, if any. */
  nameField: Field | undefined;
  /** Where a missing field of this container is reported when none of its ancestors exists. */
  anchor: Span;
  /** `securityContext` field of the container, if present. */
  securityContext: Field | undefined;
}

export interface PodView {
  object: K8sObject;
  spec: YAMLMap;
  /** The `spec:` pair whose value is the pod spec. */
  specField: Field;
  specPath: readonly string[];
  metadata: YAMLMap | undefined;
  metadataField: Field | undefined;
  metadataPath: readonly string[];
  /** The pod-level `securityContext` field, if present. */
  securityContext: Field | undefined;
  containers: ContainerView[];
  /** `spec.os.name: windows`. */
  isWindows: boolean;
  /** `spec.hostUsers: false` (user namespaces). */
  userNamespaces: boolean;
}

/** The pod view of a workload object, or undefined when the object has no pod template (or it is not a map). */
export function podView(obj: K8sObject): PodView | undefined {
  const loc = templateLocation(obj);
  if (!loc) return undefined;
  const specField = getIn(obj.root, loc.spec);
  if (!specField || !isMap(specField.value)) return undefined;
  const spec = specField.value;
  const metadataField = getIn(obj.root, loc.metadata);
  const metadata = isMap(metadataField?.value) ? metadataField.value : undefined;
  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    const seq = mapGet(spec, list)?.value;
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const nameField = mapGet(item, 'name');
      const name = scalarString(nameField?.value) ?? `${list}[${index}]`;
      const first = item.items[0];
      const anchor: Span = nameField
        ? pairSpan(nameField)
        : first && 'key' in first && first.key
          ? keySpan(first)
          : { start: item.range?.[0] ?? 0, end: item.range?.[0] ?? 0 };
      containers.push({
        name,
        map: item,
        list,
        index,
        nameField,
        anchor,
        securityContext: mapGet(item, 'securityContext'),
      });
    });
  }
  return {
    object: obj,
    spec,
    specField,
    specPath: loc.spec,
    metadata,
    metadataField,
    metadataPath: loc.metadata,
    securityContext: mapGet(spec, 'securityContext'),
    containers,
    isWindows: scalarString(getIn(spec, ['os', 'name'])?.value) === 'windows',
    userNamespaces: asBool(mapGet(spec, 'hostUsers')?.value) === false,
  };
}

/** Fields of the container securityContext that fall back to the pod's securityContext. */
export type InheritedField =
  | 'runAsUser'
  | 'runAsGroup'
  | 'runAsNonRoot'
  | 'seccompProfile'
  | 'seLinuxOptions'
  | 'appArmorProfile'
  | 'windowsOptions';

/**
 * The effective value of an inheritable security setting: the container's when set, else the pod's
 * (Kubernetes `SecurityContext` precedence). Container-only fields are read with {@link containerField}.
 */
export function effective(
  pod: PodView,
  c: ContainerView,
  field: InheritedField,
): { field: Field; level: 'container' | 'pod' } | undefined {
  const own = mapGet(c.securityContext?.value, field);
  if (own && scalarOrSet(own)) return { field: own, level: 'container' };
  const podF = mapGet(pod.securityContext?.value, field);
  if (podF && scalarOrSet(podF)) return { field: podF, level: 'pod' };
  return undefined;
}

function scalarOrSet(f: Field): boolean {
  const v = f.value as { value?: unknown } | null | undefined;
  if (v === null || v === undefined) return false;
  if (typeof v === 'object' && 'value' in v && !isMap(v) && !isSeq(v))
    return v.value !== null && v.value !== undefined;
  return true;
}

/** A field of the container's own securityContext (privileged, capabilities, …). */
export function containerField(c: ContainerView, ...path: string[]): Field | undefined {
  return getIn(c.securityContext?.value, path);
}
