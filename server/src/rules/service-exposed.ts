import { isSeq } from 'yaml';
import type { Fixer } from '../engine/fix';
import type { Span } from '../engine/locate';
import { getIn, mapGet, scalarString, type Field, type YValue } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { isCoreService, label, objectRef, type ObjectRef } from './lib/objects';

export const serviceExposed = defineRule({
  id: 'service-exposed',
  title: 'Service exposed outside the cluster',
  severity: 'hint',
  kinds: ['Service'],
  recommended: false,
  catalog: ['K8S-NET-001'],
  attack: ['T1190', 'T1133'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags Services of `type: NodePort` or `type: LoadBalancer`, reported on `type:`. For a LoadBalancer the message says who can reach it, read as Kubernetes reads it: `spec.loadBalancerSourceRanges` when it lists any, else the `service.beta.kubernetes.io/load-balancer-source-ranges` annotation, else every address; a range of `0.0.0.0/0` or `::/0` is reported on that range.',
    whyBad:
      'A NodePort opens the port on every node, and a LoadBalancer usually gets a public address. Either puts the workload in front of networks the cluster does not control, where it can be scanned and exploited.',
    example: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        type: NodePort
        selector:
          app: web
        ports:
          - port: 80
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        type: ClusterIP
        selector:
          app: web
        ports:
          - port: 80
    `,
    remediation:
      'Use `type: ClusterIP` behind an Ingress or Gateway; when a LoadBalancer is needed, restrict it with `loadBalancerSourceRanges` or make it internal.',
    fixSafety:
      'Unsafe: clients outside the cluster lose access; offered as a quick fix only, and only when no `nodePort` or load-balancer field would be left invalid.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
      'https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/',
    ],
    peers: { kubeLinter: 'exposed-services', kubescape: 'C-0256' },
    notes: 'Not in the recommended profile: many Services are meant to be reachable from outside.',
  },
  messages: {
    nodePort: (d: { service: ObjectRef }) =>
      `${label(d.service)} is of type NodePort and reachable from outside the cluster; use ClusterIP behind an Ingress.`,
    openLoadBalancer: (d: { service: ObjectRef }) =>
      `${label(d.service)} is of type LoadBalancer and reachable from outside the cluster from any address; use ClusterIP behind an Ingress or set \`loadBalancerSourceRanges\`.`,
    anyAddressRange: (d: { service: ObjectRef; range: string }) =>
      `${label(d.service)} is of type LoadBalancer and its source range \`${d.range}\` lets any address reach it; list only the addresses that need it.`,
    loadBalancer: (d: { service: ObjectRef; ranges: string }) =>
      `${label(d.service)} is of type LoadBalancer and reachable from outside the cluster from ${d.ranges}; check that only those addresses need it, or use ClusterIP behind an Ingress.`,
  },
  check(ctx) {
    const obj = ctx.object;
    if (!isCoreService(obj)) return;
    const spec = mapGet(obj.root, 'spec')?.value;
    const type = mapGet(spec, 'type');
    const value = scalarString(type?.value);
    if (!type || (value !== 'NodePort' && value !== 'LoadBalancer')) return;
    const ports = mapGet(spec, 'ports')?.value;
    const nodePorts = isSeq(ports) && ports.items.some((p) => getIn(p, ['nodePort']) !== undefined);
    const lbFields = [
      'loadBalancerIP',
      'loadBalancerSourceRanges',
      'loadBalancerClass',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'allocateLoadBalancerNodePorts',
    ].some((k) => mapGet(spec, k) !== undefined);
    const fix =
      nodePorts || lbFields
        ? undefined
        : ctx.fixer.fix('Set `type: ClusterIP`', 'unsafe', ctx.fixer.setValue(type, 'ClusterIP'));
    if (value === 'NodePort') {
      ctx.report({ at: type, messageId: 'nodePort', data: { service: objectRef(obj) }, fix });
      return;
    }
    const ranges = sourceRanges(ctx.fixer, obj.root, spec);
    if (ranges.length === 0) {
      ctx.report({ at: type, messageId: 'openLoadBalancer', data: { service: objectRef(obj) }, fix });
      return;
    }
    const any = ranges.find((r) => ANY_ADDRESS.has(r.range));
    if (any) {
      ctx.report({
        at: any.at,
        messageId: 'anyAddressRange',
        data: { service: objectRef(obj), range: any.range },
      });
      return;
    }
    ctx.report({
      at: type,
      messageId: 'loadBalancer',
      data: { service: objectRef(obj), ranges: ranges.map((r) => r.range).join(', ') },
      fix,
    });
  },
});

/** Source ranges that admit every address. */
const ANY_ADDRESS = new Set(['0.0.0.0/0', '::/0']);

const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/**
 * The source ranges a LoadBalancer admits, as Kubernetes reads them (GetLoadBalancerSourceRanges in
 * pkg/apis/core/v1/helper): `spec.loadBalancerSourceRanges` when it lists any, else the
 * comma-separated annotation; none means every address. Each with where it is written.
 */
function sourceRanges(fixer: Fixer, root: YValue, spec: YValue): { range: string; at: Span | Field }[] {
  const field = mapGet(spec, 'loadBalancerSourceRanges');
  const list = field?.value;
  if (field && isSeq(list) && list.items.length > 0) {
    const out: { range: string; at: Span | Field }[] = [];
    for (const item of list.items) {
      const range = scalarString(item)?.trim();
      if (range) out.push({ range, at: fixer.spanOf(item) ?? field });
    }
    return out;
  }
  const annotation = getIn(root, ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION]);
  const text = scalarString(annotation?.value);
  if (!annotation || text === undefined) return [];
  return text
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((range) => ({ range, at: fixer.spanOf(annotation.value) ?? annotation }));
}
