// File helpers the tests share: a walker over manifests under a folder (in a stable order), and
// temporary folder trees removed after the test file.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/** YAML and JSON files (`/\.(ya?ml|json)$/i` by default) under `dir`, sorted; [] when `dir` is missing. */
export function manifestFiles(dir: string, pattern = /\.(ya?ml|json)$/i): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...manifestFiles(p, pattern));
    else if (pattern.test(name)) out.push(p);
  }
  return out;
}

const trees: string[] = [];
let cleanup = false;

/** A new temporary folder holding `files` (path → text), removed after the test file's tests. */
export function tempTree(prefix: string, files: Record<string, string>): string {
  if (!cleanup) {
    cleanup = true;
    afterAll(() => {
      for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
    });
  }
  const root = mkdtempSync(join(tmpdir(), prefix));
  trees.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
