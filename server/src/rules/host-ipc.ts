import { hostNamespaceRule } from './lib/host-namespace';

export const hostIpc = hostNamespaceRule({
  id: 'host-ipc',
  key: 'hostIPC',
  title: 'Host IPC namespace shared',
  catalog: 'K8S-POD-003',
  why: 'With the host IPC namespace a container can read and write the shared memory segments and message queues of every process on the node.',
  attack: ['T1611'],
  peers: {
    kubeLinter: 'host-ipc',
    kubesec: 'HostIPC',
    polaris: 'hostIPCSet',
    kubescape: 'C-0038',
    trivy: 'KSV008',
    checkov: 'CKV_K8S_18',
  },
});
