import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkResources, resourceMessages } from './lib/resources';

export const memoryLimitsMissing = defineRule({
  id: 'memory-limits-missing',
  title: 'Memory limit or request missing',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-RES-002'],
  attack: ['T1499'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers and init containers without `resources.limits.memory` (warning) or without `resources.requests.memory` (info). A missing request is not reported when the limit is set, because the API server then defaults the request to the limit.',
    whyBad:
      'A container without a memory limit can exhaust the node’s memory; the kernel’s OOM killer then kills other pods, or the node goes NotReady. Memory, unlike CPU, cannot be throttled, so the limit is the only guard.',
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
            resources:
              requests:
                memory: 256Mi
              limits:
                memory: 512Mi
    `,
    remediation:
      'Set `resources.limits.memory` (and a request no larger than it), or have a LimitRange in the namespace supply defaults.',
    fixSafety:
      'Unsafe: the inserted values are placeholders (a snippet) that must be sized for the workload; a limit that is too low gets the container OOM-killed. Offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
    ],
    peers: {
      kubeLinter: 'unset-memory-requirements',
      kubesec: 'LimitsMemory',
      polaris: 'memoryLimitsMissing',
      kubescape: 'C-0271',
      trivy: 'KSV018',
      checkov: 'CKV_K8S_13',
    },
    notes:
      'Ephemeral containers are skipped (the API does not allow resources on them); Polaris also skips init containers.',
  },
  messages: resourceMessages,
  check(ctx) {
    checkResources(ctx, { resource: 'memory', defaultLimit: '512Mi', defaultRequest: '256Mi' });
  },
});
