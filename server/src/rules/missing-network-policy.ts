import { isMap, isPair } from 'yaml';
import { keySpan } from '../engine/locate';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { effectiveNamespace, podSelectorOf, selectorMatches } from '../engine/workspace-index';
import { label, objectRef, type ObjectRef } from './lib/objects';

export const missingNetworkPolicy = defineRule({
  id: 'missing-network-policy',
  title: 'Workload not selected by any NetworkPolicy',
  severity: 'info',
  kinds: 'workloads',
  recommended: false,
  crossFile: true,
  catalog: ['K8S-NET-004'],
  attack: ['T1046', 'T1210'],
  fix: 'never',
  docs: {
    whatItDoes:
      'Flags workloads whose pod labels are not selected by the `podSelector` of any NetworkPolicy in the same namespace, looking through every file of the workspace (`matchLabels` and `matchExpressions` with In, NotIn, Exists and DoesNotExist; an empty selector selects every pod). Objects without `metadata.namespace` are taken to be in `default`. Reported on the pod template’s `labels` key (else its `metadata`, else `kind`).',
    whyBad:
      'Pods that no NetworkPolicy selects accept traffic from, and send traffic to, every pod in the cluster. One compromised workload can then scan the cluster and reach databases, admin endpoints and the cloud metadata service.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
        labels:
          app: web
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
        labels:
          app: web
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: default-deny
      spec:
        podSelector: {}
        policyTypes: [Ingress, Egress]
    `,
    remediation:
      'Add a default-deny NetworkPolicy to the namespace (`podSelector: {}` with `policyTypes: [Ingress, Egress]`) and allow the traffic each workload needs with narrower policies.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
    ],
    peers: {
      kubeLinter: 'non-isolated-pod',
      polaris: 'missingNetworkPolicy',
      kubescape: 'C-0260',
      trivy: 'KSV038',
      checkov: 'CKV2_K8S_6',
    },
    notes:
      'Needs the workspace index; policies applied from elsewhere (another repository, a cluster add-on) are not seen, so the rule is not in the recommended profile. A policy selecting the pod for only one direction counts (as in kube-linter); Polaris also requires both Ingress and Egress. No quick fix yet: generating a policy needs a new manifest.',
  },
  messages: {
    noNetworkPolicy: (d: { object: ObjectRef; namespace: string }) =>
      `${label(d.object)}: no NetworkPolicy in namespace "${d.namespace}" selects its pods, so they accept and send any traffic; add a NetworkPolicy that selects them.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const labels: Record<string, string> = {};
    const labelsField = mapGet(pod.metadata, 'labels');
    if (isMap(labelsField?.value)) {
      for (const p of labelsField.value.items) {
        if (!isPair(p)) continue;
        const k = scalarString(p.key);
        if (k !== undefined) labels[k] = scalarString(p.value) ?? '';
      }
    }
    const ns = effectiveNamespace(ctx.object.namespace);
    const selected = ctx.index
      .all('NetworkPolicy')
      .some((np) => effectiveNamespace(np.namespace) === ns && selectorMatches(podSelectorOf(np), labels));
    if (selected) return;
    const anchor = labelsField ?? pod.metadataField;
    ctx.report({
      at: anchor ? keySpan(anchor) : ctx.object.kindPair,
      messageId: 'noNetworkPolicy',
      data: { object: objectRef(ctx.object), namespace: ns },
    });
  },
});
