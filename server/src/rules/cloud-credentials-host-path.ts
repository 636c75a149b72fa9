import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { hostPathVolumes, removeVolumeFix } from './lib/host-path';

/** Host paths where cloud CLIs and node agents keep credentials (Kubescape C-0020's provider lists, generalised to any home directory). */
const CREDENTIAL_PATHS: readonly { re: RegExp; what: Credentials }[] = [
  { re: /(^|\/)\.aws(\/|$)/, what: 'aws' },
  { re: /(^|\/)\.azure(\/|$)/, what: 'azure' },
  { re: /^\/etc\/kubernetes\/azure\.json$/, what: 'azureServicePrincipal' },
  { re: /(^|\/)\.config(\/gcloud(\/|$)|$)/, what: 'gcloud' },
  { re: /^\/gcloud(\/|$)/, what: 'gcloud' },
];

/** The kinds of credentials these paths hold, as the message names them. */
const CREDENTIALS = {
  aws: 'AWS credentials',
  azure: 'Azure credentials',
  azureServicePrincipal: 'the Azure cloud-provider service principal',
  gcloud: 'Google Cloud credentials',
} as const;

export type Credentials = keyof typeof CREDENTIALS;

/** What a normalised host path exposes, if it is a cloud-credential location. */
export function cloudCredentialPath(path: string): Credentials | undefined {
  return CREDENTIAL_PATHS.find((p) => p.re.test(path))?.what;
}

export const cloudCredentialsHostPath = defineRule({
  id: 'cloud-credentials-host-path',
  title: 'Cloud-credential host path mounted',
  severity: 'error',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-POD-008'],
  attack: ['T1552.001'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags hostPath volumes of the places where cloud credentials live on a node: any `.aws` or `.azure` directory (or a file in it), `/etc/kubernetes/azure.json` (the AKS service principal), any `.config` or `.config/gcloud` directory and `/gcloud` (Google Cloud SDK credentials). Trailing slashes are ignored.',
    whyBad:
      'These files hold long-lived cloud keys or service-principal secrets of the node or of an administrator. A pod that mounts them can read the keys and act as the node in the cloud account, far beyond the cluster.',
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
              - name: aws
                mountPath: /root/.aws
                readOnly: true
        volumes:
          - name: aws
            hostPath:
              path: /root/.aws
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        serviceAccountName: app
        containers:
          - name: app
            image: registry.example/app:1.0
    `,
    remediation:
      'Remove the volume and its mounts, and give the workload its own cloud identity (EKS Pod Identity or IRSA, AKS Workload Identity, GKE Workload Identity) through its ServiceAccount.',
    fixSafety:
      'Unsafe: the fix removes the volume and every mount of it, so a workload that authenticates with those files fails until it has a workload identity; offered as a quick fix only.',
    references: [
      'https://attack.mitre.org/techniques/T1552/001',
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html',
      'https://learn.microsoft.com/en-us/azure/aks/workload-identity-overview',
      'https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity',
    ],
    peers: { kubescape: 'C-0020' },
    notes:
      'Kubescape C-0020 matches the literal paths `/.aws/`, `/.azure/`, `/.config/gcloud/` and so on from the root, and only for the configured cloud provider; this rule matches those directories under any home directory and for every provider. `/etc` and `/etc/kubernetes` are reported by `sensitive-host-path`.',
  },
  messages: {
    cloudCredentials: (d: { volume: string; path: string; credentials: Credentials }) =>
      `Volume "${d.volume}" mounts ${d.path} from the node, which exposes ${CREDENTIALS[d.credentials]}; remove it and use a workload identity.`,
  },
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    for (const v of hostPathVolumes(pod)) {
      if (v.path === undefined || !v.pathField) continue;
      const credentials = cloudCredentialPath(v.path);
      if (!credentials) continue;
      ctx.report({
        at: v.pathField,
        messageId: 'cloudCredentials',
        data: { volume: v.name, path: v.path, credentials },
        fix: removeVolumeFix(ctx.fixer, pod, v),
      });
    }
  },
});
