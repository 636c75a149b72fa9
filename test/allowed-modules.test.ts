// The modules the built bundles and Kubeward's sources may use, so the server and CLI open no
// network connection and start no process: dist/cli.js, dist/server.js (the loader) and
// dist/server-main.js may reference only the Node built-ins listed here, no source imports a
// networking, process or code-evaluation module, and the engine and rules import no I/O at all.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

/** Node built-ins a bundle `require`s (esbuild keeps them as `require("x")`). */
function builtins(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/require\(["'](?:node:)?([a-z_0-9/]+)["']\)/g)) if (m[1]) found.add(m[1]);
  return [...found].sort();
}

const NETWORK_OR_EXEC = [
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'tls',
  'dns',
  'child_process',
  'vm',
  'cluster',
];

describe.skipIf(!existsSync(join(ROOT, 'dist/server-main.js')))('allowed modules', () => {
  it('dist/cli.js references no networking module; the only programs it starts are helm and kustomize', () => {
    // `child_process`: server/src/sources/run-program.ts runs the user's own helm or kustomize (no
    // shell), the one place the source test below allows it.
    expect(builtins('dist/cli.js').filter((m) => NETWORK_OR_EXEC.includes(m))).toEqual(['child_process']);
  });

  it('dist/server.js, the loader, compiles only the bundle beside it', () => {
    // `vm`: server/src/boot.ts compiles dist/server-main.js with a V8 code cache; nothing else.
    expect(builtins('dist/server.js')).toEqual(['crypto', 'fs', 'path', 'vm']);
    const text = readFileSync(join(ROOT, 'dist/server.js'), 'utf8');
    expect(text.match(/new \w+\.Script\(|new Script\(/g)).toHaveLength(1);
    expect(text).toContain('"server-main.js"');
  });

  it('dist/server-main.js references only what vscode-languageserver itself brings', () => {
    // `net`: vscode-jsonrpc/lib/node/main.js, for the pipe/socket transports (`--pipe`, `--socket`);
    //   the server is started with --stdio or node-ipc, which never call it.
    // `child_process`: vscode-languageserver/lib/node/files.js (`Files.resolveGlobalNodePath`, which
    //   runs `npm config get prefix`); Kubeward never calls the `Files` helpers (checked below).
    expect(builtins('dist/server-main.js').filter((m) => NETWORK_OR_EXEC.includes(m))).toEqual([
      'child_process',
      'net',
    ]);
  });

  it('no Kubeward source imports networking, process or code-evaluation modules, or evaluates code', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.ts') && !n.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(join(ROOT, 'server/src'));
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/from ['"](?:node:)?([a-z_0-9/]+)['"]/g)) {
        // The server's loader compiles the server bundle with a code cache (tested above).
        if (m[1] === 'vm' && f === join(ROOT, 'server/src/boot.ts')) continue;
        // The one place that starts a program: the user's own helm, kustomize or kubectl, without a
        // shell (DESIGN.md, Sources).
        if (m[1] === 'child_process' && f === join(ROOT, 'server/src/sources/run-program.ts')) continue;
        if (m[1] && NETWORK_OR_EXEC.includes(m[1].split('/')[0] ?? '')) bad.push(`${f}: ${m[1]}`);
      }
      if (/\beval\(|new Function\(|\bFiles\.resolve/.test(text))
        bad.push(`${f}: evaluates code or resolves modules`);
    }
    expect(bad).toEqual([]);
  });

  it('the engine and rules do no I/O at all (they get text, return findings)', () => {
    const bad: string[] = [];
    for (const d of ['server/src/engine', 'server/src/rules']) {
      const walk = (dir: string): void => {
        for (const n of readdirSync(dir)) {
          const p = join(dir, n);
          if (statSync(p).isDirectory()) walk(p);
          else if (n.endsWith('.ts') && !n.endsWith('.test.ts')) {
            const text = readFileSync(p, 'utf8');
            if (/from ['"](?:node:)?(fs|fs\/promises|worker_threads|process)['"]/.test(text)) bad.push(p);
          }
        }
      };
      walk(join(ROOT, d));
    }
    expect(bad).toEqual([]);
  });
});
