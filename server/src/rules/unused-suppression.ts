import { withoutIds, type Directive, type Misplaced } from '../engine/suppress/collect';
import { yaml } from '../engine/yaml-tag';
import { directiveNoun, idList, metaRule, spanOfIds, SUPPRESSION_DOCS } from './lib/meta';

const MISPLACED = {
  'after-first-key': 'afterFirstKey',
  'no-document-follows': 'noDocumentFollows',
} as const satisfies Record<Exclude<Misplaced, 'refused-key'>, string>;

const SCOPE: Record<Directive['how'], string> = {
  'comment-line': 'on the next line',
  'comment-container': 'in this container',
  'comment-document': 'in this document',
  annotation: 'on this object',
};

export const unusedSuppression = metaRule({
  id: 'unused-suppression',
  title: 'Unused suppression',
  severity: 'hint',
  docs: {
    whatItDoes:
      'Flags a `# kubeward-disable-next-line` or `# kubeward-disable` comment, or a `kubeward.dev/ignore.<rule-id>` annotation, that suppresses nothing: the rule reports nothing where the suppression applies, the rule id does not exist, or a `kubeward-disable` comment is not at the top of a document. Like ESLint’s unused disable directives. An annotation whose key Kubernetes refuses (a second `/`, as in the old `kubeward.dev/ignore.admission-policy/<name>`, or a name above 63 characters) suppresses nothing either and is reported as an error, since the API server rejects the whole object; the fix writes `kubeward.dev/ignore.admission-policy.<name>`.',
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
  messages: {
    afterFirstKey: () =>
      'Suppression has no effect: `kubeward-disable` only takes effect before the first key of a document.',
    noDocumentFollows: () =>
      'Suppression has no effect: `kubeward-disable` only takes effect before the first key of a document, and no document follows.',
    noRule: () => 'Suppression names no rule; list the rule ids it is meant for.',
    refusedKey: (d: { key: string; problem: string; accepted?: string }) =>
      `Kubernetes refuses the annotation key \`${d.key}\` (${d.problem}): the API server rejects this object, and the suppression has no effect.${d.accepted ? ` One admission policy is named \`${d.accepted}\`.` : ''}`,
    unused: (d: { unknown: readonly string[]; unused: readonly string[]; how: Directive['how'] }) => {
      const parts: string[] = [];
      if (d.unknown.length > 0)
        parts.push(
          `${idList(d.unknown)} ${d.unknown.length === 1 ? 'is not a Kubeward rule' : 'are not Kubeward rules'}`,
        );
      if (d.unused.length > 0)
        parts.push(
          `${idList(d.unused)} ${d.unused.length === 1 ? 'reports' : 'report'} nothing ${SCOPE[d.how]}`,
        );
      return `Unused suppression: ${parts.join('; ')}.`;
    },
  },
  checkSuppressions(ctx) {
    for (const d of ctx.directives) {
      if (d.misplaced === 'refused-key') {
        if (!d.refused) continue;
        const accepted = d.refused.accepted;
        ctx.report({
          directive: d,
          messageId: 'refusedKey',
          data: {
            key: d.refused.key,
            problem: d.refused.problem,
            ...(accepted ? { accepted: accepted.key } : {}),
          },
          // Not a hint: the object cannot be applied at all.
          severity: 'error',
          fix: [
            ...(accepted ? [ctx.fix(`Rename the key to ${accepted.key}`, 'unsafe', accepted.edit)] : []),
            ctx.fix(`Remove this suppression ${directiveNoun(d)}`, 'unsafe', d.removal),
          ].filter((f) => f !== undefined),
        });
        continue;
      }
      if (d.misplaced !== undefined || d.rules.length === 0) {
        ctx.report({
          directive: d,
          messageId: d.misplaced === undefined ? 'noRule' : MISPLACED[d.misplaced],
          fix: ctx.fix(`Remove this suppression ${directiveNoun(d)}`, 'unsafe', d.removal),
        });
        continue;
      }
      const stale = [...d.unknown, ...d.unused];
      if (d.expired || stale.length === 0) continue;
      const title =
        stale.length === d.rules.length
          ? `Remove this unused suppression ${directiveNoun(d)}`
          : `Remove ${stale.join(', ')} from this suppression`;
      ctx.report({
        directive: d,
        at: spanOfIds(d, stale),
        messageId: 'unused',
        data: { unknown: d.unknown, unused: d.unused, how: d.how },
        fix: ctx.fix(title, 'unsafe', withoutIds(d, stale)),
      });
    }
  },
});
