import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { imageField } from './lib/image';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const imageNotPinned = defineRule({
  id: 'image-not-pinned',
  title: 'Image not pinned by digest',
  severity: 'hint',
  kinds: 'workloads',
  recommended: false,
  catalog: ['K8S-IMG-002'],
  attack: ['T1525', 'T1204.003'],
  fix: 'never',
  docs: {
    whatItDoes: 'Flags container images that are not referenced by a digest (`@sha256:…`).',
    whyBad:
      'Tags are mutable: a registry user can move `1.4.2` to different content. Only a digest guarantees that the image that was built, scanned and signed is the one that runs.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.4.2
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.4.2@sha256:3e1f46b54bbb4b2e56d1b7c5a8b7a8d0e3d0a6a6f0c4c7e6f3c1b7e0f3a8d9c2
    `,
    remediation:
      'Append the image digest (`@sha256:…`), for example with `crane digest` or your CD tool’s image-pinning step.',
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests',
    ],
    peers: { kubescape: 'C-0306', checkov: 'CKV_K8S_43' },
    notes: 'No quick fix: the digest has to be looked up in the registry.',
  },
  messages: {
    notPinned: (d: { container: ContainerRef; image: string }) =>
      `${describe(d.container)} image "${d.image}" is not pinned by digest; append \`@sha256:…\`.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const img = imageField(c);
      if (!img || img.ref.digest?.startsWith('sha256:')) continue;
      ctx.report({
        at: img.field,
        messageId: 'notPinned',
        data: { container: containerRef(c), image: img.text },
      });
    }
  },
});
