import { isScalar } from 'yaml';
import { keySpan, pairSpan } from '../engine/locate';
import { getIn, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_POLICIES } from './lib/cis';
import { podSecurityConfigs } from './lib/pod-security-config';

export const podSecurityAdmissionDefaults = defineRule({
  id: 'pod-security-admission-defaults',
  title: 'Pod Security admission enforces nothing by default',
  severity: 'warning',
  kinds: ['AdmissionConfiguration', 'PodSecurityConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1611', 'T1610'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags the PodSecurity plugin’s configuration (inline in an AdmissionConfiguration, or a PodSecurityConfiguration file) whose \`defaults.enforce\` is absent or \`privileged\`. ${CIS} §5.2.1.`,
    whyBad:
      'The defaults apply to every namespace without its own `pod-security.kubernetes.io/enforce` label. At `privileged` (also the value when unset) any such namespace admits privileged, host-namespace and hostPath pods: one forgotten label is a path to the node.',
    example: yaml`
      apiVersion: apiserver.config.k8s.io/v1
      kind: AdmissionConfiguration
      plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: "privileged"
              enforce-version: "latest"
    `,
    useInstead: yaml`
      apiVersion: apiserver.config.k8s.io/v1
      kind: AdmissionConfiguration
      plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: "baseline"
              enforce-version: "latest"
    `,
    remediation:
      'Set `defaults.enforce` to `baseline` (or `restricted`), and label the few namespaces that need more with their own `pod-security.kubernetes.io/enforce`.',
    fixSafety:
      'Unsafe: pods in unlabelled namespaces that violate the level are rejected from then on; the level is a snippet placeholder to confirm. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_POLICIES,
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-admission-controller/',
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
    ],
    notes: `${CIS} §5.2.1 “Ensure that the cluster has at least one active policy control mechanism in place”, Manual, so the rule is not in the recommended profile. A PodSecurity plugin configured by \`path:\` is checked where that file is. Another policy engine (Kyverno, Gatekeeper) may stand in for Pod Security admission; suppress the rule then.`,
  },
  messages: {
    privilegedDefault: () =>
      `Pod Security admission enforces \`privileged\` by default: unlabelled namespaces admit any pod (${CIS} §5.2.1).`,
    noDefault: () =>
      `Pod Security admission has no \`defaults.enforce\`, which means \`privileged\`: unlabelled namespaces admit any pod (${CIS} §5.2.1).`,
  },
  check(ctx) {
    for (const c of podSecurityConfigs(ctx)) {
      const enforce = getIn(c.map, ['defaults', 'enforce']);
      const level = scalarString(enforce?.value);
      if (level !== undefined && level !== '' && level !== 'privileged') continue;
      const defaults = mapGet(c.map, 'defaults');
      const at =
        enforce ??
        (defaults ? keySpan(defaults) : c.owner ? keySpan(c.owner) : pairSpan(ctx.object.kindPair));
      const node = enforce?.value;
      const edit =
        isScalar(node) && level !== undefined
          ? ctx.fixer.replaceQuoted(node, '${1:baseline}')
          : ctx.fixer.ensure(c.map, ['defaults', 'enforce'], { scalar: '${1:baseline}' });
      ctx.report({
        at,
        messageId: enforce ? 'privilegedDefault' : 'noDefault',
        fix: ctx.fixer.snippetFix('Enforce `baseline` by default', 'unsafe', edit),
      });
    }
  },
});
