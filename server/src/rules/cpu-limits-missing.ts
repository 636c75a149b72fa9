import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { checkResources, resourceMessages } from './lib/resources';

export const cpuLimitsMissing = defineRule({
  id: 'cpu-limits-missing',
  title: 'CPU limit or request missing',
  severity: 'warning',
  kinds: 'workloads',
  recommended: false,
  catalog: ['K8S-RES-001'],
  attack: ['T1496.001', 'T1499'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers and init containers without `resources.limits.cpu` (warning) or without `resources.requests.cpu` (info). A missing request is not reported when the limit is set, because the API server then defaults the request to the limit.',
    whyBad:
      'Without a CPU limit a compromised or runaway container can take every core of the node (cryptomining is the common case) and starve its neighbours; without a request the scheduler places it as if it needed nothing.',
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
                cpu: 250m
              limits:
                cpu: "1"
    `,
    remediation:
      'Set `resources.requests.cpu` to the usual load and `resources.limits.cpu` to the most the container may use, or have a LimitRange in the namespace supply defaults.',
    fixSafety:
      'Unsafe: the inserted values are placeholders (a snippet) that must be sized for the workload; a limit that is too low throttles it. Offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
    ],
    peers: {
      kubeLinter: 'unset-cpu-requirements',
      kubesec: 'LimitsCPU',
      polaris: 'cpuLimitsMissing',
      kubescape: 'C-0270',
      trivy: 'KSV011',
      checkov: 'CKV_K8S_11',
    },
    notes:
      'Not in the recommended profile: many teams deliberately leave CPU limits out to avoid CFS throttling, and a LimitRange may supply them. Ephemeral containers are skipped (the API does not allow resources on them); Polaris also skips init containers.',
  },
  messages: resourceMessages,
  check(ctx) {
    checkResources(ctx, { resource: 'cpu', defaultLimit: '500m', defaultRequest: '250m' });
  },
});
