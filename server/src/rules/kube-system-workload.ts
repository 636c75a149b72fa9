import { getIn, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { label, objectRef, type ObjectRef } from './lib/objects';

export const kubeSystemWorkload = defineRule({
  id: 'kube-system-workload',
  title: 'Workload placed in `kube-system`',
  severity: 'info',
  kinds: 'workloads',
  recommended: false,
  catalog: ['K8S-POD-013'],
  attack: ['T1036.005'],
  fix: 'always',
  docs: {
    whatItDoes: 'Flags workloads whose `metadata.namespace` is `kube-system`.',
    whyBad:
      '`kube-system` holds the cluster’s own components, usually with powerful service accounts and relaxed policies. A workload placed there inherits that trust and hides among system pods, which is exactly where attackers put theirs.',
    example: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
        namespace: kube-system
      spec:
        template:
          spec:
            containers:
              - name: app
                image: registry.example/app:1.0
    `,
    useInstead: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
        namespace: app
      spec:
        template:
          spec:
            containers:
              - name: app
                image: registry.example/app:1.0
    `,
    remediation: 'Deploy application workloads to their own namespace.',
    fixSafety:
      'Unsafe: the fix replaces the namespace with a placeholder (a snippet); the namespace must exist and the workload’s ServiceAccount, Secrets and ConfigMaps must move with it. Offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces',
      'https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/Pod%20or%20container%20name%20similarily/',
    ],
    peers: { trivy: 'KSV037' },
    notes:
      'Not in the recommended profile: cluster add-ons (CNI, DNS, metrics) legitimately live in `kube-system`; suppress the rule for them.',
  },
  messages: {
    kubeSystem: (d: { object: ObjectRef }) =>
      `${label(d.object)} is deployed to kube-system; move it to its own namespace.`,
  },
  check(ctx) {
    const ns = getIn(ctx.object.root, ['metadata', 'namespace']);
    if (!ns || scalarString(ns.value) !== 'kube-system') return;
    ctx.report({
      at: ns,
      messageId: 'kubeSystem',
      data: { object: objectRef(ctx.object) },
      fix: ctx.fixer.snippetFix(
        'Move to another namespace',
        'unsafe',
        ctx.fixer.setValue(ns, `\${1:${ctx.object.name || 'app'}}`),
      ),
    });
  },
});
