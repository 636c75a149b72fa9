import { asBool, mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, missingInPod, type ContainerRef } from './lib/util';

export const runAsNonRoot = defineRule({
  id: 'run-as-non-root',
  title: 'Not required to run as non-root',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'restricted', check: 'runAsNonRoot' },
  recommended: true,
  catalog: ['K8S-CTR-007'],
  attack: ['T1611', 'T1609'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags pods where some container is not required to run as a non-root user: `runAsNonRoot` must be `true` on the pod (covering containers that leave it unset) or on every container. Any explicit `false` is flagged, and, as in Pod Security Admission, a pod-level `false` fails even when every container overrides it. From Kubernetes 1.35, pods with `hostUsers: false` (user namespaces) are exempt.',
    whyBad:
      'A process running as UID 0 in the container is root on the node as soon as it escapes, and root inside the container can already rewrite the image’s files, install tools and use every granted capability. `runAsNonRoot: true` makes the kubelet refuse to start a container whose image would run as root.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          runAsNonRoot: true
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Set `securityContext.runAsNonRoot: true` on the pod, and build the image to run as a non-root user (a numeric `USER` in the Dockerfile).',
    fixSafety:
      'Unsafe: an image that runs as root will no longer start; offered as a quick fix only. Note that Polaris and kube-linter also accept a non-zero `runAsUser` instead; the Restricted policy does not.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_runAsNonRoot.go',
    ],
    peers: {
      kubeLinter: 'run-as-non-root',
      kubesec: 'RunAsNonRoot',
      polaris: 'runAsRootAllowed',
      kubescape: 'C-0013',
      trivy: 'KSV012',
      checkov: 'CKV_K8S_23',
    },
  },
  messages: {
    nonRootDisabled: (d: { container?: ContainerRef }) =>
      `${d.container ? describe(d.container) : 'Pod'} sets \`runAsNonRoot: false\`; set it to true.`,
    mayRunAsRoot: (d: { containers: readonly string[] }) =>
      `${d.containers.length === 1 ? 'Container' : 'Containers'} ${d.containers.map((n) => `"${n}"`).join(', ')} may run as root: set \`securityContext.runAsNonRoot: true\` on the pod.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    if (pod.userNamespaces && ctx.version >= 35) return;
    const podField = mapGet(pod.securityContext?.value, 'runAsNonRoot');
    const podValue = podField ? asBool(podField.value) : undefined;
    if (podField && podValue === false) {
      ctx.report({
        at: podField,
        messageId: 'nonRootDisabled',
        data: {},
        fix: ctx.fixer.fix('Set `runAsNonRoot: true`', 'unsafe', ctx.fixer.setValue(podField, 'true')),
      });
    }
    const implicit: string[] = [];
    for (const c of pod.containers) {
      const f = mapGet(c.securityContext?.value, 'runAsNonRoot');
      const v = f ? asBool(f.value) : undefined;
      if (f && v === false) {
        ctx.report({
          at: f,
          messageId: 'nonRootDisabled',
          data: { container: containerRef(c) },
          fix: ctx.fixer.fix('Set `runAsNonRoot: true`', 'unsafe', ctx.fixer.setValue(f, 'true')),
        });
      } else if (v !== true && podValue !== true) {
        implicit.push(c.name);
      }
    }
    if (implicit.length > 0 && podValue !== false) {
      ctx.report({
        at: podField ?? missingInPod(pod, ['securityContext', 'runAsNonRoot']),
        messageId: 'mayRunAsRoot',
        data: { containers: implicit },
        fix: ctx.fixer.fix(
          'Add `runAsNonRoot: true` to the pod',
          'unsafe',
          ctx.fixer.ensure(pod.spec, ['securityContext', 'runAsNonRoot'], { scalar: 'true' }),
        ),
      });
    }
  },
});
