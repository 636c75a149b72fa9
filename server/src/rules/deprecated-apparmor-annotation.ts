import { isMap, isPair, isScalar } from 'yaml';
import { getIn, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  allowedAnnotation,
  ANNOTATION_PREFIX,
  annotated,
  fieldFor,
  moveAnnotation,
  type AnnotatedContainer,
} from './lib/apparmor';
import { containerRef } from './lib/util';

export const deprecatedApparmorAnnotation = defineRule({
  id: 'deprecated-apparmor-annotation',
  title: 'Deprecated AppArmor annotation',
  severity: 'hint',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-CTR-015'],
  attack: ['T1611'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'From Kubernetes 1.30, flags `container.apparmor.security.beta.kubernetes.io/<container>` annotations whose value the Pod Security Standards allow (empty, `runtime/default`, `localhost/<profile>`): the annotation is deprecated in favour of the `securityContext.appArmorProfile` field. An `unconfined` annotation is `apparmor-unconfined`’s.',
    whyBad:
      'The annotation still applies its profile, but it is deprecated and will stop working in a later release; a manifest that keeps it will then run its containers without the profile its author chose, as happened with the seccomp annotations.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
        annotations:
          container.apparmor.security.beta.kubernetes.io/app: runtime/default
      spec:
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
        containers:
          - name: app
            image: registry.example/app:1.0
            securityContext:
              appArmorProfile:
                type: RuntimeDefault
    `,
    remediation:
      'Move the profile to the container’s `securityContext.appArmorProfile` (`runtime/default` → `type: RuntimeDefault`, `localhost/<p>` → `type: Localhost` with `localhostProfile: <p>`), then delete the annotation.',
    fixSafety:
      'Safe: the field applies the same profile the annotation asked for; when the container already sets `appArmorProfile`, which wins over the annotation, or the annotation is empty, the fix only removes the annotation.',
    references: [
      'https://kubernetes.io/docs/tutorials/security/apparmor/',
      'https://kubernetes.io/docs/reference/labels-annotations-taints/#container-apparmor-security-beta-kubernetes-io',
    ],
    notes:
      'Before Kubernetes 1.30 the annotation is the only way to set a profile, so it is not reported there. Until this rule was split out, `apparmor-unconfined` reported these annotations, so a pod that asked for `runtime/default` counted as unconfined in every rule-level statistic.',
  },
  messages: {
    deprecatedAnnotation: (d: { annotation: string; container: AnnotatedContainer }) =>
      `The annotation \`${d.annotation}\` is deprecated since Kubernetes 1.30; set \`securityContext.appArmorProfile\` on ${annotated(d.container)} instead.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || ctx.version < 30) return;
    const annotations = mapGet(pod.metadata, 'annotations')?.value;
    if (!isMap(annotations)) return;
    for (const item of annotations.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      const value = scalarString(item.value) ?? '';
      if (!allowedAnnotation(value)) continue;
      const name = key.slice(ANNOTATION_PREFIX.length);
      const c = pod.containers.find((x) => x.name === name);
      const hasField = c !== undefined && getIn(c.map, ['securityContext', 'appArmorProfile']) !== undefined;
      ctx.report({
        at: item,
        messageId: 'deprecatedAnnotation',
        data: { annotation: key, container: c ? containerRef(c) : { name } },
        fix: c
          ? moveAnnotation(
              ctx.fixer,
              annotations,
              item,
              c,
              fieldFor(value),
              hasField || value === ''
                ? 'Remove the deprecated annotation'
                : 'Move to `securityContext.appArmorProfile`',
              'safe',
            )
          : undefined,
      });
    }
  },
});
