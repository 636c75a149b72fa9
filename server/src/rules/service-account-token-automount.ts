import { asBool, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { WORKLOAD_KINDS, apiGroup } from '../engine/workload';
import { automountOf } from '../engine/workspace-index';
import { yaml } from '../engine/yaml-tag';
import { missingInPod } from './lib/util';

export const serviceAccountTokenAutomount = defineRule({
  id: 'service-account-token-automount',
  title: 'Service-account token auto-mounted',
  severity: 'warning',
  kinds: [...Object.keys(WORKLOAD_KINDS), 'ServiceAccount'],
  recommended: false,
  crossFile: true,
  catalog: ['K8S-POD-011'],
  attack: ['T1528', 'T1552.007'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags workloads whose effective `automountServiceAccountToken` is true: the pod spec’s value if set; else the value of the ServiceAccount it uses (`serviceAccountName`, else the deprecated `serviceAccount`, else `default`, in the workload’s namespace) when that ServiceAccount is in the workspace; else true, the API default. Also flags a ServiceAccount whose `automountServiceAccountToken` is not `false`.',
    whyBad:
      'Every container of the pod gets a token for the Kubernetes API at `/var/run/secrets/kubernetes.io/serviceaccount`. Most applications never call the API, but an attacker who gets code execution in the container reads the token and acts with the service account’s permissions.',
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
        automountServiceAccountToken: false
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Set `automountServiceAccountToken: false` on the ServiceAccount and on pods that do not call the Kubernetes API; pods that do can set it to true, or mount a projected token with a short lifetime and audience.',
    fixSafety:
      'Unsafe: an application that calls the Kubernetes API (operators, controllers, service meshes) loses its credentials; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
    peers: {
      kubesec: 'AutomountServiceAccountToken',
      polaris: 'automountServiceAccountToken',
      kubescape: 'C-0034',
      trivy: 'KSV036',
      checkov: 'CKV_K8S_38',
    },
    notes:
      'The ServiceAccount is looked up in the workspace index (objects without a namespace are in `default`). Trivy KSV036 reads the Deployment’s `spec` instead of the pod template; this rule reads the pod template of every workload kind. Not in the recommended profile: workloads that call the API need their token and a suppression.',
  },
  messages: {
    serviceAccountAutomount: (d: { serviceAccount: string }) =>
      `ServiceAccount "${d.serviceAccount}" mounts its token into every pod that uses it; set \`automountServiceAccountToken: false\`.`,
    automountEnabled: (d: { kind: string; name: string }) =>
      `${d.kind} "${d.name}" mounts a service-account token into its pods; set \`automountServiceAccountToken: false\` unless it calls the Kubernetes API.`,
    automountNotDisabled: (d: {
      kind: string;
      name: string;
      serviceAccount: string;
      inWorkspace: boolean;
    }) => {
      const why = d.inWorkspace
        ? `its ServiceAccount "${d.serviceAccount}" does not disable token automounting`
        : `nothing disables token automounting (ServiceAccount "${d.serviceAccount}" is not in the workspace)`;
      return `${d.kind} "${d.name}" gets a service-account token in its pods: ${why}; set \`automountServiceAccountToken: false\` on the pod.`;
    },
  },
  check(ctx) {
    const obj = ctx.object;
    if (obj.kind === 'ServiceAccount' && apiGroup(obj.apiVersion) === '') {
      const f = mapGet(obj.root, 'automountServiceAccountToken');
      if (f && asBool(f.value) === false) return;
      ctx.report({
        at: f ?? obj.kindPair,
        messageId: 'serviceAccountAutomount',
        data: { serviceAccount: obj.name },
        fix: f
          ? ctx.fixer.fix(
              'Set `automountServiceAccountToken: false`',
              'unsafe',
              ctx.fixer.setValue(f, 'false'),
            )
          : ctx.fixer.fix(
              'Add `automountServiceAccountToken: false`',
              'unsafe',
              ctx.fixer.ensure(obj.root, ['automountServiceAccountToken'], { scalar: 'false' }),
            ),
      });
      return;
    }
    const pod = ctx.pod;
    if (!pod) return;
    const own = mapGet(pod.spec, 'automountServiceAccountToken');
    const ownValue = own ? asBool(own.value) : undefined;
    if (own && ownValue === true) {
      ctx.report({
        at: own,
        messageId: 'automountEnabled',
        data: { kind: obj.kind, name: obj.name },
        fix: ctx.fixer.fix(
          'Set `automountServiceAccountToken: false`',
          'unsafe',
          ctx.fixer.setValue(own, 'false'),
        ),
      });
      return;
    }
    if (ownValue === false) return;
    const sa =
      scalarString(mapGet(pod.spec, 'serviceAccountName')?.value) ||
      scalarString(mapGet(pod.spec, 'serviceAccount')?.value) ||
      'default';
    const indexed = ctx.index.find('ServiceAccount', obj.namespace, sa);
    const saValue = indexed ? automountOf(indexed) : undefined;
    if (saValue === false) return;
    ctx.report({
      at: missingInPod(pod, ['automountServiceAccountToken']),
      messageId: 'automountNotDisabled',
      data: { kind: obj.kind, name: obj.name, serviceAccount: sa, inWorkspace: indexed !== undefined },
      fix: ctx.fixer.fix(
        'Add `automountServiceAccountToken: false` to the pod',
        'unsafe',
        ctx.fixer.ensure(pod.spec, ['automountServiceAccountToken'], { scalar: 'false' }),
      ),
    });
  },
});
