import { asInt, mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, mapItems, type ContainerRef } from './lib/util';

export const hostPort = defineRule({
  id: 'host-port',
  title: 'hostPort used',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'hostPorts' },
  recommended: true,
  catalog: ['K8S-CTR-018'],
  attack: ['T1190'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags every `ports[*].hostPort` of a container, init container or ephemeral container that is set to anything but `0` (`0` means "no host port" and is allowed, as in Pod Security Admission).',
    whyBad:
      'A hostPort opens the port on the node’s own network interfaces, bypassing Services and most NetworkPolicy implementations. It exposes the workload to anything that can reach the node, ties the pod to nodes where the port is free, and lets it squat on ports other node services expect.',
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
              - containerPort: 8080
                hostPort: 8080
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
      'Remove `hostPort` and expose the port through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress.',
    fixSafety:
      'Unsafe: clients that reach the workload through the node’s address lose access until a Service is in place; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/configuration/overview/#services',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostPorts.go',
    ],
    peers: { polaris: 'hostPortSet', kubescape: 'C-0044', trivy: 'KSV024', checkov: 'CKV_K8S_26' },
    notes:
      'Checkov’s CKV_K8S_26 also flags `hostPort: 0`; Pod Security Admission allows it, and so does this rule.',
  },
  messages: {
    hostPort: (d: { container: ContainerRef; port: number }) =>
      `${describe(d.container)} binds host port ${d.port}; remove \`hostPort\` and expose the port through a Service.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      for (const { map } of mapItems(mapGet(c.map, 'ports'))) {
        const f = mapGet(map, 'hostPort');
        const port = f ? asInt(f.value) : undefined;
        if (!f || port === undefined || port === 0) continue;
        ctx.report({
          at: f,
          messageId: 'hostPort',
          data: { container: containerRef(c), port },
          fix: ctx.fixer.fix('Remove `hostPort`', 'unsafe', ctx.fixer.removePair(map, f)),
        });
      }
    }
  },
});
