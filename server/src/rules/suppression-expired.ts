import { yaml } from '../engine/yaml-tag';
import { directiveNoun, idList, metaRule, SUPPRESSION_DOCS } from './lib/meta';

export const suppressionExpired = metaRule({
  id: 'suppression-expired',
  title: 'Expired suppression',
  severity: 'warning',
  docs: {
    whatItDoes:
      'Flags a suppression whose expiry date has passed: a comment ending in `until YYYY-MM-DD`, or an annotation value ending in it. The date is the last day the suppression holds. After it, the suppression stops suppressing, the findings it hid are reported again, and the suppression itself is reported here.',
    whyBad:
      'A time-boxed exception that outlives its date is an exception nobody re-approved. Reporting it makes the team either fix the finding or renew the exception on purpose.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
        annotations:
          kubeward.dev/ignore.host-network: "migrating to a Service until 2020-01-31"
      spec:
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
        hostNetwork: false
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Fix the findings it hid and remove the suppression, or renew it with a new date and reason.',
    fixSafety:
      'Unsafe: the quick fix removes the expired suppression, which changes no manifest field; the findings it hid are already reported.',
    references: [SUPPRESSION_DOCS],
  },
  messages: {
    expired: (d: { rules: readonly string[]; until: string }) =>
      `Suppression of ${idList(d.rules)} expired after ${d.until}; it no longer suppresses anything.`,
  },
  checkSuppressions(ctx) {
    for (const d of ctx.directives) {
      // A misplaced or empty directive is reported as unused-suppression instead.
      if (d.misplaced !== undefined || d.rules.length === 0 || !d.expired) continue;
      ctx.report({
        directive: d,
        messageId: 'expired',
        data: { rules: d.rules, until: d.until ?? '' },
        fix: ctx.fix(`Remove this suppression ${directiveNoun(d)}`, 'unsafe', d.removal),
      });
    }
  },
});
