import { isSeq } from 'yaml';
import { getIn, mapGet, scalarString } from '../engine/node';
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
      'Flags Services of `type: NodePort` or `type: LoadBalancer`, reported on `type:`. A LoadBalancer without `loadBalancerSourceRanges` is called out in the message.',
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
    loadBalancer: (d: { service: ObjectRef }) =>
      `${label(d.service)} is of type LoadBalancer and reachable from outside the cluster; use ClusterIP behind an Ingress or set \`loadBalancerSourceRanges\`.`,
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
    const open = mapGet(spec, 'loadBalancerSourceRanges') === undefined;
    ctx.report({
      at: type,
      messageId: value === 'NodePort' ? 'nodePort' : open ? 'openLoadBalancer' : 'loadBalancer',
      data: { service: objectRef(obj) },
      fix:
        nodePorts || lbFields
          ? undefined
          : ctx.fixer.fix('Set `type: ClusterIP`', 'unsafe', ctx.fixer.setValue(type, 'ClusterIP')),
    });
  },
});
