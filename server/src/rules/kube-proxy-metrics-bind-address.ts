import { scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { field, inGroup } from './lib/config-file';
import { isScalar } from 'yaml';

/** Host and port of `host:port`, `[v6]:port`, a bare host, or a CIDR. */
function split(addr: string): { host: string; port: string | undefined } {
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(addr);
  if (v6) return { host: v6[1] ?? '', port: v6[2] };
  const i = addr.lastIndexOf(':');
  if (i >= 0 && addr.indexOf(':') === i) return { host: addr.slice(0, i), port: addr.slice(i + 1) };
  return { host: addr, port: undefined };
}

function loopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+(?:\/32)?$/.test(host);
}

export const kubeProxyMetricsBindAddress = defineRule({
  id: 'kube-proxy-metrics-bind-address',
  title: 'kube-proxy metrics served beyond localhost',
  severity: 'warning',
  kinds: ['KubeProxyConfiguration'],
  recommended: true,
  catalog: [],
  attack: ['T1046', 'T1613'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a KubeProxyConfiguration (kubeproxy.config.k8s.io) whose \`metricsBindAddress\` is not a loopback address. ${CIS} §4.3.1.`,
    whyBad:
      'kube-proxy’s metrics endpoint has no authentication. On every interface of a host-network Pod it tells anyone on the node network about the cluster’s services, endpoints and sync behaviour, and its `/debug/pprof` handlers are served with it.',
    example: yaml`
      apiVersion: kubeproxy.config.k8s.io/v1alpha1
      kind: KubeProxyConfiguration
      metricsBindAddress: 0.0.0.0:10249
    `,
    useInstead: yaml`
      apiVersion: kubeproxy.config.k8s.io/v1alpha1
      kind: KubeProxyConfiguration
      metricsBindAddress: 127.0.0.1:10249
    `,
    remediation:
      'Set `metricsBindAddress: 127.0.0.1:10249`, or leave it empty for that default; scrape it through a local agent if needed.',
    fixSafety:
      'Unsafe: Prometheus scraping kube-proxy from other hosts (a common kube-prometheus setup) stops working. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/',
    ],
    notes: `${CIS} §4.3.1, Automated. An empty or absent \`metricsBindAddress\` means 127.0.0.1:10249. \`healthzBindAddress\` (default 0.0.0.0:10256) is not checked: the Benchmark does not ask for it, and load balancers probe it for \`externalTrafficPolicy: Local\` services.`,
  },
  messages: {
    metricsExposed: (d: { address: string }) =>
      `kube-proxy serves its unauthenticated metrics on ${d.address}; ${CIS} §4.3.1 requires a localhost address.`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubeproxy.config.k8s.io')) return;
    const f = field(ctx, ['metricsBindAddress']);
    const addr = f ? (scalarString(f.value) ?? '') : '';
    if (!f || addr === '') return;
    const { host, port } = split(addr);
    if (loopback(host)) return;
    const fixed = `127.0.0.1:${port ?? '10249'}`;
    ctx.report({
      at: f,
      messageId: 'metricsExposed',
      data: { address: addr },
      fix: ctx.fixer.fix(
        `Set \`metricsBindAddress: ${fixed}\``,
        'unsafe',
        isScalar(f.value) ? ctx.fixer.replaceQuoted(f.value, fixed) : undefined,
      ),
    });
  },
});
