import { isMap, isSeq } from 'yaml';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { keySpan } from '../engine/locate';
import { yaml } from '../engine/yaml-tag';
import { isIngress, label, objectRef, type ObjectRef } from './lib/objects';

export const ingressWithoutTls = defineRule({
  id: 'ingress-without-tls',
  title: 'Ingress without TLS',
  severity: 'warning',
  kinds: ['Ingress'],
  recommended: false,
  catalog: ['K8S-NET-003'],
  attack: ['T1040', 'T1557'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags Ingresses whose `spec.tls` is missing or empty, reported on `tls` when present, else on `spec`.',
    whyBad:
      'Without TLS the Ingress serves plain HTTP: credentials, session cookies and data cross the network in clear text, where anyone on the path can read or change them.',
    example: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        rules:
          - host: web.example.com
            http:
              paths:
                - path: /
                  pathType: Prefix
                  backend:
                    service: {name: web, port: {number: 80}}
    `,
    useInstead: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        tls:
          - hosts: [web.example.com]
            secretName: web-tls
        rules:
          - host: web.example.com
            http:
              paths:
                - path: /
                  pathType: Prefix
                  backend:
                    service: {name: web, port: {number: 80}}
    `,
    remediation:
      'Add a `tls` entry for the Ingress hosts with the Secret that holds the certificate (cert-manager can issue it).',
    fixSafety:
      'Unsafe: the fix inserts a `tls` entry for the rules’ hosts whose Secret name is a placeholder (a snippet); the Secret must exist. Offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://cert-manager.io/docs/usage/ingress/',
    ],
    peers: { polaris: 'tlsSettingsMissing', kubescape: 'C-0263' },
    notes:
      'Not in the recommended profile: TLS is often terminated in front of the Ingress controller (a cloud load balancer) or by its default certificate.',
  },
  messages: {
    noTls: (d: { ingress: ObjectRef }) =>
      `${label(d.ingress)} has no TLS configuration and serves plain HTTP; add a \`tls\` entry with a certificate Secret.`,
  },
  check(ctx) {
    const obj = ctx.object;
    if (!isIngress(obj)) return;
    const specField = mapGet(obj.root, 'spec');
    const spec = specField?.value;
    if (!specField || !isMap(spec)) return;
    const tls = mapGet(spec, 'tls');
    if (tls && isSeq(tls.value) && tls.value.items.length > 0) return;
    if (tls && !isSeq(tls.value) && scalarString(tls.value) !== undefined) return;
    const hosts: string[] = [];
    const rules = mapGet(spec, 'rules')?.value;
    if (isSeq(rules)) {
      for (const r of rules.items) {
        const h = scalarString(mapGet(r, 'host')?.value);
        if (h && !hosts.includes(h)) hosts.push(h);
      }
    }
    const hostsText = hosts.length > 0 ? `hosts: [${hosts.map((h) => JSON.stringify(h)).join(', ')}], ` : '';
    const secret = `${obj.name || 'ingress'}-tls`;
    ctx.report({
      at: tls ?? keySpan(specField),
      messageId: 'noTls',
      data: { ingress: objectRef(obj) },
      fix: ctx.fixer.snippetFix(
        'Add a `tls` entry',
        'unsafe',
        ctx.fixer.ensure(spec, ['tls'], { scalar: `[{${hostsText}secretName: \${1:${secret}}}]` }),
      ),
    });
  },
});
