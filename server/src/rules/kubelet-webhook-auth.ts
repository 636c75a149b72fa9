import { asBool, scalarString } from '../engine/node';
import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { CIS, CIS_URL, KUBE_BENCH_NODE } from './lib/cis';
import { ensureAt, field, inGroup } from './lib/config-file';

export const kubeletWebhookAuth = defineRule({
  id: 'kubelet-webhook-auth',
  title: 'Kubelet authorizes everything or does not check bearer tokens',
  severity: 'error',
  kinds: ['KubeletConfiguration'],
  recommended: true,
  catalog: [],
  attack: ['T1609', 'T1133'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a KubeletConfiguration with \`authorization.mode: AlwaysAllow\` or \`authentication.webhook.enabled: false\`. ${CIS} §4.2.2.`,
    whyBad:
      'With `AlwaysAllow` any caller the kubelet authenticates (or any anonymous caller) may exec into every container on the node. Webhook authentication is what lets the kubelet verify service-account and user bearer tokens through the API server; with it off, token callers are never identified and RBAC on `nodes/proxy` and friends cannot apply.',
    example: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      authorization:
        mode: AlwaysAllow
    `,
    useInstead: yaml`
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      authorization:
        mode: Webhook
    `,
    remediation:
      'Set `authorization.mode: Webhook` and `authentication.webhook.enabled: true`, or leave both out: they are the v1beta1 file defaults.',
    fixSafety:
      'Unsafe: callers without RBAC permission on the `nodes/*` subresources (metrics scrapers, log shippers) are refused afterwards. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_NODE,
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
    ],
    notes: `${CIS} §4.2.2, Automated (not AlwaysAllow; the Benchmark’s remediation is Webhook). Defaults differ by source: the \`--authorization-mode\` flag defaults to AlwaysAllow and \`--authentication-token-webhook\` to false, but fields left out of a kubelet.config.k8s.io/v1beta1 file default to \`Webhook\` and true, so only explicit values are findings.`,
  },
  messages: {
    alwaysAllow: () =>
      `The kubelet authorizes every request (\`authorization.mode: AlwaysAllow\`); ${CIS} §4.2.2 requires another mode, such as Webhook.`,
    webhookAuthnOff: () =>
      `The kubelet does not verify bearer tokens with the API server (\`authentication.webhook.enabled: false\`), so Webhook authorization cannot identify token callers (${CIS} §4.2.2).`,
  },
  check(ctx) {
    if (!inGroup(ctx, 'kubelet.config.k8s.io')) return;
    const mode = field(ctx, ['authorization', 'mode']);
    if (mode && scalarString(mode.value) === 'AlwaysAllow') {
      ctx.report({
        at: mode,
        messageId: 'alwaysAllow',
        fix: ensureAt(ctx, ['authorization', 'mode'], 'Webhook', 'Set `mode: Webhook`', 'unsafe'),
      });
    }
    const webhook = field(ctx, ['authentication', 'webhook', 'enabled']);
    if (webhook && asBool(webhook.value) === false) {
      ctx.report({
        at: webhook,
        messageId: 'webhookAuthnOff',
        fix: ensureAt(ctx, ['authentication', 'webhook', 'enabled'], 'true', 'Set `enabled: true`', 'unsafe'),
      });
    }
  },
});
