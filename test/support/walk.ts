// Walks a folder for manifests in a stable order. No test-runner imports: `npm run fuzz` uses it
// outside vitest.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
