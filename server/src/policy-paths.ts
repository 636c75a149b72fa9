// `.kubeward.yaml` `policies.paths`: files and folders whose admission policies (and bindings, params,
// Namespaces) are read into the workspace index without being checked, e.g. a folder exported from
// the cluster. The CLI and the editor's workspace scan read them the same way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isManifestPath, SKIP_DIRS } from './discover';
import type { LoadedConfig } from './project';

/** At most this many files are read from one config's `policies.paths` (bad input never hangs). */
const MAX_FILES = 5_000;

/** The manifest files of a config's `policies.paths`, absolute, sorted. Missing paths give none. */
export function policyFiles(config: LoadedConfig): string[] {
  const base = dirname(config.file);
  const out = new Set<string>();
  const walk = (p: string, depth: number): void => {
    if (out.size >= MAX_FILES || depth > 32) return;
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isFile()) {
      if (isManifestPath(p)) out.add(p);
      return;
    }
    if (!st.isDirectory()) return;
    let names: string[];
    try {
      names = readdirSync(p).sort();
    } catch {
      return;
    }
    for (const n of names) if (!SKIP_DIRS.has(n)) walk(join(p, n), depth + 1);
  };
  for (const rel of config.config.policyPaths ?? []) walk(resolve(base, rel), 0);
  return [...out].sort();
}

/** Reads a policy file; undefined when it cannot be read (said nowhere: the paths are optional extras). */
export function readPolicyFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
