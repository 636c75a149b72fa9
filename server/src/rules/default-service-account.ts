import { asBool, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { automountOf } from '../engine/workspace-index';
import { yaml } from '../engine/yaml-tag';
import { label, objectRef, type ObjectRef } from './lib/objects';
import { missingInPod } from './lib/util';

export const defaultServiceAccount = defineRule({
  id: 'default-service-account',
  title: 'Default ServiceAccount used',
  severity: 'info',
  kinds: 'workloads',
  recommended: false,
  crossFile: true,
  catalog: ['K8S-POD-012'],
  attack: ['T1078.001'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags workloads whose pods run as the namespace’s `default` ServiceAccount: `serviceAccountName` absent, empty or `default` (the deprecated `serviceAccount` alias is read when `serviceAccountName` is not set). Skipped when the token is not mounted anyway: `automountServiceAccountToken: false` on the pod, or on the `default` ServiceAccount when it is in the workspace.',
    whyBad:
      'Every pod that names no ServiceAccount shares `default`. Permissions granted to it for one workload reach all the others, and nothing in the audit log tells the workloads apart.',
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
        serviceAccountName: app
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Create a dedicated ServiceAccount per workload and set `serviceAccountName` to it, or disable token automounting.',
    fixSafety:
      'Unsafe: the fix inserts `serviceAccountName` with a placeholder name (a snippet); the ServiceAccount must exist, or the pods are not created. Offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
    peers: {
      kubeLinter: 'default-service-account',
      kubesec: 'ServiceAccountName',
      kubescape: 'C-0189',
      checkov: 'CKV_K8S_41',
    },
  },
  messages: {
    defaultServiceAccount: (d: { object: ObjectRef }) =>
      `${label(d.object)} runs as the default ServiceAccount; set \`serviceAccountName\` to a dedicated ServiceAccount.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    if (asBool(mapGet(pod.spec, 'automountServiceAccountToken')?.value) === false) return;
    const named = mapGet(pod.spec, 'serviceAccountName');
    const alias = mapGet(pod.spec, 'serviceAccount');
    const namedValue = scalarString(named?.value);
    const field = namedValue ? named : scalarString(alias?.value) ? alias : named;
    const value = scalarString(field?.value);
    if (value && value !== 'default') return;
    const sa = ctx.index.find('ServiceAccount', ctx.object.namespace, 'default');
    if (sa && automountOf(sa) === false) return;
    const placeholder = `\${1:${ctx.object.name || 'app'}}`;
    ctx.report({
      at: field ?? missingInPod(pod, ['serviceAccountName']),
      messageId: 'defaultServiceAccount',
      data: { object: objectRef(ctx.object) },
      fix: ctx.fixer.snippetFix(
        'Set a dedicated `serviceAccountName`',
        'unsafe',
        field
          ? ctx.fixer.setValue(field, placeholder)
          : ctx.fixer.ensure(pod.spec, ['serviceAccountName'], { scalar: placeholder }),
      ),
    });
  },
});
