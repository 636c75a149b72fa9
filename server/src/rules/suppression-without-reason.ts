import { yaml } from '../engine/yaml-tag';
import { idList, inEffect, metaRule, SUPPRESSION_DOCS } from './lib/meta';

export const suppressionWithoutReason = metaRule({
  id: 'suppression-without-reason',
  title: 'Suppression without a reason',
  severity: 'info',
  docs: {
    whatItDoes:
      'Flags a suppression that gives no reason: a comment without ` -- <reason>`, or a `kubeward.dev/ignore.<rule-id>` annotation whose value is empty (or just `true`/`yes`). The suppression still suppresses. Reported while `kubeward.requireSuppressionReason` (or `requireSuppressionReason` in the config file) is true, the default.',
    whyBad:
      'An accepted risk without a recorded reason cannot be reviewed: nobody can tell later whether the exception still holds or was a shortcut. Security reviews and audits ask for the why next to the exception.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        # kubeward-disable-next-line host-network
        hostNetwork: true
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
        # kubeward-disable-next-line host-network -- CNI agent: must configure the node's interfaces
        hostNetwork: true
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Add ` -- <reason>` after the rule ids of the comment, or write the reason as the annotation’s value.',
    fixSafety:
      'Unsafe: needs text only the user knows; the quick fix inserts a placeholder for the reason as a snippet.',
    references: [SUPPRESSION_DOCS],
  },
  messages: {
    comment: (d: { rules: readonly string[] }) =>
      `Suppression of ${idList(d.rules)} gives no reason; add \`-- <reason>\`.`,
    annotation: (d: { rules: readonly string[] }) =>
      `Suppression of ${idList(d.rules)} gives no reason; write why in the annotation's value.`,
  },
  checkSuppressions(ctx) {
    if (!ctx.requireReason) return;
    for (const d of ctx.directives) {
      if (!inEffect(d) || d.reason !== undefined) continue;
      ctx.report({
        directive: d,
        messageId: d.how === 'annotation' ? 'annotation' : 'comment',
        data: { rules: d.rules },
        fix: ctx.snippetFix('Add a reason', 'unsafe', d.addReason),
      });
    }
  },
});
