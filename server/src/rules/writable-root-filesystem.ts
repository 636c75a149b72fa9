import { asBool } from '../engine/node';
import { defineRule } from '../engine/rule';
import { containerField } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, missingInContainer, type ContainerRef } from './lib/util';

export const writableRootFilesystem = defineRule({
  id: 'writable-root-filesystem',
  title: 'Root filesystem writable',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-CTR-011'],
  attack: ['T1611', 'T1609'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers whose `securityContext.readOnlyRootFilesystem` is not `true`. The field exists only on containers: a `readOnlyRootFilesystem` in the pod `securityContext` is ignored by Kubernetes (see `container-field-in-pod-security-context`).',
    whyBad:
      'A writable root filesystem lets an attacker who gets code execution drop tools, replace binaries and persist changes for the life of the container. ATT&CK lists read-only file systems as a mitigation for Escape to Host and Container Administration Command.',
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
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              readOnlyRootFilesystem: true
    `,
    remediation:
      'Set `readOnlyRootFilesystem: true` on each container and mount an `emptyDir` volume at the paths the process writes to (such as `/tmp`).',
    fixSafety:
      'Unsafe: a process that writes to its filesystem fails until you add `emptyDir` mounts for those paths; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://attack.mitre.org/mitigations/M1038/',
    ],
    peers: {
      kubeLinter: 'no-read-only-root-fs',
      kubesec: 'ReadOnlyRootFilesystem',
      polaris: 'notReadOnlyRootFilesystem',
      kubescape: 'C-0017',
      trivy: 'KSV014',
      checkov: 'CKV_K8S_22',
    },
  },
  messages: {
    writableRoot: (d: { container: ContainerRef }) =>
      `${describe(d.container)} has a writable root filesystem; set \`readOnlyRootFilesystem: true\`.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const f = containerField(c, 'readOnlyRootFilesystem');
      if (f && asBool(f.value) === true) continue;
      ctx.report({
        at: f ?? missingInContainer(c, ['securityContext', 'readOnlyRootFilesystem']),
        messageId: 'writableRoot',
        data: { container: containerRef(c) },
        fix: ctx.fixer.fix(
          'Set `readOnlyRootFilesystem: true`',
          'unsafe',
          ctx.fixer.ensure(c.map, ['securityContext', 'readOnlyRootFilesystem'], { scalar: 'true' }),
        ),
      });
    }
  },
});
