// `kubeward scan` over the Kustomize fixture trees with the real `kubectl kustomize`: text, JSON and
// SARIF put each finding in the source file (resource, patch, kustomization) and name the overlays;
// --no-render checks every file on its own as before; built output piped in is still one stream.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KUSTOMIZE_FIXTURES } from '../support/kustomize';
import { runCli } from '../support/cli-run';
import { tempTree } from '../support/files';
import { kubectlBinary } from '../support/tools';

const scan = (...args: string[]) =>
  runCli(['scan', '--no-progress', '--kustomize', kubectlBinary(), ...args], KUSTOMIZE_FIXTURES);

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
  rendered?: {
    template: string;
    path: string;
    via: string;
    roots?: string[];
    related: { file: string; line: number }[];
  };
}

describe('kubeward scan over Kustomize trees', () => {
  it('text: findings on the lines a person edits, naming the overlays', async () => {
    const r = await scan('shop');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const at = (prefix: string) => lines.filter((l) => l.startsWith(prefix));
    expect(at('shop/overlays/prod/privileged.yaml:11:13 error privileged-container ')).toHaveLength(1);
    expect(at('shop/overlays/prod/kustomization.yaml:10:5 warning image-tag-latest ')).toHaveLength(1);
    expect(at('shop/overlays/prod/kustomization.yaml:19:9 error host-network ')).toHaveLength(1);
    expect(at('shop/overlays/staging/host-network.yaml:3:3 error host-network ')).toHaveLength(1);
    expect(at('shop/components/debug/kustomization.yaml:19:27 error dangerous-capability ')).toHaveLength(1);
    const base = at('shop/base/deployment.yaml:17:11 warning memory-limits-missing ');
    expect(base).toHaveLength(1);
    expect(base[0]).toContain('(in overlays/prod and overlays/staging)');
    expect(r.err).toBe(
      'kubeward: 34 findings (5 error, 25 warning, 4 info, 0 hint), 0 suppressed, in 1 Kustomize tree, profile recommended\n',
    );
  });

  it('JSON: the rendered field names the root, the object path, how it was found and every overlay', async () => {
    const r = await scan('--format', 'json', 'shop');
    const findings = (JSON.parse(r.out) as { findings: JsonFinding[] }).findings;
    const priv = findings.find((f) => f.ruleId === 'privileged-container');
    expect(priv).toMatchObject({
      file: 'shop/overlays/prod/privileged.yaml',
      line: 11,
      rendered: {
        template: 'overlays/prod',
        path: 'spec.template.spec.containers[0].securityContext.privileged',
        via: 'patch',
        roots: ['overlays/prod'],
      },
    });
    // The patch file's entry in the kustomization that applies it is a related place.
    expect(priv?.rendered?.related).toEqual([
      expect.objectContaining({ file: 'shop/overlays/prod/kustomization.yaml', line: 12 }),
    ]);
    const latest = findings.find((f) => f.ruleId === 'image-tag-latest');
    expect(latest).toMatchObject({
      file: 'shop/overlays/prod/kustomization.yaml',
      line: 10,
      rendered: { via: 'transformer' },
    });
    const mem = findings.find(
      (f) => f.ruleId === 'memory-limits-missing' && f.file === 'shop/base/deployment.yaml',
    );
    expect(mem?.rendered?.roots).toEqual(['overlays/prod', 'overlays/staging']);
  });

  it('transformer entries: what namespace:, commonLabels or images: sets is reported on that entry', async () => {
    const r = await scan('--profile', 'all', '--format', 'json', 'transformers');
    const findings = (JSON.parse(r.out) as { findings: JsonFinding[] }).findings;
    const on = (file: string) =>
      findings
        .filter((f) => f.file === file)
        .map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.rendered?.via ?? ''} ${f.rendered?.path ?? ''}`);
    // namespace: kube-system (line 4), the commonLabels label (line 6), images: newTag (line 9). No
    // rule reads spec.replicas, so nothing is on the replicas: entry (lines 10-12).
    expect(on('transformers/overlays/system/kustomization.yaml')).toEqual([
      '4:1 kube-system-workload transformer metadata.namespace',
      '6:3 namespace-pod-security-enforce transformer metadata.labels["pod-security.kubernetes.io/enforce"]',
      '9:5 image-not-pinned transformer spec.template.spec.containers[0].image',
      '9:5 image-tag-latest transformer spec.template.spec.containers[0].image',
    ]);
    // The base's own values that the overlay overrides (namespace: apps, the restricted label, the
    // pinned tag) are not reported on the base.
    const base = [...on('transformers/base/deployment.yaml'), ...on('transformers/base/namespace.yaml')];
    expect(base.filter((l) => /kube-system-workload|namespace-pod-security-enforce|image-/.test(l))).toEqual(
      [],
    );
  });

  it('a misplaced block in a base resource: the rules that read it report on its key as written, with unknown-field', async () => {
    const dir = tempTree('kw-kustomize-misplaced-', {
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  securityContext:',
        '    runAsNonRoot: true',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers: [{name: app, image: nginx:1.27}]',
        '',
      ].join('\n'),
      'prod/kustomization.yaml': 'resources:\n  - ../base\n',
    });
    const r = await runCli(
      ['scan', '--no-progress', '--kustomize', kubectlBinary(), '--profile', 'all', '--format', 'json', '.'],
      dir,
    );
    const rows = (JSON.parse(r.out) as { findings: JsonFinding[] }).findings
      .filter((f) => f.ruleId === 'run-as-non-root' || f.ruleId === 'unknown-field')
      .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    // Line 7 is `securityContext:` under the Deployment's spec; not the template's `spec:` (line 11).
    expect(rows.sort()).toEqual([
      'base/deployment.yaml:7:3 run-as-non-root',
      'base/deployment.yaml:7:3 unknown-field',
    ]);
  });

  it('--fix-unsafe edits the resource, patch and kustomization lines, in rounds rebuilt; a dry run writes nothing', async () => {
    const dir = tempTree('kw-kustomize-fix-', {});
    cpSync(join(KUSTOMIZE_FIXTURES, 'shop'), dir, { recursive: true });
    const args = ['scan', '--no-progress', '--kustomize', kubectlBinary()];
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const original = (f: string) => readFileSync(join(KUSTOMIZE_FIXTURES, 'shop', f), 'utf8');
    const dry = await runCli([...args, '--fix-unsafe', '--fix-dry-run', '.'], dir);
    expect(dry.err).toMatch(/kubeward: \d+ fixes would be applied in 7 files \(dry run: nothing written\)/);
    expect(read('overlays/prod/privileged.yaml')).toBe(original('overlays/prod/privileged.yaml'));
    const r = await runCli([...args, '--fix-unsafe', '.'], dir);
    expect(r.err).toMatch(/kubeward: applied \d+ fixes in 7 files/);
    // A patch file, a JSON 6902 operation in a file and inline, and the pod spec of the base.
    expect(read('overlays/prod/privileged.yaml')).toBe(
      original('overlays/prod/privileged.yaml').replace('privileged: true', 'privileged: false'),
    );
    expect(read('overlays/staging/host-network.yaml')).toBe(
      '- op: add\n  path: /spec/template/spec/hostNetwork\n  value: false\n',
    );
    expect(read('overlays/prod/kustomization.yaml')).toBe(
      original('overlays/prod/kustomization.yaml').replace('        value: true', '        value: false'),
    );
    expect(read('base/deployment.yaml')).toContain(
      '      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n',
    );
    // The component's inline patch: the capability removal and the keys added beside it come from
    // separate rounds (done in one round they clashed), each carried from a new build; the block
    // keeps its indentation and the file its final line break.
    expect(read('components/debug/kustomization.yaml')).toBe(
      original('components/debug/kustomization.yaml').replace(
        '                    add: [SYS_PTRACE]\n',
        [
          '                    drop:',
          '                      - ALL',
          '                  allowPrivilegeEscalation: false',
          '                  readOnlyRootFilesystem: true',
          '',
        ].join('\n'),
      ),
    );
    // What is left has no fix --fix applies (snippets that need a value from the user).
    const after = await runCli([...args, '--format', 'json', '.'], dir);
    const rows = (JSON.parse(after.out) as { findings: (JsonFinding & { fixable: boolean })[] }).findings;
    expect(
      rows
        .filter((f) => f.fixable)
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual([
      'image-tag-latest',
      'memory-limits-missing',
      'memory-limits-missing',
      'memory-limits-missing',
      'memory-limits-missing',
    ]);
    expect(
      rows.some((f) => ['privileged-container', 'host-network', 'dangerous-capability'].includes(f.ruleId)),
    ).toBe(false);
  });

  it('a replicas: entry: an admission policy that limits replicas is reported on its count', async () => {
    const dir = tempTree('kw-kustomize-replicas-', {
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: app',
        'spec:',
        '  replicas: 1',
        '  selector: {matchLabels: {app: app}}',
        '  template:',
        '    metadata: {labels: {app: app}}',
        '    spec:',
        '      containers: [{name: app, image: nginx:1.25}]',
        '',
      ].join('\n'),
      'overlays/prod/kustomization.yaml':
        'resources:\n  - ../../base\nreplicas:\n  - name: app\n    count: 6\n',
      'policies/replicas.yaml': [
        'apiVersion: admissionregistration.k8s.io/v1',
        'kind: ValidatingAdmissionPolicy',
        'metadata: {name: max-replicas}',
        'spec:',
        '  matchConstraints:',
        '    resourceRules:',
        '      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}',
        '  validations:',
        '    - {expression: object.spec.replicas <= 5, message: at most 5 replicas}',
        '---',
        'apiVersion: admissionregistration.k8s.io/v1',
        'kind: ValidatingAdmissionPolicyBinding',
        'metadata: {name: max-replicas}',
        'spec: {policyName: max-replicas, validationActions: [Deny]}',
        '',
      ].join('\n'),
    });
    const r = await runCli(
      ['scan', '--no-progress', '--kustomize', kubectlBinary(), '--format', 'json', '.'],
      dir,
    );
    const findings = (JSON.parse(r.out) as { findings: JsonFinding[] }).findings.filter(
      (f) => f.ruleId === 'admission-policy',
    );
    // `count: 6` (line 5, column 5) of overlays/prod sets spec.replicas; the base's `replicas: 1` passes.
    expect(
      findings.map(
        (f) => `${f.file}:${f.line}:${f.column} ${f.rendered?.via ?? ''} ${f.rendered?.path ?? ''}`,
      ),
    ).toEqual(['overlays/prod/kustomization.yaml:5:5 transformer spec.replicas']);
    expect(findings[0]?.message).toContain('at most 5 replicas');
  });

  it('SARIF: the location is the source file, related locations say which overlay built it', async () => {
    const r = await scan('--format', 'sarif', 'shop');
    const sarif = JSON.parse(r.out) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
          relatedLocations?: {
            message: { text: string };
            physicalLocation?: { artifactLocation: { uri: string } };
          }[];
        }[];
      }[];
    };
    const res = sarif.runs[0]?.results.find(
      (x) =>
        x.ruleId === 'host-network' &&
        x.locations[0]?.physicalLocation.artifactLocation.uri.endsWith('staging/host-network.yaml'),
    );
    expect(res?.locations[0]?.physicalLocation.region.startLine).toBe(3);
    expect(res?.relatedLocations?.[0]?.message.text).toBe(
      'Built by overlays/staging: spec.template.spec.hostNetwork',
    );
    expect(res?.relatedLocations?.[1]?.physicalLocation?.artifactLocation.uri).toMatch(
      /overlays\/staging\/kustomization\.yaml$/,
    );
  });

  it('remote resources and build errors are one diagnostic each where they are written', async () => {
    const r = await scan('remote', 'broken');
    const lines = r.out.split('\n');
    expect(
      lines
        .filter((l) => / (remote-resource|kustomize-build) /.test(l))
        .map((l) => l.split(' ').slice(0, 3).join(' ')),
    ).toEqual([
      'remote/kustomization.yaml:3:5 warning remote-resource',
      'remote/kustomization.yaml:5:5 warning remote-resource',
      'broken/bad-op/kustomization.yaml:8:9 error kustomize-build',
      'broken/bad-target/kustomization.yaml:8:9 error kustomize-build',
      'broken/bad-yaml/pod.yaml:8:6 error kustomize-build',
      'broken/missing/kustomization.yaml:3:5 error kustomize-build',
    ]);
    // The remote root is not built, so its own files are checked on their own, as before.
    expect(lines.some((l) => l.startsWith('remote/pod.yaml:'))).toBe(true);
  });

  it('--no-render checks each file on its own (a base finding every overlay fixes shows again)', async () => {
    const built = await scan('hardened');
    expect(built.out).toBe('');
    expect(built.err).toBe(
      'kubeward: 0 findings (0 error, 0 warning, 0 info, 0 hint), 0 suppressed, in 1 Kustomize tree, profile recommended\n',
    );
    const raw = await scan('--no-render', 'hardened');
    expect(raw.out).toMatch(/^hardened\/base\/pod\.yaml:20:9 error privileged-container /);
    expect(raw.err).toMatch(/in 5 files, profile recommended\n$/);
  });

  it('kubectl kustomize … | kubeward scan - checks the built stream as it is', async () => {
    const built = execFileSync(kubectlBinary(), ['kustomize', 'shop/overlays/prod'], {
      cwd: KUSTOMIZE_FIXTURES,
      encoding: 'utf8',
    });
    const r = await runCli(['scan', '--no-progress', '-'], KUSTOMIZE_FIXTURES, built);
    expect(r.out).toMatch(/^<stdin>:\d+:\d+ error privileged-container /m);
    expect(r.err).toMatch(/in 1 file, profile recommended\n$/);
  });

  it('a file outside every kustomization is checked on its own; a comment at the origin suppresses', async () => {
    const pod = (name: string, extra: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${extra}  containers:\n    - name: c\n      image: busybox:1.36\n`;
    const dir = tempTree('kw-kustomize-cli-', {
      'app/kustomization.yaml': 'resources:\n  - pod.yaml\npatches:\n  - path: patch.yaml\n',
      'app/pod.yaml': pod('app', ''),
      'app/patch.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  # kubeward-disable-next-line host-pid -- the agent reads host processes\n  hostPID: true\n  hostIPC: true\n',
      'loose.yaml': pod('loose', '  hostNetwork: true\n'),
    });
    const r = await runCli(
      ['scan', '--no-progress', '--kustomize', kubectlBinary(), '--format', 'json', '.'],
      dir,
    );
    const out = JSON.parse(r.out) as {
      findings: JsonFinding[];
      suppressed: { file: string; ruleId: string }[];
    };
    const rows = (rule: string) =>
      out.findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}`);
    // Built: the patch's hostIPC, once, on the patch's line, not also from the raw patch file.
    expect(rows('host-ipc')).toEqual(['app/patch.yaml:8']);
    expect(out.findings.find((f) => f.ruleId === 'host-ipc')?.rendered?.roots).toEqual(['app']);
    // Suppressed by the comment above its origin.
    expect(rows('host-pid')).toEqual([]);
    expect(out.suppressed.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['app/patch.yaml host-pid']);
    // Outside every kustomization: checked as a file of its own.
    expect(rows('host-network')).toEqual(['loose.yaml:6']);
    expect(out.findings.find((f) => f.ruleId === 'host-network')?.rendered).toBeUndefined();
    expect(r.err).toMatch(/in 1 file and 1 Kustomize tree, profile recommended\n$/);
  });

  it('.kubeward.yaml kustomize.roots chooses the roots; the other kustomizations are files of their own', async () => {
    const dir = tempTree('kw-kustomize-roots-', {
      '.kubeward.yaml': 'kustomize:\n  roots: [a]\n',
      'a/kustomization.yaml': 'resources:\n  - pod.yaml\n',
      'a/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: busybox:1.36\n',
      'b/kustomization.yaml': 'resources:\n  - pod.yaml\n',
      'b/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  hostIPC: true\n  containers:\n    - name: c\n      image: busybox:1.36\n',
    });
    const r = await runCli(
      ['scan', '--no-progress', '--kustomize', kubectlBinary(), '--format', 'json', '.'],
      dir,
    );
    const out = JSON.parse(r.out) as { findings: JsonFinding[] };
    expect(out.findings.find((f) => f.ruleId === 'host-pid')).toMatchObject({
      file: 'a/pod.yaml',
      line: 6,
      rendered: { roots: ['a'] },
    });
    const ipc = out.findings.find((f) => f.ruleId === 'host-ipc');
    expect(ipc).toMatchObject({ file: 'b/pod.yaml', line: 6 });
    expect(ipc?.rendered).toBeUndefined();
  });

  it('a --kustomize that names no program is a usage error', async () => {
    const r = await runCli(['scan', '--kustomize', '/nowhere/kustomize', 'shop'], KUSTOMIZE_FIXTURES);
    expect(r.code).toBe(2);
    expect(r.err).toBe('kubeward: --kustomize /nowhere/kustomize: no program there\n');
  });
});
