import { defineRule, type FindingPolicy, type Severity } from '../engine/rule';
import { POLICY_KINDS } from '../engine/workspace-index';
import { yaml } from '../engine/yaml-tag';
import type { AdmissionFinding, PolicyNotice } from '../policies/admission';
import { workspacePolicies } from '../policies/workspace';

const bare = (s: string): string => s.trim().replace(/[.!]+$/, '');
const assumed = (notes: string): string => (notes === '' ? '' : ` Assumed: ${bare(notes)}.`);
const by = (d: { policyKind: string; policy: string; binding: string }): string =>
  `${d.policyKind} "${d.policy}"${d.binding === '' ? '' : `, binding "${d.binding}"`}`;

interface Denial {
  message: string;
  policyKind: string;
  policy: string;
  binding: string;
  notes: string;
}

/** The docs' policy and binding, before the Deployment that breaks it (example) or keeps it (use instead). */
const EXAMPLE_POLICY =
  yaml`
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata:
        name: no-host-network
      spec:
        matchConstraints:
          resourceRules:
            - apiGroups: ['']
              apiVersions: [v1]
              operations: [CREATE, UPDATE]
              resources: [pods]
        validations:
          - expression: '!object.spec.?hostNetwork.orValue(false)'
            message: Pods may not use the host network.
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata:
        name: no-host-network
      spec:
        policyName: no-host-network
        validationActions: [Deny]
` + '---\n';

export const admissionPolicy = defineRule({
  id: 'admission-policy',
  title: "Refused by one of the repository's own admission policies",
  severity: 'error',
  // The policy objects themselves; the kinds the workspace's policies may select come from
  // `kindsFrom`, so without policies no other chunk is parsed for this rule (megabytes of CRDs).
  kinds: POLICY_KINDS,
  kindsFrom: (index) => workspacePolicies(index).mayMatchKind,
  recommended: true,
  crossFile: true,
  catalog: [],
  attack: ['T1610'],
  fix: 'never',
  messages: {
    denied: (d: Denial) => `${bare(d.message)} (${by(d)}).${assumed(d.notes)}`,
    podsDenied: (d: Denial & { kind: string }) =>
      `${bare(d.message)}: the ${d.kind} is accepted but its pods will be refused (${by(d)}).${assumed(d.notes)}`,
    compileError: (d: { policy: string; message: string }) =>
      `Policy "${d.policy}" does not compile: ${d.message}`,
    notEvaluable: (d: { message: string }) => d.message,
    noBinding: (d: { message: string }) => d.message,
    bindingWithoutPolicy: (d: { message: string }) => d.message,
    unknownResource: (d: { policyKind: string; policy: string; reason: string }) =>
      `Not evaluated against ${d.policyKind} "${d.policy}": ${d.reason}.`,
    paramTooLarge: (d: { policyKind: string; policy: string; reason: string }) =>
      `Not evaluated against ${d.policyKind} "${d.policy}": ${d.reason}.`,
  },
  docs: {
    whatItDoes:
      "Evaluates the repository's own admission policies on every manifest, with the API server's admission semantics: Kubernetes `ValidatingAdmissionPolicy` with its bindings (v1 and v1beta1), Kyverno `ValidatingPolicy` and Kyverno `ClusterPolicy`/`Policy` rules with `validate.cel`. Policies, bindings, params (ConfigMaps) and Namespaces are found in every file of the workspace and in the `policies.paths` of `.kubeward.yaml`. A policy for pods is also evaluated on the pod template of every workload: the workload is accepted, its pods are refused. The finding is on the deepest field the failing expression reads that the manifest has; its severity follows the binding's `validationActions` (Deny: error, Warn: warning, Audit: info). On the policy file itself: expressions that do not compile (at the parser's position), expressions that cannot be evaluated offline (`authorizer`), and a policy that no binding binds. See docs/policies.md.",
    whyBad:
      'A manifest that breaks a policy is refused only when it is applied, by `kubectl apply` or Argo CD, long after it was written. A Deployment whose pods a pod policy refuses is worse: it is accepted, and its ReplicaSet then fails to create pods, which shows only as an event nobody reads.',
    example:
      EXAMPLE_POLICY +
      yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels: { app: web }
        template:
          metadata:
            labels: { app: web }
          spec:
            hostNetwork: true
            containers:
              - name: web
                image: registry.example/web:1.0
    `,
    useInstead:
      EXAMPLE_POLICY +
      yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels: { app: web }
        template:
          metadata:
            labels: { app: web }
          spec:
            containers:
              - name: web
                image: registry.example/web:1.0
    `,
    remediation:
      "Change the manifest so the policy admits it, or, if the policy is wrong for this object, change the policy or its binding's `matchResources`. To accept one object knowingly, suppress `admission-policy/<policy name>` with a reason.",
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/',
      'https://kubernetes.io/docs/reference/using-api/cel/',
      'https://kyverno.io/docs/policy-types/validating-policy/',
    ],
    notes:
      'Kyverno `pattern`, `deny` and `foreach` rules and Gatekeeper ConstraintTemplates (Rego) are not evaluated: each is listed once, with the reason, in the CLI summary and the output channel, never passed silently. Expressions are bounded by the Kubernetes CEL cost limit, so a hostile policy cannot hang the editor.',
  },
  check(ctx) {
    const policies = workspacePolicies(ctx.index);
    if (!policies.any) return;
    const obj = ctx.object;
    if (POLICY_KINDS.includes(obj.kind)) {
      for (const n of policies.noticesByText.get(ctx.text) ?? []) {
        if (n.source.object.kind !== obj.kind || n.source.object.name !== obj.name) continue;
        reportNotice(n);
      }
      return;
    }
    // A patch (a Kustomize overlay's) lacks the fields its base has: no verdict on it.
    if (ctx.partial) return;
    for (const outcome of policies.evaluator.evaluate({ object: obj, text: ctx.text }, policies.context)) {
      for (const f of outcome.findings) reportFinding(f);
      // Said on the object where the verdict is not known for a reason the workspace can change.
      const messageId = outcome.unknownResource
        ? 'unknownResource'
        : outcome.paramTooLarge
          ? 'paramTooLarge'
          : undefined;
      if (messageId)
        ctx.report({
          at: obj.kindPair,
          severity: 'info',
          pss: null,
          policy: policyOf(outcome.policy.kind, outcome.policy.name, outcome.policy.binding, undefined),
          messageId,
          data: {
            policyKind: outcome.policy.kind,
            policy: outcome.policy.name,
            reason: outcome.reason ?? '',
          },
        });
    }

    function reportFinding(f: AdmissionFinding): void {
      const data: Denial = {
        message: f.message,
        policyKind: f.policy.kind,
        policy: f.policy.name,
        binding: f.policy.binding ?? '',
        notes: [...new Set(f.notes)].join('; '),
      };
      const common = {
        at: f.span,
        severity: f.severity as Severity,
        pss: null,
        policy: policyOf(f.policy.kind, f.policy.name, f.policy.binding, f.policy.validation),
      };
      if (f.podTemplate)
        ctx.report({ ...common, messageId: 'podsDenied', data: { ...data, kind: obj.kind } });
      else ctx.report({ ...common, messageId: 'denied', data });
    }

    function reportNotice(n: PolicyNotice): void {
      const common = {
        at: n.span,
        severity: n.severity as Severity,
        pss: null,
        policy: policyOf(n.policy.kind, n.policy.name, n.policy.binding, n.policy.validation),
      };
      switch (n.code) {
        case 'compile-error':
          ctx.report({
            ...common,
            messageId: 'compileError',
            data: { policy: n.policy.name, message: n.message },
          });
          break;
        case 'not-evaluable':
          ctx.report({ ...common, messageId: 'notEvaluable', data: { message: n.message } });
          break;
        case 'no-binding':
          ctx.report({ ...common, messageId: 'noBinding', data: { message: n.message } });
          break;
        case 'binding-without-policy':
          ctx.report({ ...common, messageId: 'bindingWithoutPolicy', data: { message: n.message } });
          break;
        case 'unsupported':
          // Listed once in the CLI summary and the output channel (policies/workspace.ts).
          break;
      }
    }
  },
});

function policyOf(
  kind: string,
  name: string,
  binding: string | undefined,
  validation: number | undefined,
): FindingPolicy {
  return { kind, name, binding: binding ?? null, validation: validation ?? null };
}
