import { isMap, isSeq } from 'yaml';
import { mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { isCoreService, label, objectRef, type ObjectRef } from './lib/objects';

export const serviceExternalIps = defineRule({
  id: 'service-external-ips',
  title: 'Service `externalIPs` set',
  severity: 'error',
  kinds: ['Service'],
  recommended: true,
  catalog: ['K8S-NET-002'],
  attack: ['T1557'],
  fix: 'always',
  docs: {
    whatItDoes: 'Flags Services whose `spec.externalIPs` is a non-empty list, reported on `externalIPs`.',
    whyBad:
      'kube-proxy routes traffic for any address listed in `externalIPs` to the Service, whoever owns that address. Anyone who can create a Service can therefore intercept traffic meant for another IP, inside the cluster or outside it (CVE-2020-8554).',
    example: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
        ports:
          - port: 80
        externalIPs:
          - 203.0.113.10
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
        ports:
          - port: 80
    `,
    remediation:
      'Remove `externalIPs` and use a LoadBalancer or an Ingress; block the field cluster-wide with the DenyServiceExternalIPs admission plugin.',
    fixSafety:
      'Unsafe: traffic sent to those addresses no longer reaches the Service; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips',
      'https://github.com/kubernetes/kubernetes/issues/97076',
    ],
    peers: { trivy: 'KSV108' },
  },
  messages: {
    externalIps: (d: { service: ObjectRef }) =>
      `${label(d.service)} sets \`externalIPs\`, which lets it capture traffic for those addresses; remove them and use a LoadBalancer or Ingress.`,
  },
  check(ctx) {
    const obj = ctx.object;
    if (!isCoreService(obj)) return;
    const spec = mapGet(obj.root, 'spec')?.value;
    const ips = mapGet(spec, 'externalIPs');
    if (!ips || !isSeq(ips.value) || ips.value.items.length === 0 || !isMap(spec)) return;
    ctx.report({
      at: ips,
      messageId: 'externalIps',
      data: { service: objectRef(obj) },
      fix: ctx.fixer.fix('Remove `externalIPs`', 'unsafe', ctx.fixer.removePair(spec, ips)),
    });
  },
});
