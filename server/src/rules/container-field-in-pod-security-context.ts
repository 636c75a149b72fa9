import { isMap, isPair, isScalar } from 'yaml';
import type { Edit } from '../engine/fix';
import { mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';

/** Fields of the container `SecurityContext` that `PodSecurityContext` does not have (k8s.io/api core/v1 types.go). */
export const CONTAINER_ONLY: readonly string[] = [
  'readOnlyRootFilesystem',
  'allowPrivilegeEscalation',
  'privileged',
  'capabilities',
  'procMount',
];

export const containerFieldInPodSecurityContext = defineRule({
  id: 'container-field-in-pod-security-context',
  title: 'Container-only field in the pod securityContext',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-CTR-011', 'K8S-CTR-002', 'K8S-CTR-001'],
  attack: ['T1611'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags `readOnlyRootFilesystem`, `allowPrivilegeEscalation`, `privileged`, `capabilities` and `procMount` written in the pod-level `spec.securityContext`, where they do not exist.',
    whyBad:
      'The `PodSecurityContext` type has none of these fields. Depending on field validation the API server rejects the manifest or silently drops the field, so the pod runs with a writable root filesystem or with privilege escalation allowed while its author believes the protection is on. Polaris even accepts such a manifest as compliant.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          readOnlyRootFilesystem: true
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
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              readOnlyRootFilesystem: true
    `,
    remediation: 'Move the field into the `securityContext` of each container (and init container).',
    fixSafety:
      'Unsafe: moving the field makes the setting take effect, which is the author’s intent but changes how the containers run; offered as a quick fix only, for scalar values.',
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
    notes: 'Catalog §5 item 2 and §6 item 1: the outline this product started from made this mistake itself.',
  },
  messages: {
    containerOnlyField: (d: { key: string }) =>
      `\`${d.key}\` does not exist in the pod securityContext; Kubernetes ignores or rejects it. Set it on each container instead.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    const sc = pod?.securityContext?.value;
    if (!pod || !isMap(sc)) return;
    for (const item of sc.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      if (!CONTAINER_ONLY.includes(key)) continue;
      let fix;
      if (isScalar(item.value) && item.value.range) {
        const text = ctx.fixer.text.slice(item.value.range[0], item.value.range[1]);
        const edits: (Edit | undefined)[] = [ctx.fixer.removePairCascade(sc, item)];
        for (const c of pod.containers) {
          if (c.list === 'ephemeralContainers') continue;
          if (mapGet(c.securityContext?.value, key)) continue;
          edits.push(ctx.fixer.ensure(c.map, ['securityContext', key], { scalar: text }));
        }
        fix = ctx.fixer.fix(`Move \`${key}\` to the containers`, 'unsafe', ...edits);
      }
      ctx.report({
        at: item,
        messageId: 'containerOnlyField',
        data: { key },
        fix,
      });
    }
  },
});
