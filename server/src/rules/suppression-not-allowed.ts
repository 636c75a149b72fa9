import { withoutIds } from '../engine/suppress/collect';
import { yaml } from '../engine/yaml-tag';
import { idList, inEffect, metaRule, spanOfIds, SUPPRESSION_DOCS } from './lib/meta';

const strictRules = (ids: readonly string[]): string =>
  `${idList(ids)} ${ids.length === 1 ? 'is a strict rule' : 'are strict rules'} (config \`strict\`) and cannot be suppressed`;

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
  messages: {
    stillReported: (d: { rules: readonly string[] }) =>
      `${strictRules(d.rules)}; the finding is still reported.`,
    noEffect: (d: { rules: readonly string[] }) => `${strictRules(d.rules)}; this suppression has no effect.`,
  },
  checkSuppressions(ctx) {
    for (const d of ctx.directives) {
      if (!inEffect(d) || d.strict.length === 0) continue;
      ctx.report({
        directive: d,
        at: spanOfIds(d, d.strict),
        messageId: d.blocked.size > 0 ? 'stillReported' : 'noEffect',
        data: { rules: d.strict },
        fix: ctx.fix(
          `Remove ${d.strict.join(', ')} from this suppression`,
          'unsafe',
          withoutIds(d, d.strict),
        ),
      });
    }
  },
});
