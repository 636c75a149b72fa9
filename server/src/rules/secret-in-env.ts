import { isMap, isSeq, type Pair, type Scalar } from 'yaml';
import type { Fix, Fixer } from '../engine/fix';
import { mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { columnOf } from '../engine/text';
import { yaml } from '../engine/yaml-tag';
import { reasonText, secretReason, type SecretReason } from './lib/secrets';
import { containerRef, describe, type ContainerRef } from './lib/util';

function secretRefFix(
  fixer: Fixer,
  pair: Pair,
  flow: boolean,
  envName: string,
  secret: string,
): Fix | undefined {
  const keyStart = (pair.key as Scalar | null)?.range?.[0];
  if (keyStart === undefined) return undefined;
  const key =
    envName
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'key';
  const name = `\${1:${secret}}`;
  const k = `\${2:${key}}`;
  let newText: string;
  if (flow) {
    newText = `valueFrom: {secretKeyRef: {name: ${name}, key: ${k}}}`;
  } else {
    const col = columnOf(fixer.text, keyStart);
    const unit = fixer.indentUnit;
    const eol = fixer.eol;
    const pad = (n: number): string => ' '.repeat(col + n * unit);
    newText = `valueFrom:${eol}${pad(1)}secretKeyRef:${eol}${pad(2)}name: ${name}${eol}${pad(2)}key: ${k}`;
  }
  return fixer.snippetFix(
    'Read the value from a Secret (`valueFrom.secretKeyRef`)',
    'unsafe',
    fixer.replacePair(pair, newText),
  );
}

export const secretInEnv = defineRule({
  id: 'secret-in-env',
  title: 'Literal secret in an environment variable',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-SEC-001'],
  attack: ['T1552.001'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags `env[*].value` literals of every container whose variable name marks a credential (its words contain password, secret, token, credential, bearer, apikey or privatekey, or `key` after a qualifier such as `API_KEY` or `AZURE_BATCH_KEY`; names ending in `_NAME`, `_FILE`, `_PATH`, `_ID`, … are skipped), or whose value looks like one (a PEM private key, a JSON Web Token, an AWS access key id, a GitHub or Slack token, a URL with a password). Empty values, `$(VAR)` references, booleans and file paths are not reported.',
    whyBad:
      'A literal in the manifest ends up in Git history, in every rendered copy of the chart, in `kubectl get -o yaml` output for anyone who can read the workload, and in the last-applied annotation. None of the controls on Secrets (RBAC, encryption at rest, rotation) apply to it.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            env:
              - name: DB_PASSWORD
                value: hunter2
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
            env:
              - name: DB_PASSWORD
                valueFrom:
                  secretKeyRef:
                    name: app-secrets
                    key: db-password
    `,
    remediation:
      'Move the value into a Secret (or an external secret store) and reference it with `valueFrom.secretKeyRef`; rotate the credential, since it has been exposed.',
    fixSafety:
      'Unsafe: the fix replaces `value:` with a `valueFrom.secretKeyRef` whose Secret name and key are placeholders (a snippet); the Secret must exist before the pod starts. Offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    ],
    peers: { kubeLinter: 'env-var-secret', polaris: 'sensitiveContainerEnvVar', kubescape: 'C-0012' },
    notes: 'The message never repeats the value.',
  },
  messages: {
    literalSecret: (d: { container: ContainerRef; variable: string; reason: SecretReason }) =>
      `${describe(d.container)} sets ${d.variable} to a literal value (${reasonText(d.reason)}); read it from a Secret with \`valueFrom.secretKeyRef\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    for (const c of pod.containers) {
      const env = mapGet(c.map, 'env')?.value;
      if (!isSeq(env)) continue;
      for (const item of env.items) {
        if (!isMap(item)) continue;
        const name = scalarString(mapGet(item, 'name')?.value);
        const valueField = mapGet(item, 'value');
        const value = scalarString(valueField?.value);
        if (!valueField || name === undefined || value === undefined || value === '') continue;
        const reason = secretReason(name, value);
        const at = ctx.fixer.pairExtent(valueField.pair);
        if (!reason || !at) continue;
        ctx.report({
          at,
          messageId: 'literalSecret',
          data: { container: containerRef(c), variable: name, reason },
          fix: secretRefFix(
            ctx.fixer,
            valueField.pair,
            item.flow === true,
            name,
            `${ctx.object.name || 'app'}-secrets`,
          ),
        });
      }
    }
  },
});
