import { isMap, isSeq } from 'yaml';
import { asInt, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { WORKLOAD_KINDS } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { isCoreService, label, objectRef, type ObjectRef } from './lib/objects';
import { containerRef, describe, type ContainerRef } from './lib/util';

const SERVICE_SSH_PORTS = new Set([22, 2222]);

export const sshPortExposed = defineRule({
  id: 'ssh-port-exposed',
  title: 'SSH port exposed',
  severity: 'warning',
  kinds: [...Object.keys(WORKLOAD_KINDS), 'Service'],
  recommended: true,
  catalog: ['K8S-NET-005'],
  attack: ['T1021.004', 'T1133'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags container ports with `containerPort: 22` over TCP (the default protocol), and Service ports whose `port` or `targetPort` is 22 or 2222.',
    whyBad:
      'An SSH server in a container is a second way in that bypasses the API server’s authentication, RBAC and audit log, and it usually comes with long-lived keys or passwords. `kubectl exec` (audited and governed by RBAC) covers the debugging use.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            ports:
              - containerPort: 22
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            ports:
              - containerPort: 8080
    `,
    remediation:
      'Remove the SSH server and its port; use `kubectl exec` or `kubectl debug` for interactive access.',
    fixSafety:
      'Unsafe: removing the port entry breaks clients that connect over SSH; offered as a quick fix only. No fix for the only port of a Service, which needs at least one.',
    references: [
      'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/',
      'https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/SSH%20server%20running%20inside%20container/',
    ],
    peers: { kubeLinter: 'ssh-port', kubescape: 'C-0042' },
  },
  messages: {
    containerPort: (d: { container: ContainerRef }) =>
      `${describe(d.container)} exposes the SSH port 22; remove the SSH server and use \`kubectl exec\`.`,
    servicePort: (d: { service: ObjectRef; port: number }) =>
      `${label(d.service)} exposes SSH (port ${String(d.port)}); remove the port and use \`kubectl exec\`.`,
  },
  check(ctx) {
    const obj = ctx.object;
    for (const c of ctx.pod?.containers ?? []) {
      const ports = mapGet(c.map, 'ports')?.value;
      if (!isSeq(ports)) continue;
      ports.items.forEach((p, i) => {
        const cp = mapGet(p, 'containerPort');
        const proto = scalarString(mapGet(p, 'protocol')?.value) ?? 'TCP';
        if (!cp || asInt(cp.value) !== 22 || proto !== 'TCP') return;
        ctx.report({
          at: cp,
          messageId: 'containerPort',
          data: { container: containerRef(c) },
          fix: ctx.fixer.fix('Remove this port', 'unsafe', ctx.fixer.removeSeqItemCascade(ports, i)),
        });
      });
    }
    if (!isCoreService(obj)) return;
    const ports = mapGet(mapGet(obj.root, 'spec')?.value, 'ports')?.value;
    if (!isSeq(ports)) return;
    ports.items.forEach((p, i) => {
      if (!isMap(p)) return;
      for (const k of ['port', 'targetPort']) {
        const f = mapGet(p, k);
        const port = f && asInt(f.value);
        if (!f || port === undefined || !SERVICE_SSH_PORTS.has(port)) continue;
        ctx.report({
          at: f,
          messageId: 'servicePort',
          data: { service: objectRef(obj), port },
          fix:
            ports.items.length > 1
              ? ctx.fixer.fix('Remove this port', 'unsafe', ctx.fixer.removeSeqItem(ports, i))
              : undefined,
        });
        return;
      }
    });
  },
});
