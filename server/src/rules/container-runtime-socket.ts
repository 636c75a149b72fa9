import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { hostPathVolumes, removeVolumeFix } from './lib/host-path';

const SOCKETS: ReadonlySet<string> = new Set([
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/docker',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd',
  '/var/run/containerd',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/podman/podman.sock',
]);

export function isRuntimeSocket(path: string): boolean {
  return SOCKETS.has(path) || /(^|\/)(docker|containerd|crio|cri-dockerd|podman)\.sock$/.test(path);
}

export const containerRuntimeSocket = defineRule({
  id: 'container-runtime-socket',
  title: 'Container-runtime socket mounted',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-POD-007'],
  attack: ['T1611', 'T1609'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags hostPath volumes of a container runtime’s API socket or directory: Docker (`/var/run/docker.sock`), containerd, CRI-O, cri-dockerd and Podman, and any path ending in `docker.sock`, `containerd.sock`, `crio.sock` or `podman.sock`.',
    whyBad:
      'Whoever talks to the runtime socket can start a privileged container with the host’s root filesystem mounted: it is root on the node. ATT&CK names "a mounted container management socket, such as docker.sock" under Escape to Host.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: builder
      spec:
        containers:
          - name: builder
            image: registry.example/builder:1.0
            volumeMounts:
              - name: docker
                mountPath: /var/run/docker.sock
        volumes:
          - name: docker
            hostPath:
              path: /var/run/docker.sock
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: builder
      spec:
        containers:
          - name: builder
            image: registry.example/builder:1.0
    `,
    remediation:
      'Remove the socket mount; build images with a daemonless builder (BuildKit rootless, kaniko) instead of the node’s runtime.',
    fixSafety:
      'Unsafe: the fix removes the volume and its mounts, which the workload uses; offered as a quick fix only.',
    references: [
      'https://attack.mitre.org/techniques/T1611/',
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
    ],
    peers: {
      kubeLinter: 'docker-sock',
      kubesec: 'DockerSock',
      kubescape: 'C-0074',
      trivy: 'KSV006',
      checkov: 'CKV_K8S_27',
    },
  },
  messages: {
    runtimeSocket: (d: { volume: string; path: string }) =>
      `Volume "${d.volume}" mounts the container runtime socket ${d.path}: control of the runtime is root on the node.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    for (const v of hostPathVolumes(pod)) {
      if (!v.path || !isRuntimeSocket(v.path) || !v.pathField) continue;
      ctx.report({
        at: v.pathField,
        messageId: 'runtimeSocket',
        data: { volume: v.name, path: v.path },
        fix: removeVolumeFix(ctx.fixer, pod, v),
      });
    }
  },
});
