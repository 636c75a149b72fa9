// The user's own programs (helm, kustomize, kubectl): a path from a machine-scoped setting or a CLI
// flag, or a name looked up on PATH. Never a program a repository names.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

function runnable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of a program: `setting` itself when it is a path (absolute, or with a
 * separator, taken relative to `cwd`), else the first runnable `setting` on PATH (with PATHEXT's
 * extensions on Windows). Undefined when there is none.
 */
export function findProgram(
  setting: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): string | undefined {
  const name = setting.trim();
  if (name === '') return undefined;
  if (isAbsolute(name) || name.includes('/') || name.includes('\\')) {
    const p = isAbsolute(name) ? name : join(cwd, name);
    return runnable(p) ? p : undefined;
  }
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      if (runnable(p)) return p;
    }
  }
  return undefined;
}
