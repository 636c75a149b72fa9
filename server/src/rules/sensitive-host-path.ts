import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { hostPathVolumes, removeVolumeFix } from './lib/host-path';

/** Host directories whose exposure gives away the node (catalog K8S-POD-006, plus kubelet and runtime state). */
export const SENSITIVE_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/proc',
  '/sys',
  '/usr',
  '/root',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/etc/kubernetes',
]);

export const sensitiveHostPath = defineRule({
  id: 'sensitive-host-path',
  title: 'Sensitive host directory mounted',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-POD-006'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags hostPath volumes of the node’s root or system directories: `/`, `/boot`, `/dev`, `/etc`, `/lib`, `/proc`, `/sys`, `/usr`, `/root`, `/var/lib/docker`, `/var/lib/containerd`, `/var/lib/kubelet`, `/etc/kubernetes` (trailing slashes ignored).',
    whyBad:
      'These directories hold the node’s credentials (kubelet and cluster certificates, SSH keys), its kernel interfaces and every container’s filesystem. Reading them leaks secrets of other workloads; writing them is a direct escape.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.0
        volumes:
          - name: host-etc
            hostPath:
              path: /etc
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
        volumes:
          - name: config
            configMap:
              name: app-config
    `,
    remediation:
      'Remove the volume and its mounts; pass configuration through ConfigMaps and Secrets instead.',
    fixSafety:
      'Unsafe: the fix removes the volume and every mount of it, which node agents may need; offered as a quick fix only.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
    peers: { kubeLinter: 'sensitive-host-mounts', kubesec: 'ProcMount (/proc only)', trivy: 'KSV121' },
  },
  messages: {
    sensitivePath: (d: { volume: string; path: string }) =>
      `Volume "${d.volume}" mounts the node's ${d.path} directory.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    for (const v of hostPathVolumes(pod)) {
      if (!v.path || !SENSITIVE_PATHS.has(v.path) || !v.pathField) continue;
      ctx.report({
        at: v.pathField,
        messageId: 'sensitivePath',
        data: { volume: v.name, path: v.path },
        fix: removeVolumeFix(ctx.fixer, pod, v),
      });
    }
  },
});
