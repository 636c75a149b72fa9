import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../../../../test/support/files';
import { KUSTOMIZE_FIXTURES } from '../../../../test/support/kustomize';
import { kubectlBinary } from '../../../../test/support/tools';
import { buildRoot, kustomizeArgs, wrapperKustomization, type BuildOptions } from './build';
import { findRoots } from './roots';

const roots = findRoots(KUSTOMIZE_FIXTURES);

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return {
    binary: kubectlBinary(),
    flavor: 'kubectl',
    tree: KUSTOMIZE_FIXTURES,
    root,
    remote: roots.remoteOf.get(root) ?? [],
    ...extra,
  };
}

/** Every file under a folder with its size and modification time. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) visit(p);
      else out.push(`${p} ${s.size} ${s.mtimeMs}`);
    }
  };
  visit(dir);
  return out;
}

/** The process exists and is not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    try {
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** An executable script standing in for kustomize (started directly, never through a shell). */
function fakeBinary(body: string): string {
  const dir = tempTree('kw-fake-', { 'kustomize.sh': `#!/bin/sh\n${body}\n` });
  const path = join(dir, 'kustomize.sh');
  chmodSync(path, 0o755);
  return path;
}

describe('command line and temporary kustomization', () => {
  it.each([
    ['kustomize', false, ['build', '/tmp/x']],
    ['kubectl', false, ['kustomize', '/tmp/x']],
    ['kubectl', true, ['kustomize', '/tmp/x', '--load-restrictor', 'LoadRestrictionsNone']],
  ] as const)('%s (load restrictions off: %s)', (flavor, none, args) => {
    expect(kustomizeArgs(flavor, '/tmp/x', { loadRestrictionsNone: none })).toEqual(args);
  });

  it('includes the root as its only resource and asks for origin and transformer annotations', () => {
    expect(wrapperKustomization('../../work/tree/overlays/prod')).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - "../../work/tree/overlays/prod"',
        'buildMetadata: [originAnnotations, transformerAnnotations]',
        '',
      ].join('\n'),
    );
  });
});

describe('buildRoot with real kustomize (kubectl 1.31, kustomize v5.4)', () => {
  it('builds an overlay with build metadata and leaves the tree exactly as it was', async () => {
    const before = snapshot(KUSTOMIZE_FIXTURES);
    const tmp = tempTree('kw-build-tmp-', {});
    const r = await buildRoot(options('shop/overlays/prod', { tmp }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.stdout).toContain('    config.kubernetes.io/origin: |\n      path: ');
    expect(r.stdout).toContain('    alpha.config.kubernetes.io/transformations: |\n      - configuredIn: ');
    expect(snapshot(KUSTOMIZE_FIXTURES)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('needs no load-restrictor flag for the root, but the flag is there for trees that read outside a folder', async () => {
    const tree = tempTree('kw-build-', {
      'shared/patch.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n',
      'app/kustomization.yaml': 'resources:\n  - pod.yaml\npatches:\n  - path: ../shared/patch.yaml\n',
      'app/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n',
    });
    const base = { binary: kubectlBinary(), flavor: 'kubectl' as const, tree, root: 'app' };
    const restricted = await buildRoot(base);
    expect(restricted.ok).toBe(false);
    expect(restricted.ok ? [] : restricted.errors).toEqual([
      {
        file: 'app/kustomization.yaml',
        line: 4,
        column: 11,
        message:
          "../shared/patch.yaml is outside the kustomization's folder: kustomize reads it only with --load-restrictor LoadRestrictionsNone.",
      },
    ]);
    const open = await buildRoot({ ...base, loadRestrictionsNone: true });
    expect(open.ok && open.stdout).toContain('hostPID: true');
  });

  it.each([
    [
      'broken/missing',
      { file: 'broken/missing/kustomization.yaml', line: 3, column: 5, message: 'Not found: not-there.yaml' },
    ],
    [
      'broken/bad-yaml',
      {
        file: 'broken/bad-yaml/pod.yaml',
        line: 8,
        column: 6,
        message: "YAML error: did not find expected '-' indicator",
      },
    ],
    [
      'broken/bad-target',
      {
        file: 'broken/bad-target/kustomization.yaml',
        line: 8,
        column: 9,
        message: 'No resource matches this patch (Pod toll).',
      },
    ],
    [
      'broken/bad-op',
      {
        file: 'broken/bad-op/kustomization.yaml',
        line: 8,
        column: 9,
        message: 'The replace operation does not apply: the object has no /spec/securityContext/runAsUser.',
      },
    ],
  ])('places the error of %s where it is written', async (root, error) => {
    const r = await buildRoot(options(root));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('error');
    expect(r.errors).toEqual([error]);
    expect(r.message).toBe(error.message);
    expect(r.stderr.length).toBeLessThan(4200);
  });

  it('places a missing patch file and an unknown kustomization field on their entries', async () => {
    const tree = tempTree('kw-build-', {
      'a/kustomization.yaml': 'resources:\n  - pod.yaml\npatches:\n  - path: nofile.yaml\n',
      'a/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
      'b/kustomization.yaml': 'resources:\n  - pod.yaml\nresourcez:\n  - x\n',
      'b/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
    });
    const a = await buildRoot({ binary: kubectlBinary(), flavor: 'kubectl', tree, root: 'a' });
    expect(a.ok ? [] : a.errors).toEqual([
      { file: 'a/kustomization.yaml', line: 4, column: 11, message: 'Patch file not found: nofile.yaml' },
    ]);
    const b = await buildRoot({ binary: kubectlBinary(), flavor: 'kubectl', tree, root: 'b' });
    expect(b.ok ? [] : b.errors.map((e) => [e.file, e.line, e.column])).toEqual([
      ['b/kustomization.yaml', 3, 1],
    ]);
  });
});

describe('buildRoot never uses the network and never hangs', () => {
  it('does not build a root with remote entries: each is reported where it is written, nothing is run', async () => {
    const r = await buildRoot(options('remote', { binary: '/nonexistent/kustomize' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('remote');
    expect(r.errors.map((e) => `${e.file ?? ''}:${e.line ?? 0}:${e.column ?? 0}`)).toEqual([
      'remote/kustomization.yaml:3:5',
      'remote/kustomization.yaml:5:5',
    ]);
    expect(r.errors[0]?.message).toContain('not fetched: Kubeward never uses the network');
  });

  it('runs the binary with git limited to local repositories and HTTP sent to a closed port', async () => {
    const bin = fakeBinary('echo "$GIT_ALLOW_PROTOCOL $HTTPS_PROXY $HTTP_PROXY $https_proxy"');
    const r = await buildRoot(options('shop/standalone', { binary: bin, flavor: 'kustomize' }));
    expect(r.ok && r.stdout).toBe('file http://127.0.0.1:9 http://127.0.0.1:9 http://127.0.0.1:9\n');
  });

  it('kills a build that takes too long, writes too much, or is cancelled', async () => {
    const pidFile = join(tempTree('kw-pid-', {}), 'pid');
    const slow = fakeBinary(`sleep 10 & echo $! > ${pidFile}; wait`);
    const t0 = performance.now();
    const timeout = await buildRoot(options('shop/standalone', { binary: slow, timeoutMs: 300 }));
    expect(timeout.ok ? '' : timeout.reason).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(5000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => running(grandchild), { timeout: 2000, interval: 20 }).toBe(false);
    const loud = fakeBinary('while :; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done');
    const large = await buildRoot(options('shop/standalone', { binary: loud, maxOutputBytes: 10_000 }));
    expect(large.ok ? '' : large.reason).toBe('too-large');
    const ac = new AbortController();
    const pending = buildRoot(options('shop/standalone', { binary: slow, signal: ac.signal }));
    ac.abort();
    const aborted = await pending;
    expect(aborted.ok ? '' : aborted.reason).toBe('aborted');
  });

  it('reports a binary that cannot be started', async () => {
    const r = await buildRoot(options('shop/standalone', { binary: '/nonexistent/kustomize' }));
    expect(r.ok ? '' : r.reason).toBe('spawn');
  });

  it('keeps standard error short', async () => {
    const bin = fakeBinary(
      'i=0; while [ $i -lt 3000 ]; do echo "error line $i" >&2; i=$((i+1)); done; exit 1',
    );
    const r = await buildRoot(options('shop/standalone', { binary: bin }));
    expect(r.ok ? '' : r.stderr.length).toBeLessThanOrEqual(4097);
  });
});
