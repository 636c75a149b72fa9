import { isMap, isPair, isScalar } from 'yaml';
import type { Fix } from '../engine/fix';
import { getIn, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  allowedAnnotation,
  ALLOWED_TYPES,
  ANNOTATION_PREFIX,
  annotated,
  fieldFor,
  moveAnnotation,
  type AnnotatedContainer,
} from './lib/apparmor';
import { containerRef, describe, str, type ContainerRef } from './lib/util';

export const apparmorUnconfined = defineRule({
  id: 'apparmor-unconfined',
  title: 'AppArmor unconfined',
  severity: 'error',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'appArmorProfile' },
  recommended: true,
  catalog: ['K8S-CTR-015'],
  attack: ['T1611'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags `securityContext.appArmorProfile.type` values other than `RuntimeDefault` and `Localhost` (in practice `Unconfined`) on the pod or any container, and `container.apparmor.security.beta.kubernetes.io/<container>` annotations whose value is not empty, `runtime/default` or `localhost/<profile>` (in practice `unconfined`). Annotations with an allowed value are `deprecated-apparmor-annotation`’s.',
    whyBad:
      'AppArmor is the mandatory access control layer that keeps a compromised process away from `/proc` and `/sys` writes, mounts and raw kernel interfaces. `Unconfined` switches that layer off, which removes one of the barriers a container escape has to get through.',
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
              appArmorProfile:
                type: Unconfined
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
      'Use `appArmorProfile.type: RuntimeDefault`, or `Localhost` with a `localhostProfile` that allows what the workload needs.',
    fixSafety:
      'Unsafe: someone chose the unconfined profile, perhaps for an operation the default profile denies, so the fix to RuntimeDefault is a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tutorials/security/apparmor/',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_appArmorProfile.go',
    ],
    peers: {
      kubesec: 'ApparmorAny',
      polaris: 'linuxHardening',
      trivy: 'KSV002',
    },
    notes:
      'Trivy’s KSV002 and Polaris only read the annotation, and KSV002 also fails `localhost/*` profiles, which the Pod Security Standards allow. Before Kubernetes 1.30 the annotation is the only way to set a profile, so it is not reported as deprecated there, and the fix for `unconfined` rewrites its value instead of moving it.',
  },
  messages: {
    unconfinedType: (d: { container?: ContainerRef; type: string }) =>
      `${d.container ? describe(d.container) : 'Pod'} sets AppArmor \`type: ${d.type}\`, which runs it without AppArmor confinement; use RuntimeDefault.`,
    unconfinedAnnotation: (d: { annotation: string; container: AnnotatedContainer; profile: string }) =>
      `The annotation \`${d.annotation}\` runs ${annotated(d.container)} with AppArmor profile "${d.profile}"; use \`securityContext.appArmorProfile.type: RuntimeDefault\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const targets = [
      { container: undefined, sc: pod.securityContext?.value },
      ...pod.containers.map((c) => ({ container: containerRef(c), sc: c.securityContext?.value })),
    ];
    for (const { container, sc } of targets) {
      const f = getIn(sc, ['appArmorProfile', 'type']);
      const type = str(f);
      if (!f || type === undefined || ALLOWED_TYPES.has(type)) continue;
      ctx.report({
        at: f,
        messageId: 'unconfinedType',
        data: container ? { container, type } : { type },
        fix: ctx.fixer.fix(
          'Set AppArmor `type: RuntimeDefault`',
          'unsafe',
          ctx.fixer.setValue(f, 'RuntimeDefault'),
        ),
      });
    }

    const annotations = mapGet(pod.metadata, 'annotations')?.value;
    if (!isMap(annotations)) return;
    for (const item of annotations.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      const name = key.slice(ANNOTATION_PREFIX.length);
      const c = pod.containers.find((x) => x.name === name);
      const value = scalarString(item.value) ?? '';
      const container: AnnotatedContainer = c ? containerRef(c) : { name };
      if (allowedAnnotation(value)) continue;
      let fx: Fix | undefined;
      if (ctx.version < 30) {
        const v = item.value;
        fx = isScalar(v)
          ? ctx.fixer.fix(
              'Set the annotation to `runtime/default`',
              'unsafe',
              ctx.fixer.replace(v, 'runtime/default'),
            )
          : undefined;
      } else if (c) {
        fx = moveAnnotation(
          ctx.fixer,
          annotations,
          item,
          c,
          fieldFor('runtime/default'),
          'Replace with `appArmorProfile.type: RuntimeDefault`',
          'unsafe',
        );
      }
      ctx.report({
        at: item,
        messageId: 'unconfinedAnnotation',
        data: { annotation: key, container, profile: value },
        fix: fx,
      });
    }
  },
});
