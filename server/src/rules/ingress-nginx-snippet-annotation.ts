import { isMap, isPair } from 'yaml';
import { getIn, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { isIngress, label, objectRef, type ObjectRef } from './lib/objects';

/** Annotations whose values ingress-nginx writes into its configuration. */
const VALUE_ANNOTATIONS = ['auth-url', 'auth-tls-match-cn', 'mirror-target', 'mirror-host'];
/** Characters that break out of an nginx directive. */
const INJECTION = /[;{}$"'`\\\n\r]/;

export const ingressNginxSnippetAnnotation = defineRule({
  id: 'ingress-nginx-snippet-annotation',
  title: 'Dangerous ingress-nginx annotation',
  severity: 'error',
  kinds: ['Ingress'],
  recommended: true,
  catalog: ['K8S-NET-006'],
  attack: ['T1190', 'T1552.007'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags Ingress annotations whose key contains `snippet` (`nginx.ingress.kubernetes.io/configuration-snippet`, `server-snippet`, `auth-snippet`, …), and `auth-url`, `auth-tls-match-cn`, `mirror-target` or `mirror-host` annotations whose value holds characters that end an nginx directive (`;`, `{`, `}`, `$`, quotes, backslash, newline).',
    whyBad:
      'ingress-nginx copies these values into its nginx configuration. The controller runs with a service account that can read every Secret in the cluster, so whoever can create an Ingress can run nginx directives (or Lua) in the controller and read its token (CVE-2021-25742, CVE-2023-5044, CVE-2025-1097 and related).',
    example: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        annotations:
          nginx.ingress.kubernetes.io/configuration-snippet: |
            more_set_headers "X-Frame-Options: DENY";
      spec:
        tls:
          - hosts: [web.example.com]
            secretName: web-tls
    `,
    useInstead: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        annotations:
          nginx.ingress.kubernetes.io/ssl-redirect: "true"
      spec:
        tls:
          - hosts: [web.example.com]
            secretName: web-tls
    `,
    remediation:
      'Remove the annotation and express the setting with the controller’s dedicated annotations or its ConfigMap; keep `allow-snippet-annotations: "false"` on the controller.',
    fixSafety:
      'Unsafe: the configuration the snippet added (headers, rewrites, auth) goes away; offered as a quick fix only.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#configuration-snippet',
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
    ],
    peers: { kubescape: 'C-0059', trivy: 'KCV-0093', checkov: 'CKV_K8S_153' },
  },
  messages: {
    snippet: (d: { ingress: ObjectRef; annotation: string }) =>
      `${label(d.ingress)} annotation ${d.annotation} injects raw configuration into the controller; remove it.`,
    injection: (d: { ingress: ObjectRef; annotation: string }) =>
      `${label(d.ingress)} annotation ${d.annotation} holds characters that inject configuration into the controller; remove it.`,
  },
  check(ctx) {
    const obj = ctx.object;
    if (!isIngress(obj)) return;
    const annotations = getIn(obj.root, ['metadata', 'annotations'])?.value;
    if (!isMap(annotations)) return;
    for (const p of annotations.items) {
      if (!isPair(p)) continue;
      const key = scalarString(p.key);
      if (key === undefined) continue;
      const name = key.slice(key.lastIndexOf('/') + 1);
      const value = scalarString(p.value) ?? '';
      let messageId: 'snippet' | 'injection' | undefined;
      if (key.toLowerCase().includes('snippet')) messageId = 'snippet';
      else if (VALUE_ANNOTATIONS.includes(name) && key.includes('ingress') && INJECTION.test(value)) {
        messageId = 'injection';
      }
      const at = ctx.fixer.pairExtent(p);
      if (!messageId || !at) continue;
      ctx.report({
        at,
        messageId,
        data: { ingress: objectRef(obj), annotation: key },
        fix: ctx.fixer.fix(`Remove annotation ${key}`, 'unsafe', ctx.fixer.removePairCascade(annotations, p)),
      });
    }
  },
});
