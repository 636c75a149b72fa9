import { yaml } from '../engine/yaml-tag';
import { metaRule, SUPPRESSION_DOCS } from './lib/meta';

export const unusedSuppression = metaRule({
  id: 'unused-suppression',
  title: 'Unused suppression',
  severity: 'hint',
  docs: {
    whatItDoes:
      'Flags a `# kubeward-disable-next-line` or `# kubeward-disable` comment, or a `kubeward.dev/ignore.<rule-id>` annotation, that suppresses nothing: the rule reports nothing where the suppression applies, the rule id does not exist, or a `kubeward-disable` comment is not at the top of a document. Like ESLint’s unused disable directives.',
    whyBad:
      'A stale suppression hides the next real finding of that rule at that place without anyone deciding to accept it, and misleads readers about what is insecure. Only rules that run under the current profile and settings are judged: a suppression of a rule your profile turns off is never called unused, so changing the profile cannot make suppressions look stale. A finding the profile hides still counts as a use.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          # kubeward-disable-next-line privileged-container -- the GPU driver needs host devices
          - name: app
            image: registry.example/app:1.0
            securityContext:
              allowPrivilegeEscalation: false
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
              allowPrivilegeEscalation: false
    `,
    remediation:
      'Remove the suppression, or the rule ids in it that no longer report anything (the quick fix does either).',
    fixSafety:
      'Unsafe: removing the comment or annotation changes no manifest field, but the suppression may be written ahead of a change still to come; offered as a quick fix only.',
    references: [
      SUPPRESSION_DOCS,
      'https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives',
    ],
  },
});
