import { isMap, isSeq } from 'yaml';
import { getIn, mapGet, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const secretAsEnvVar = defineRule({
  id: 'secret-as-env-var',
  title: 'Secret exposed as an environment variable',
  severity: 'info',
  kinds: 'workloads',
  recommended: false,
  catalog: ['K8S-SEC-002'],
  attack: ['T1552'],
  fix: 'never',
  docs: {
    whatItDoes: 'Flags `env[*].valueFrom.secretKeyRef` and `envFrom[*].secretRef` in every container.',
    whyBad:
      'Environment variables are inherited by every child process, printed by crash handlers and debug endpoints, and readable from `/proc/<pid>/environ` by anything that shares the process namespace. A Secret mounted as a file can be read-only, rotated without a restart and kept out of logs.',
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
                valueFrom:
                  secretKeyRef:
                    name: app-secrets
                    key: db-password
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
            volumeMounts:
              - name: secrets
                mountPath: /var/run/secrets/app
                readOnly: true
        volumes:
          - name: secrets
            secret:
              secretName: app-secrets
    `,
    remediation: 'Mount the Secret as a read-only `secret` volume and have the application read the file.',
    references: [
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
    ],
    peers: {
      kubeLinter: 'read-secret-from-env-var',
      kubesec: 'SecretsAsEnvironmentVariables',
      kubescape: 'C-0207',
      checkov: 'CKV_K8S_35',
    },
    notes: 'No quick fix: the application has to be changed to read a file.',
  },
  messages: {
    envVarFromSecret: (d: {
      container: ContainerRef;
      secret: string | undefined;
      variable: string | undefined;
    }) =>
      `${describe(d.container)} reads Secret${d.secret ? ` "${d.secret}"` : ''} into the environment variable ${d.variable ?? '(unnamed)'}; mount it as a file instead.`,
    envFromSecret: (d: { container: ContainerRef; secret: string | undefined }) =>
      `${describe(d.container)} loads every key of Secret${d.secret ? ` "${d.secret}"` : ''} into its environment; mount it as a file instead.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const env = mapGet(c.map, 'env')?.value;
      if (isSeq(env)) {
        for (const item of env.items) {
          const ref = getIn(item, ['valueFrom', 'secretKeyRef']);
          if (!ref) continue;
          ctx.report({
            at: ref,
            messageId: 'envVarFromSecret',
            data: {
              container: containerRef(c),
              secret: scalarString(mapGet(ref.value, 'name')?.value),
              variable: scalarString(mapGet(item, 'name')?.value),
            },
          });
        }
      }
      const envFrom = mapGet(c.map, 'envFrom')?.value;
      if (isSeq(envFrom)) {
        for (const item of envFrom.items) {
          if (!isMap(item)) continue;
          const ref = mapGet(item, 'secretRef');
          if (!ref) continue;
          ctx.report({
            at: ref,
            messageId: 'envFromSecret',
            data: { container: containerRef(c), secret: scalarString(mapGet(ref.value, 'name')?.value) },
          });
        }
      }
    }
  },
});
