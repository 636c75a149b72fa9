import { isMap, isPair } from 'yaml';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { reasonText, secretReason, secretValueKind, type SecretReason } from './lib/secrets';

function decodeBase64(s: string): string {
  try {
    return Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('latin1');
  } catch {
    return '';
  }
}

export const secretInConfigmap = defineRule({
  id: 'secret-in-configmap',
  title: 'Sensitive data in a ConfigMap',
  severity: 'error',
  kinds: ['ConfigMap'],
  recommended: true,
  catalog: ['K8S-SEC-003'],
  attack: ['T1552.001'],
  fix: 'never',
  docs: {
    whatItDoes:
      'Flags `data` and `binaryData` entries of a ConfigMap whose key marks a credential (the same name rules as `secret-in-env`: password, secret, token, `API_KEY`, …) or whose value looks like one (a PEM private key, a JSON Web Token, an AWS access key id, a GitHub or Slack token, a URL with a password; `binaryData` is base64-decoded first).',
    whyBad:
      'ConfigMaps are meant for non-confidential data: RBAC roles commonly grant read access to them, they are not encrypted at rest even where Secrets are, and tools print them freely. A credential stored there is readable by far more people and processes than intended.',
    example: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app
      data:
        db_user: app
        db_password: hunter2
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app
      data:
        db_user: app
    `,
    remediation:
      'Move the entry into a Secret (or an external secret store), reference it from the pod, and rotate the credential.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/configmap/',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    ],
    peers: { polaris: 'sensitiveConfigmapContent', kubescape: 'C-0012', trivy: 'KSV01010' },
    notes:
      'No quick fix yet: moving the entry needs a new Secret manifest. The message never repeats the value.',
  },
  messages: {
    credential: (d: {
      configMap: string;
      section: 'data' | 'binaryData';
      key: string;
      reason: SecretReason;
    }) =>
      `ConfigMap "${d.configMap}" ${d.section} entry ${d.key} holds a credential (${reasonText(d.reason)}); move it to a Secret.`,
  },
  check(ctx) {
    for (const section of ['data', 'binaryData'] as const) {
      const map = mapGet(ctx.object.root, section)?.value;
      if (!isMap(map)) continue;
      for (const p of map.items) {
        if (!isPair(p)) continue;
        const key = scalarString(p.key);
        const raw = scalarString(p.value);
        if (key === undefined || raw === undefined || raw === '') continue;
        const value = section === 'binaryData' ? decodeBase64(raw) : raw;
        const looksLike = section === 'binaryData' ? secretValueKind(value) : undefined;
        const reason: SecretReason | undefined = looksLike
          ? { by: 'value', looksLike }
          : secretReason(key, section === 'binaryData' ? 'binary' : value);
        const at = ctx.fixer.pairExtent(p);
        if (!reason || !at) continue;
        ctx.report({
          at,
          messageId: 'credential',
          data: { configMap: ctx.object.name, section, key, reason },
        });
      }
    }
  },
});
