import type { Pair } from 'yaml';
import { asInt, type Field } from '../engine/node';
import { defineRule } from '../engine/rule';
import { effective } from '../engine/workload';
import { yaml } from '../engine/yaml-tag';
import { containerRef, describe, type ContainerRef } from './lib/util';

const LIMIT = 10000;

export const lowUserId = defineRule({
  id: 'low-user-id',
  title: 'Low UID or GID',
  severity: 'info',
  kinds: 'workloads',
  recommended: false,
  catalog: ['K8S-CTR-010'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags an effective `runAsUser` or `runAsGroup` (the container’s value, else the pod’s) between 1 and 10000. Each field is reported once, however many containers inherit it. 0 is left to `run-as-user-root` and `run-as-group-root`; pods with `hostUsers: false` (user namespaces) and Windows pods are skipped.',
    whyBad:
      'Without user namespaces, a container UID is the same UID on the node. Low UIDs and GIDs belong to system accounts and daemons on most hosts, so a process that escapes the container with such an ID may own, or be able to signal, host files and processes. IDs above 10000 are unlikely to collide.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          runAsUser: 1000
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
          runAsUser: 10001
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Use a UID and GID above 10000 (and build the image for it), or run the pod in a user namespace with `hostUsers: false`.',
    fixSafety:
      'Unsafe: files in the image or on volumes may be owned by the old ID, and the new ID is a placeholder to choose; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/',
    ],
    peers: { kubesec: 'RunAsUser / RunAsGroup', trivy: 'KSV020 / KSV021', checkov: 'CKV_K8S_40' },
  },
  messages: {
    lowId: (
      d: { key: 'runAsUser' | 'runAsGroup'; id: number } & (
        { container: ContainerRef } | { containers: readonly string[] }
      ),
    ) => {
      const what = d.key === 'runAsUser' ? 'UID' : 'GID';
      const who =
        'container' in d
          ? describe(d.container)
          : `Pod (${d.containers.length === 1 ? 'container' : 'containers'} ${d.containers.map((n) => `"${n}"`).join(', ')})`;
      return `${who} runs with ${what} ${d.id}, which may match a system account on the node; use a ${what} above ${LIMIT}.`;
    },
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod || pod.isWindows || pod.userNamespaces) return;
    const seen = new Map<
      Pair,
      {
        field: Field;
        level: 'container' | 'pod';
        names: string[];
        key: 'runAsUser' | 'runAsGroup';
        container: ContainerRef;
      }
    >();
    for (const c of pod.containers) {
      for (const key of ['runAsUser', 'runAsGroup'] as const) {
        const eff = effective(pod, c, key);
        if (!eff) continue;
        const id = asInt(eff.field.value);
        if (id === undefined || id <= 0 || id > LIMIT) continue;
        const entry = seen.get(eff.field.pair) ?? {
          field: eff.field,
          level: eff.level,
          names: [],
          key,
          container: containerRef(c),
        };
        entry.names.push(c.name);
        seen.set(eff.field.pair, entry);
      }
    }
    for (const e of seen.values()) {
      const f = e.field;
      const id = asInt(f.value);
      if (id === undefined) continue;
      ctx.report({
        at: f,
        messageId: 'lowId',
        data:
          e.level === 'container'
            ? { key: e.key, id, container: e.container }
            : { key: e.key, id, containers: e.names },
        fix: ctx.fixer.snippetFix(
          `Set \`${e.key}\` above ${LIMIT}`,
          'unsafe',
          ctx.fixer.setValue(f, '${1:10001}'),
        ),
      });
    }
  },
});
