import { keySpan } from '../engine/locate';
import { getIn, seqStrings } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL } from './lib/cis';
import { podSecurityConfigs } from './lib/pod-security-config';

/** The exemption lists, each with its message. */
const KINDS = [
  { key: 'namespaces', messageId: 'exemptNamespaces' },
  { key: 'usernames', messageId: 'exemptUsers' },
  { key: 'runtimeClasses', messageId: 'exemptRuntimeClasses' },
] as const;

export const podSecurityAdmissionExemptions = defineRule({
  id: 'pod-security-admission-exemptions',
  title: 'Pod Security admission exemptions',
  severity: 'info',
  kinds: ['AdmissionConfiguration', 'PodSecurityConfiguration'],
  recommended: false,
  catalog: [],
  attack: ['T1610'],
  fix: 'never',
  docs: {
    whatItDoes: `Lists the namespaces, users and runtime classes the PodSecurity plugin exempts (\`exemptions\` in its configuration), one informational finding per list. Relates to ${CIS} §5.2.1.`,
    whyBad:
      'Exempt requests are not checked at any level, whatever the namespace labels say: a user who can create pods in an exempt namespace (often `kube-system`), or who is an exempt user, can run privileged pods. The list is worth reviewing whenever it changes.',
    example: yaml`
      apiVersion: apiserver.config.k8s.io/v1
      kind: AdmissionConfiguration
      plugins:
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: "baseline"
            exemptions:
              namespaces: [kube-system]
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
            exemptions:
              namespaces: []
    `,
    remediation:
      'Keep exemptions to what must run privileged; prefer labelling such a namespace `pod-security.kubernetes.io/enforce: privileged` and restricting who can create pods in it with RBAC.',
    references: [CIS_URL, 'https://kubernetes.io/docs/concepts/security/pod-security-admission/#exemptions'],
    notes: `Informational; ${CIS} §5.2.1 asks for an active policy mechanism for every namespace with user workloads, which exemptions carve holes in.`,
  },
  messages: {
    exemptNamespaces: (d: { names: string[] }) => exempts('namespaces', d.names),
    exemptUsers: (d: { names: string[] }) => exempts('users', d.names),
    exemptRuntimeClasses: (d: { names: string[] }) => exempts('runtime classes', d.names),
  },
  check(ctx) {
    for (const c of podSecurityConfigs(ctx)) {
      for (const k of KINDS) {
        const f = getIn(c.map, ['exemptions', k.key]);
        const items = seqStrings(f?.value).map((x) => x.value);
        if (!f || items.length === 0) continue;
        ctx.report({
          at: keySpan(f),
          messageId: k.messageId,
          data: { names: items },
        });
      }
    }
  },
});

/** `Pod Security admission exempts namespaces a, b: …` */
function exempts(what: string, names: readonly string[]): string {
  return `Pod Security admission exempts ${what} ${names.join(', ')}: their pods are not checked at any level.`;
}
