import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { hostPathVolumes } from './lib/host-path';

export const hostPathVolume = defineRule({
  id: 'host-path-volume',
  title: 'hostPath volume used',
  severity: 'warning',
  kinds: 'workloads',
  pss: { level: 'baseline', check: 'hostPathVolumes' },
  recommended: true,
  catalog: ['K8S-POD-004'],
  attack: ['T1611'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags every `hostPath` volume. Mounts of container-runtime sockets and of sensitive host directories are also reported by `container-runtime-socket` and `sensitive-host-path`, and writable mounts by `writable-host-path-mount`.',
    whyBad:
      'A hostPath volume exposes the node’s filesystem to the pod. Depending on the path it leaks credentials, lets the container write files the node executes, or hands it the container runtime. The Baseline policy forbids every hostPath volume.',
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
          - name: data
            hostPath:
              path: /data
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
          - name: data
            persistentVolumeClaim:
              claimName: data
    `,
    remediation: 'Use a PersistentVolumeClaim, a CSI volume or an `emptyDir` instead of a hostPath volume.',
    fixSafety:
      'Unsafe: replacing the volume with `emptyDir: {}` loses whatever the pod read from or shared with the node; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://github.com/kubernetes/pod-security-admission/blob/master/policy/check_hostPathVolumes.go',
    ],
    peers: { polaris: 'hostPathSet', kubescape: 'C-0048', trivy: 'KSV023' },
  },
  messages: {
    hostPath: (d: { volume: string; path: string | undefined }) =>
      `Volume "${d.volume}" mounts the host path ${d.path ?? '(no path)'} into the pod.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    for (const v of hostPathVolumes(pod)) {
      ctx.report({
        at: v.hostPath,
        messageId: 'hostPath',
        data: { volume: v.name, path: v.path },
        fix: ctx.fixer.fix(
          'Replace the hostPath with `emptyDir: {}`',
          'unsafe',
          ctx.fixer.replacePair(v.hostPath.pair, 'emptyDir: {}'),
        ),
      });
    }
  },
});
