import { yaml } from '../engine/yaml-tag';
import { metaRule, SUPPRESSION_DOCS } from './lib/meta';

export const suppressionNotAllowed = metaRule({
  id: 'suppression-not-allowed',
  title: 'Suppression of a strict rule',
  severity: 'warning',
  docs: {
    whatItDoes:
      'Flags a suppression comment or annotation that names a rule listed under `strict` in the project config file. Strict rules can never be suppressed: their findings are reported regardless, and the suppression is reported here as having no effect.',
    whyBad:
      'Teams that must govern exceptions (no privileged containers, ever) list those rules as strict. A suppression of one reads as accepted but is not; the finding still fails CI.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              # kubeward-disable-next-line privileged-container -- needs /dev/fuse
              privileged: true
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
              privileged: false
    `,
    remediation:
      'Fix the finding; the quick fix removes the rule id from the suppression. Only a change to the config file’s `strict` list can make the rule suppressible.',
    fixSafety:
      'Unsafe: the quick fix edits only the suppression comment or annotation, which changes no manifest field.',
    notes:
      'The example reports only when `privileged-container` is listed under `strict` in the project config file.',
    references: [SUPPRESSION_DOCS],
  },
});
