import { asBool, getIn } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const windowsHostProcess = defineRule({
  id: 'windows-host-process',
  title: 'Windows HostProcess container',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'windowsHostProcess' },
  recommended: true,
  catalog: ['K8S-POD-010'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags `securityContext.windowsOptions.hostProcess: true` on the pod or on any container, init container or ephemeral container.',
    whyBad:
      'A Windows HostProcess container runs directly on the node as a host process, with the host’s network, filesystem and (as SYSTEM or another node account) its privileges. It is the Windows equivalent of a privileged container with every host namespace.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: agent
      spec:
        os:
          name: windows
        hostNetwork: true
        securityContext:
          windowsOptions:
            hostProcess: true
            runAsUserName: "NT AUTHORITY\\SYSTEM"
        containers:
          - name: agent
            image: registry.example/agent:1.0
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: agent
      spec:
        os:
          name: windows
        containers:
          - name: agent
            image: registry.example/agent:1.0
    `,
    remediation:
      'Set `hostProcess: false` (or remove it) on the pod and every container, and keep node-management agents in a namespace that is exempt from the Baseline policy.',
    fixSafety:
      'Unsafe: node agents built as HostProcess containers cannot run without it; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_windowsHostProcess.go',
    ],
    peers: { polaris: 'hostProcess', kubescape: 'C-0211', trivy: 'KSV103' },
  },
  messages: {
    hostProcess: (d: { container?: ContainerRef }) =>
      `${d.container ? describe(d.container) : 'Pod'} runs as a Windows HostProcess container on the node; set \`hostProcess: false\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const targets = [
      { container: undefined, sc: pod.securityContext?.value },
      ...pod.containers.map((c) => ({ container: containerRef(c), sc: c.securityContext?.value })),
    ];
    for (const { container, sc } of targets) {
      const f = getIn(sc, ['windowsOptions', 'hostProcess']);
      if (!f || asBool(f.value) !== true) continue;
      ctx.report({
        at: f,
        messageId: 'hostProcess',
        data: container ? { container } : {},
        fix: ctx.fixer.fix('Set `hostProcess: false`', 'unsafe', ctx.fixer.setValue(f, 'false')),
      });
    }
  },
});
