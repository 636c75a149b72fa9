/** Resource name and scope of a kind, as the API server's discovery reports them. */
export interface KindInfo {
  resource: string;
  namespaced: boolean;
}

const CLUSTER = false;
const NS = true;

/** Built-in kinds by API group: kind → resource and scope. */
const BUILTIN: Readonly<Record<string, Readonly<Record<string, readonly [string, boolean]>>>> = {
  '': {
    Pod: ['pods', NS],
    PodTemplate: ['podtemplates', NS],
    ReplicationController: ['replicationcontrollers', NS],
    Service: ['services', NS],
    Endpoints: ['endpoints', NS],
    ConfigMap: ['configmaps', NS],
    Secret: ['secrets', NS],
    ServiceAccount: ['serviceaccounts', NS],
    PersistentVolumeClaim: ['persistentvolumeclaims', NS],
    PersistentVolume: ['persistentvolumes', CLUSTER],
    Namespace: ['namespaces', CLUSTER],
    Node: ['nodes', CLUSTER],
    LimitRange: ['limitranges', NS],
    ResourceQuota: ['resourcequotas', NS],
    Event: ['events', NS],
    Binding: ['bindings', NS],
  },
  apps: {
    Deployment: ['deployments', NS],
    StatefulSet: ['statefulsets', NS],
    DaemonSet: ['daemonsets', NS],
    ReplicaSet: ['replicasets', NS],
    ControllerRevision: ['controllerrevisions', NS],
  },
  extensions: {
    Deployment: ['deployments', NS],
    DaemonSet: ['daemonsets', NS],
    ReplicaSet: ['replicasets', NS],
    Ingress: ['ingresses', NS],
    NetworkPolicy: ['networkpolicies', NS],
  },
  batch: { Job: ['jobs', NS], CronJob: ['cronjobs', NS] },
  autoscaling: { HorizontalPodAutoscaler: ['horizontalpodautoscalers', NS] },
  policy: {
    PodDisruptionBudget: ['poddisruptionbudgets', NS],
    PodSecurityPolicy: ['podsecuritypolicies', CLUSTER],
  },
  'networking.k8s.io': {
    Ingress: ['ingresses', NS],
    IngressClass: ['ingressclasses', CLUSTER],
    NetworkPolicy: ['networkpolicies', NS],
    IPAddress: ['ipaddresses', CLUSTER],
    ServiceCIDR: ['servicecidrs', CLUSTER],
  },
  'rbac.authorization.k8s.io': {
    Role: ['roles', NS],
    RoleBinding: ['rolebindings', NS],
    ClusterRole: ['clusterroles', CLUSTER],
    ClusterRoleBinding: ['clusterrolebindings', CLUSTER],
  },
  'storage.k8s.io': {
    StorageClass: ['storageclasses', CLUSTER],
    CSIDriver: ['csidrivers', CLUSTER],
    CSINode: ['csinodes', CLUSTER],
    CSIStorageCapacity: ['csistoragecapacities', NS],
    VolumeAttachment: ['volumeattachments', CLUSTER],
  },
  'scheduling.k8s.io': { PriorityClass: ['priorityclasses', CLUSTER] },
  'node.k8s.io': { RuntimeClass: ['runtimeclasses', CLUSTER] },
  'discovery.k8s.io': { EndpointSlice: ['endpointslices', NS] },
  'events.k8s.io': { Event: ['events', NS] },
  'coordination.k8s.io': { Lease: ['leases', NS] },
  'certificates.k8s.io': { CertificateSigningRequest: ['certificatesigningrequests', CLUSTER] },
  'apiextensions.k8s.io': { CustomResourceDefinition: ['customresourcedefinitions', CLUSTER] },
  'admissionregistration.k8s.io': {
    ValidatingWebhookConfiguration: ['validatingwebhookconfigurations', CLUSTER],
    MutatingWebhookConfiguration: ['mutatingwebhookconfigurations', CLUSTER],
    ValidatingAdmissionPolicy: ['validatingadmissionpolicies', CLUSTER],
    ValidatingAdmissionPolicyBinding: ['validatingadmissionpolicybindings', CLUSTER],
  },
  'flowcontrol.apiserver.k8s.io': {
    FlowSchema: ['flowschemas', CLUSTER],
    PriorityLevelConfiguration: ['prioritylevelconfigurations', CLUSTER],
  },
  'apiregistration.k8s.io': { APIService: ['apiservices', CLUSTER] },
};

/** Groups whose resources the API server also serves under another group (for `matchPolicy: Equivalent`). */
const EQUIVALENT_GROUPS: readonly (readonly string[])[] = [
  ['apps', 'extensions'],
  ['networking.k8s.io', 'extensions'],
  ['policy', 'extensions'],
  ['events.k8s.io', ''],
];

/** Split `group/version` (`v1` is the core group). */
export function groupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The resource names of a built-in kind in any group (`Ingress`: `ingresses`). */
export function builtinResources(kind: string): string[] {
  return [
    ...new Set(
      Object.values(BUILTIN).flatMap((g) => {
        const hit = g[kind];
        return hit ? [hit[0]] : [];
      }),
    ),
  ];
}

/** Lower-case plural the way `kubectl` guesses a resource name for an unknown kind. */
export function guessResource(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/** A custom resource as its CustomResourceDefinition declares it (`spec.group`, `names`, `scope`). */
export interface CustomResource {
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** `group/kind` → the custom resource, as {@link kindInfo} looks them up. */
export type CustomResources = ReadonlyMap<string, CustomResource>;

/**
 * The resource and scope of a kind: from the built-in table, else from the workspace's
 * CustomResourceDefinitions. Without either, `known` is false: the resource name is `kubectl`'s guess
 * and the scope is assumed namespaced.
 */
export function kindInfo(
  apiVersion: string,
  kind: string,
  custom?: CustomResources,
): KindInfo & { known: boolean } {
  const { group } = groupVersion(apiVersion);
  const hit = BUILTIN[group]?.[kind];
  if (hit) return { resource: hit[0], namespaced: hit[1], known: true };
  const crd = custom?.get(`${group}/${kind}`);
  if (crd) return { resource: crd.plural, namespaced: crd.namespaced, known: true };
  return { resource: guessResource(kind), namespaced: true, known: false };
}

/** Whether two groups serve the same resources (the same group, or a pair the API server converts between). */
export function equivalentGroups(a: string, b: string): boolean {
  return a === b || EQUIVALENT_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

/** Every built-in kind name (of any group), e.g. for the kinds the `admission-policy` rule parses. */
export const BUILTIN_KIND_NAMES: readonly string[] = [
  ...new Set(Object.values(BUILTIN).flatMap((g) => Object.keys(g))),
].sort();
