import { asBool, mapGet } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { hostPathVolumes, mountsOf } from './lib/host-path';
import { containerRef, describe, missingInContainer, type ContainerRef } from './lib/util';

export const writableHostPathMount = defineRule({
  id: 'writable-host-path-mount',
  title: 'Writable hostPath mount',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-POD-005'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags each `volumeMount` of a hostPath volume that is not `readOnly: true`. Writability is a property of the mount, so every container’s mounts are checked.',
    whyBad:
      'A writable host mount lets the container change files on the node: plant a binary or a cron entry, overwrite kubelet or runtime configuration, or fill the node’s disk. The Microsoft Threat Matrix lists it as "Writable hostPath mount" (persistence, privilege escalation, lateral movement).',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
            volumeMounts:
              - name: logs
                mountPath: /host/logs
        volumes:
          - name: logs
            hostPath:
              path: /var/log
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
              - name: logs
                mountPath: /host/logs
                readOnly: true
        volumes:
          - name: logs
            hostPath:
              path: /var/log
    `,
    remediation:
      'Add `readOnly: true` to the volumeMount (and `recursiveReadOnly: Enabled` on Kubernetes 1.33+ so submounts are read-only too).',
    fixSafety:
      'Unsafe: a log shipper or agent that writes to the host path breaks; offered as a quick fix only.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
    peers: { kubeLinter: 'writable-host-mount', kubescape: 'C-0045' },
  },
  messages: {
    writableMount: (d: { container: ContainerRef; path: string | undefined; volume: string }) =>
      `${describe(d.container)} mounts host path ${d.path ?? ''} (volume "${d.volume}") writable; add \`readOnly: true\`.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    for (const v of hostPathVolumes(pod)) {
      for (const m of mountsOf(pod, v.name)) {
        const ro = mapGet(m.mount, 'readOnly');
        if (ro && asBool(ro.value) === true) continue;
        ctx.report({
          at: ro ?? mapGet(m.mount, 'name') ?? missingInContainer(m.container, ['volumeMounts']),
          messageId: 'writableMount',
          data: { container: containerRef(m.container), path: v.path, volume: v.name },
          fix: ctx.fixer.fix(
            'Mount it `readOnly: true`',
            'unsafe',
            ctx.fixer.ensure(m.mount, ['readOnly'], { scalar: 'true' }),
          ),
        });
      }
    }
  },
});
