import { isMap } from 'yaml';
import { getIn } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, str, type ContainerRef } from './lib/util';

/** Handlers whose `httpGet`/`tcpSocket` may carry a `host` (`check_hostProbesAndHostLifecycle.go`). */
const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];

export const probeHostOverride = defineRule({
  id: 'probe-host-override',
  title: 'Probe or lifecycle hook targets another host',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'hostProbesAndHostLifecycle' },
  recommended: true,
  catalog: ['K8S-CTR-019'],
  attack: ['T1046'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags a non-empty `host` in the `httpGet` or `tcpSocket` handler of a container’s `livenessProbe`, `readinessProbe`, `startupProbe`, `lifecycle.postStart` or `lifecycle.preStop`. Applies from Kubernetes 1.34, when the Baseline policy added the check.',
    whyBad:
      'Probes and lifecycle HTTP/TCP handlers are run by the kubelet from the node, not from the pod. A `host` field makes the kubelet connect wherever the manifest says: node-local services, the cloud metadata endpoint or other internal hosts, which turns the kubelet into a request proxy and a port scanner for whoever writes pod specs.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            livenessProbe:
              httpGet:
                host: 169.254.169.254
                path: /latest/meta-data/
                port: 80
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
            livenessProbe:
              httpGet:
                path: /healthz
                port: 8080
    `,
    remediation:
      'Remove `host` so the kubelet probes the pod’s own IP; use the `Host` HTTP header in `httpHeaders` if the application needs a virtual host name.',
    fixSafety:
      'Unsafe: the probe then targets the pod’s IP, which may answer differently from the host it named; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#http-probes',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostProbesAndHostLifecycle.go',
    ],
    notes: 'No other scanner in the catalog implements this check yet.',
  },
  messages: {
    hostOverride: (d: {
      container: ContainerRef;
      handler: readonly string[];
      kind: 'httpGet' | 'tcpSocket';
      host: string;
    }) =>
      `${describe(d.container)} ${d.handler.join('.')} sends its ${d.kind} check to host "${d.host}"; remove \`host\` so the kubelet targets the pod.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || ctx.version < 34) return;
    for (const c of pod.containers) {
      for (const handler of HANDLERS) {
        for (const kind of ['httpGet', 'tcpSocket'] as const) {
          const action = getIn(c.map, [...handler, kind])?.value;
          if (!isMap(action)) continue;
          const f = getIn(action, ['host']);
          const host = str(f);
          if (!f || host === undefined || host === '') continue;
          ctx.report({
            at: f,
            messageId: 'hostOverride',
            data: { container: containerRef(c), handler, kind, host },
            fix: ctx.fixer.fix('Remove `host`', 'unsafe', ctx.fixer.removePair(action, f)),
          });
        }
      }
    }
  },
});
