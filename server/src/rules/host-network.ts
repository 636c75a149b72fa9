import { hostNamespaceRule } from './lib/host-namespace';

export const hostNetwork = hostNamespaceRule({
  id: 'host-network',
  key: 'hostNetwork',
  title: 'Host network namespace shared',
  catalog: 'K8S-POD-001',
  why: 'A pod on the host network sees every interface of the node, can bind to node ports, reach services listening on localhost (the kubelet, cloud metadata, other pods bound to localhost) and sniff traffic. NetworkPolicy does not apply to it.',
  attack: ['T1611', 'T1046'],
  peers: {
    kubeLinter: 'host-network',
    kubesec: 'HostNetwork',
    polaris: 'hostNetworkSet',
    kubescape: 'C-0041',
    trivy: 'KSV009',
    checkov: 'CKV_K8S_19',
  },
});
