import { scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { imageField } from './lib/image';
import { containerRef, describe, mapGet, type ContainerRef } from './lib/util';

export const imagePullPolicyNotAlways = defineRule({
  id: 'image-pull-policy-not-always',
  title: 'Pull policy not `Always`',
  severity: 'info',
  kinds: 'workloads',
  recommended: false,
  catalog: ['K8S-IMG-003'],
  attack: ['T1525'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags containers whose effective `imagePullPolicy` is not `Always`. When the field is omitted the API default applies: a digest or a tag other than `latest` gives `IfNotPresent` (flagged, reported on `image:`), no tag or `latest` gives `Always`.',
    whyBad:
      'With `IfNotPresent` or `Never` the kubelet runs whatever image is cached on the node under that name. A pod of another tenant on the same node can then start a private image without registry credentials, and an image planted in the node’s cache is used as is.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.4.2
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.4.2
            imagePullPolicy: Always
    `,
    remediation:
      'Set `imagePullPolicy: Always` (with a digest-pinned image this costs one manifest check per start), or enable the AlwaysPullImages admission plugin.',
    fixSafety:
      'Unsafe: every container start then needs the registry to be reachable; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages',
    ],
    peers: { polaris: 'pullPolicyNotAlways', kubescape: 'C-0075', checkov: 'CKV_K8S_15' },
  },
  messages: {
    policyNotAlways: (d: { container: ContainerRef; policy: string }) =>
      `${describe(d.container)} has \`imagePullPolicy: ${d.policy}\`; set it to Always.`,
    missingPolicy: (d: { container: ContainerRef; image: string }) =>
      `${describe(d.container)} pulls "${d.image}" only if it is not on the node (default \`IfNotPresent\`); add \`imagePullPolicy: Always\`.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const policy = mapGet(c.map, 'imagePullPolicy');
      const value = scalarString(policy?.value);
      if (policy && value !== undefined) {
        if (value === 'Always') continue;
        ctx.report({
          at: policy,
          messageId: 'policyNotAlways',
          data: { container: containerRef(c), policy: value },
          fix: ctx.fixer.fix('Set `imagePullPolicy: Always`', 'unsafe', ctx.fixer.setValue(policy, 'Always')),
        });
        continue;
      }
      const img = imageField(c);
      if (!img) continue;
      if (img.ref.digest === undefined && (img.ref.tag === undefined || img.ref.tag === 'latest')) continue;
      ctx.report({
        at: img.field,
        messageId: 'missingPolicy',
        data: { container: containerRef(c), image: img.text },
        fix: ctx.fixer.fix(
          'Add `imagePullPolicy: Always`',
          'unsafe',
          ctx.fixer.ensure(c.map, ['imagePullPolicy'], { scalar: 'Always' }),
        ),
      });
    }
  },
});
