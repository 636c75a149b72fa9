import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import { childPlace, existsIn, rootPlace, type Place } from '../engine/k8s-fields';
import type { YValue } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { securityTechniques } from './lib/security-fields';
import { unknownField } from './unknown-field';

/** `a`, `b` or `c`, each in backticks. */
function orList(values: readonly string[]): string {
  const q = values.map((v) => (v === '' ? '""' : `\`${v}\``));
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1] ?? ''}`;
}

export const invalidValue = defineRule({
  id: 'invalid-value',
  title: 'Value the API server rejects',
  severity: 'error',
  kinds: unknownField.kinds,
  recommended: true,
  catalog: [],
  attack: ['T1562'],
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Flags values of enumerated fields that the API server rejects, in the same objects `unknown-field` checks: `seccompProfile.type: runtimeDefault`, `imagePullPolicy: always`, `procMount: unmasked`, a Service `type: Nodeport`. The valid values come from the Kubernetes OpenAPI schema, limited to the enums the API server validates (the generator keeps a list checked against the validation code).',
    whyBad:
      'The object does not apply at all: `kubectl apply`, Helm, Argo CD or Flux fail on it, often far from the editor, and a hardening change written with the wrong case never reaches the cluster.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          seccompProfile:
            type: runtimeDefault
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
    remediation: 'Write one of the values the message lists, with its exact case.',
    fixSafety:
      'Safe when the value differs from a valid one only in case: the fix writes the value the author meant, keeping the quoting. No fix otherwise.',
    references: [
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go',
      'https://kubernetes.io/docs/reference/kubernetes-api/',
    ],
    peers: {},
    notes:
      'Carries the ATT&CK techniques of the rules that read the field (a rejected `seccompProfile.type` carries those of the seccomp rules); others carry T1562 Impair Defenses.',
  },
  messages: {
    invalidValue: (d: { field: string; value: string; values: readonly string[]; suggestion?: string }) =>
      `\`${d.field}: ${d.value}\` is rejected by the API server, so the object does not apply; ${d.suggestion === undefined ? `use ${orList(d.values)}` : `did you mean \`${d.suggestion}\`? Valid values: ${orList(d.values)}`}.`,
  },
  check(ctx) {
    const root = rootPlace(ctx.object.apiVersion, ctx.object.kind);
    if (root.kind !== 'object') return;
    const walk = (node: YValue, place: Place, typeName: string, field: string, depth: number): void => {
      if (depth > 64) return;
      // Aliases are not followed: the anchored node is checked where it is written (and an alias
      // bomb stays linear).
      const n = node;
      if (isMap(n) && place.kind === 'object') {
        for (const item of n.items) {
          if (!isPair(item) || !isScalar(item.key)) continue;
          const key = String(item.key.value);
          const info = place.type.fields.get(key);
          if (!info || !existsIn(info, ctx.version)) continue;
          const ref = info.ref;
          if (ref.kind === 'scalar' && ref.values) {
            checkValue(item as Pair<Scalar>, place.type.name, key, ref.values);
            continue;
          }
          walk(item.value, ref, place.type.name, key, depth + 1);
        }
      } else if (isMap(n) && place.kind === 'map') {
        for (const item of n.items) {
          if (isPair(item)) walk(item.value, place.of, typeName, field, depth + 1);
        }
      } else if (isSeq(n)) {
        n.items.forEach((item, i) => {
          walk(item, childPlace(place, i), typeName, field, depth + 1);
        });
      }
    };
    const checkValue = (
      pair: Pair<Scalar>,
      typeName: string,
      key: string,
      values: readonly string[],
    ): void => {
      const v = pair.value;
      // A null (`key:`) is the default; a number or boolean is a type error the enum does not cover.
      if (!isScalar(v) || typeof v.value !== 'string' || values.includes(v.value)) return;
      const value = v.value;
      const lower = value.toLowerCase();
      const sameButCase = values.filter((x) => x.toLowerCase() === lower);
      const suggestion = sameButCase.length === 1 ? sameButCase[0] : undefined;
      const attack = securityTechniques(typeName, key);
      ctx.report({
        at: pair,
        ...(attack ? { attack } : {}),
        messageId: 'invalidValue',
        data:
          suggestion === undefined
            ? { field: key, value, values }
            : { field: key, value, values, suggestion },
        fix:
          suggestion === undefined
            ? undefined
            : ctx.fixer.fix(`Write \`${suggestion}\``, 'safe', ctx.fixer.replaceQuoted(v, suggestion)),
      });
    };
    walk(ctx.object.root, root, '', '', 0);
  },
});
