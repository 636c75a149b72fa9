import { isMap, isPair, isScalar } from 'yaml';
import type { Edit } from '../engine/fix';
import { getIn, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';

/** Where the annotation's setting goes: the pod, or the container of the pod it names. */
type Target = 'pod' | { container: string };

const POD_KEY = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Field value for an annotation value, or undefined when the annotation is only to be dropped. */
function fieldFor(value: string): { scalar: string } | undefined {
  if (value === 'runtime/default' || value === 'docker/default') return { scalar: 'RuntimeDefault' };
  if (value.startsWith('localhost/')) {
    return {
      scalar: `{type: Localhost, localhostProfile: ${JSON.stringify(value.slice('localhost/'.length))}}`,
    };
  }
  return undefined;
}

export const deprecatedSeccompAnnotation = defineRule({
  id: 'deprecated-seccomp-annotation',
  title: 'Deprecated seccomp annotation',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-CTR-014'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags the `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<name>` annotations on a pod or pod template.',
    whyBad:
      'The annotations were deprecated in Kubernetes 1.19, stopped being honoured by the kubelet in 1.25 and are fully non-functional since 1.27. A manifest that relies on them runs its containers without the profile its author believes is applied.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
        annotations:
          seccomp.security.alpha.kubernetes.io/pod: runtime/default
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
        securityContext:
          seccompProfile:
            type: RuntimeDefault
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Move the profile to `securityContext.seccompProfile` (pod key → pod securityContext, container key → that container): `runtime/default` and `docker/default` become `type: RuntimeDefault`, `localhost/<p>` becomes `type: Localhost` with `localhostProfile: <p>`; then delete the annotation.',
    fixSafety:
      'Safe: the fix writes the field the annotation meant and removes the dead annotation, so the profile its author chose is finally applied; an `unconfined` annotation is only removed (it has no effect).',
    references: [
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
      'https://github.com/kubernetes/kubernetes/pull/114947',
    ],
    peers: { trivy: 'KSV030 (still honours it)', checkov: 'CKV_K8S_31 (still honours it)' },
  },
  messages: {
    deadAnnotation: (d: { annotation: string; target?: Target }) => {
      const where = d.target
        ? `set \`securityContext.seccompProfile\` on ${d.target === 'pod' ? 'the pod' : `container "${d.target.container}"`}`
        : 'use `securityContext.seccompProfile`';
      return `The annotation \`${d.annotation}\` has no effect since Kubernetes 1.27; ${where} instead.`;
    },
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const annotations = mapGet(pod.metadata, 'annotations');
    const map = annotations?.value;
    if (!isMap(map)) return;
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      let target: { base: typeof pod.spec; ref: Target } | undefined;
      if (key === POD_KEY) target = { base: pod.spec, ref: 'pod' };
      else if (key.startsWith(CONTAINER_PREFIX)) {
        const name = key.slice(CONTAINER_PREFIX.length);
        const c = pod.containers.find((x) => x.name === name);
        target = c ? { base: c.map, ref: { container: name } } : undefined;
      } else continue;
      const value = scalarString(item.value) ?? '';
      const leaf = fieldFor(value);
      const edits: (Edit | undefined)[] = [ctx.fixer.removePairCascade(map, item)];
      if (target && leaf && !getIn(target.base, ['securityContext', 'seccompProfile', 'type'])) {
        edits.push(
          leaf.scalar.startsWith('{')
            ? ctx.fixer.ensure(target.base, ['securityContext', 'seccompProfile'], leaf)
            : ctx.fixer.ensure(target.base, ['securityContext', 'seccompProfile', 'type'], leaf),
        );
      }
      ctx.report({
        at: item,
        messageId: 'deadAnnotation',
        data: target ? { annotation: key, target: target.ref } : { annotation: key },
        fix: ctx.fixer.fix(
          leaf && target ? 'Move to `securityContext.seccompProfile`' : 'Remove the dead annotation',
          'safe',
          ...edits,
        ),
      });
    }
  },
});
