import { isMap, isSeq, type Pair, type Scalar } from 'yaml';
import type { Fix } from '../engine/fix';
import { mapGet, scalarString } from '../engine/node';
import { defineRule, type RuleContext } from '../engine/rule';
import { columnOf } from '../engine/text';
import { yaml } from '../engine/yaml-tag';
import { secretReason } from './lib/secrets';
import { describe, pairExtent } from './lib/util';

function secretRefFix(ctx: RuleContext, pair: Pair, flow: boolean, envName: string, secret: string): Fix {
  const span = pairExtent(ctx, pair);
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
    const col = columnOf(ctx.fixer.text, (pair.key as Scalar).range?.[0] ?? span.start);
    const unit = ctx.fixer.indentUnit;
    const eol = ctx.fixer.eol;
    const pad = (n: number): string => ' '.repeat(col + n * unit);
    newText = `valueFrom:${eol}${pad(1)}secretKeyRef:${eol}${pad(2)}name: ${name}${eol}${pad(2)}key: ${k}`;
  }
  return {
    title: 'Read the value from a Secret (`valueFrom.secretKeyRef`)',
    safety: 'unsafe',
    snippet: true,
    edits: [{ start: span.start, end: span.end, newText }],
  };
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
        if (!reason) continue;
        ctx.report({
          at: pairExtent(ctx, valueField.pair),
          message: `${describe(c)} sets ${name} to a literal value (${reason}); read it from a Secret with \`valueFrom.secretKeyRef\`.`,
          fix: secretRefFix(
            ctx,
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
