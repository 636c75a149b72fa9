import type { K8sObject } from '../../engine/parse';
import { apiGroup } from '../../engine/workload';

/** A core `v1` Service (not Knative's `serving.knative.dev` Service). */
export function isCoreService(obj: K8sObject): boolean {
  return obj.kind === 'Service' && apiGroup(obj.apiVersion) === '';
}

/** An Ingress of `networking.k8s.io` (or the old `extensions` group). */
export function isIngress(obj: K8sObject): boolean {
  return obj.kind === 'Ingress' && ['networking.k8s.io', 'extensions'].includes(apiGroup(obj.apiVersion));
}

/** An object as message data: its kind and name. */
export interface ObjectRef {
  kind: string;
  name: string;
}

/** The message data of an object. */
export function objectRef(obj: K8sObject): ObjectRef {
  return { kind: obj.kind, name: obj.name };
}

/** `Service "web"`, `Deployment "api"`. */
export function label(obj: ObjectRef): string {
  return `${obj.kind} "${obj.name}"`;
}
