import { isMap, isPair, isScalar } from 'yaml';
import type { Edit, Fix } from '../engine/fix';
import { getIn, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, str, type ContainerRef } from './lib/util';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

/** An annotation value Pod Security Admission allows: empty, `runtime/default` or `localhost/*`. */
function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/** The `appArmorProfile` field text for an allowed, non-empty annotation value. */
function fieldFor(value: string): { path: string[]; scalar: string } | undefined {
  if (value === 'runtime/default') {
    return { path: ['securityContext', 'appArmorProfile', 'type'], scalar: 'RuntimeDefault' };
  }
  if (value.startsWith('localhost/')) {
    const profile = JSON.stringify(value.slice('localhost/'.length));
    return {
      path: ['securityContext', 'appArmorProfile'],
      scalar: `{type: Localhost, localhostProfile: ${profile}}`,
    };
  }
  return undefined;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The container an annotation names: one of the pod's, or only a name when the pod has no such container. */
type AnnotatedContainer = ContainerRef | { name: string };

/** `container "app"` / `init container "setup"`, as a message writes it mid-sentence. */
function annotated(c: AnnotatedContainer): string {
  return 'list' in c ? lowerFirst(describe(c)) : `container "${c.name}"`;
}

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
      'Flags `securityContext.appArmorProfile.type` values other than `RuntimeDefault` and `Localhost` (in practice `Unconfined`) on the pod or any container, and `container.apparmor.security.beta.kubernetes.io/<container>` annotations whose value is not empty, `runtime/default` or `localhost/<profile>` (in practice `unconfined`). From Kubernetes 1.30 it also reports, as a hint outside the Pod Security Standards, annotations with an allowed value: they are deprecated in favour of the `appArmorProfile` field.',
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
      'Use `appArmorProfile.type: RuntimeDefault`, or `Localhost` with a `localhostProfile` that allows what the workload needs; move deprecated annotations to the container’s `securityContext.appArmorProfile` (`runtime/default` → `type: RuntimeDefault`, `localhost/<p>` → `type: Localhost` with `localhostProfile: <p>`).',
    fixSafety:
      'Unsafe for an unconfined profile: someone chose it, perhaps for an operation the default profile denies, so the fix to RuntimeDefault is a quick fix only. Safe for the migration of an allowed annotation: the field applies the same profile the annotation asked for.',
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
    deprecatedAnnotation: (d: { annotation: string; container: AnnotatedContainer }) =>
      `The annotation \`${d.annotation}\` is deprecated since Kubernetes 1.30; set \`securityContext.appArmorProfile\` on ${annotated(d.container)} instead.`,
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
      const hasField = c !== undefined && getIn(c.map, ['securityContext', 'appArmorProfile']) !== undefined;
      const move = (
        leaf: { path: string[]; scalar: string } | undefined,
        title: string,
        safety: 'safe' | 'unsafe',
      ) => {
        const edits: (Edit | undefined)[] = [ctx.fixer.removePairCascade(annotations, item)];
        if (leaf && c && !hasField) edits.push(ctx.fixer.ensure(c.map, leaf.path, { scalar: leaf.scalar }));
        return ctx.fixer.fix(title, safety, ...edits);
      };
      if (!allowedAnnotation(value)) {
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
          fx = move(
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
        continue;
      }
      if (ctx.version < 30) continue;
      ctx.report({
        at: item,
        severity: 'hint',
        pss: null,
        attack: [],
        messageId: 'deprecatedAnnotation',
        data: { annotation: key, container },
        fix: c
          ? move(
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
