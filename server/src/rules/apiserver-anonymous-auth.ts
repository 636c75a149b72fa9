import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import {
  APISERVER_REF,
  CIS,
  CIS_URL,
  KUBE_BENCH_MASTER,
  boolFlagMessages,
  checkBoolFlag,
  type BoolFlagCheck,
} from './lib/cis';
import { lastFlag, processesOf } from './lib/flags';

const ANONYMOUS_AUTH = {
  flag: 'anonymous-auth',
  want: false,
  dflt: true,
  section: '1.2.1',
  safety: 'unsafe',
} as const satisfies BoolFlagCheck;

export const apiserverAnonymousAuth = defineRule({
  id: 'apiserver-anonymous-auth',
  title: 'API server accepts anonymous requests',
  severity: 'warning',
  kinds: 'workloads',
  recommended: false,
  catalog: [],
  attack: ['T1133', 'T1613'],
  fix: 'always',
  docs: {
    whatItDoes: `Flags a kube-apiserver static Pod (recognised by the binary its container runs) whose \`--anonymous-auth\` flag is absent or true. ${CIS} §1.2.1.`,
    whyBad:
      'With anonymous authentication on, every request without credentials is served as `system:anonymous` in the group `system:unauthenticated`. One careless RoleBinding to either subject then opens the API to anyone who can reach the port.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --authorization-mode=Node,RBAC
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver
        namespace: kube-system
      spec:
        containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.31.0
            command:
              - kube-apiserver
              - --authorization-mode=Node,RBAC
              - --anonymous-auth=false
    `,
    remediation:
      'Set `--anonymous-auth=false`; if load balancers or probes need unauthenticated `/livez`, `/readyz` or `/healthz`, allow anonymous access to those paths only through an `AuthenticationConfiguration` file (`anonymous.conditions`, Kubernetes 1.32+).',
    fixSafety:
      'Unsafe: kubeadm’s liveness, readiness and startup probes call `/livez` and `/readyz` without credentials; with anonymous auth off they fail and the kubelet restarts the API server. Offered as a quick fix only.',
    references: [
      CIS_URL,
      KUBE_BENCH_MASTER,
      APISERVER_REF,
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
    ],
    notes: `${CIS} §1.2.1 “Ensure that the --anonymous-auth argument is set to false” is a Manual check, so the rule is not in the recommended profile. The flag defaults to true. When the API server reads \`--authentication-config\` and does not set \`--anonymous-auth\`, anonymous access is configured in that file and the rule stays silent (the two must not both configure it).`,
  },
  messages: boolFlagMessages(ANONYMOUS_AUTH),
  check(ctx) {
    for (const p of processesOf(ctx, 'kube-apiserver')) {
      if (!lastFlag(p, 'anonymous-auth') && lastFlag(p, 'authentication-config')) continue;
      checkBoolFlag(ctx, p, ANONYMOUS_AUTH);
    }
  },
});
