import { hostNamespaceRule } from './lib/host-namespace';

export const hostPid = hostNamespaceRule({
  id: 'host-pid',
  key: 'hostPID',
  title: 'Host PID namespace shared',
  catalog: 'K8S-POD-002',
  why: 'With the host PID namespace a container sees every process of the node, can read their environment and `/proc/<pid>/root`, and with ptrace or signals interfere with them: a short path to escaping to the host.',
  attack: ['T1611'],
  peers: {
    kubeLinter: 'host-pid',
    kubesec: 'HostPID',
    polaris: 'hostPIDSet',
    kubescape: 'C-0038',
    trivy: 'KSV010',
    checkov: 'CKV_K8S_17',
  },
});
