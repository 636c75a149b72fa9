import { defineRule } from '../engine/rule';
import { yaml } from '../engine/yaml-tag';
import { imageField } from './lib/image';
import { containerRef, describe, type ContainerRef } from './lib/util';

export const imageTagLatest = defineRule({
  id: 'image-tag-latest',
  title: 'Image tag `latest` or missing',
  severity: 'warning',
  kinds: 'workloads',
  recommended: true,
  catalog: ['K8S-IMG-001'],
  attack: ['T1525', 'T1204.003'],
  fix: 'always',
  docs: {
    whatItDoes:
      'Flags container images that are not pinned by a digest and either have no tag or the tag `latest`. Only the last path segment can hold a tag: `registry:5000/app` has none (the `:5000` is a port), and `app@sha256:…` counts as pinned.',
    whyBad:
      'A moving tag makes the running code depend on when each node pulled the image. Whoever can push to the repository (or poison a node’s cache) changes what runs without touching the manifest, rollbacks are not reproducible, and the image that was reviewed is not necessarily the one that runs.',
    example: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:latest
    `,
    useInstead: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
          - name: app
            image: registry.example/app:1.4.2
    `,
    remediation: 'Reference an immutable version tag, or better a digest (`image@sha256:…`).',
    fixSafety:
      'Unsafe: the fix replaces the tag with a `version` placeholder (a snippet) that must be filled in with a tag that exists; offered as a quick fix only.',
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
    ],
    peers: {
      kubeLinter: 'latest-tag',
      polaris: 'tagNotSpecified',
      kubescape: 'C-0075',
      trivy: 'KSV013',
      checkov: 'CKV_K8S_14',
    },
    notes:
      'Polaris’s `^.+:.+$` treats `registry:5000/app` as tagged; here only the last path segment is read, as the container runtime does.',
  },
  messages: {
    noTag: (d: { container: ContainerRef; image: string }) =>
      `${describe(d.container)} image "${d.image}" has no tag; pin a version tag or a digest.`,
    latestTag: (d: { container: ContainerRef; image: string }) =>
      `${describe(d.container)} image "${d.image}" uses the tag \`latest\`; pin a version tag or a digest.`,
  },
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const img = imageField(c);
      if (!img || img.ref.digest !== undefined) continue;
      if (img.ref.tag !== undefined && img.ref.tag !== 'latest') continue;
      ctx.report({
        at: img.field,
        messageId: img.ref.tag === undefined ? 'noTag' : 'latestTag',
        data: { container: containerRef(c), image: img.text },
        fix: ctx.fixer.snippetFix(
          'Pin the image to a version tag',
          'unsafe',
          ctx.fixer.replaceQuoted(img.node, `${img.ref.name}:\${1:version}`),
        ),
      });
    }
  },
});
