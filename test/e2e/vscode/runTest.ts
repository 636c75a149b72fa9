// `npm run test:vscode`: the extension-host suite (mocha inside VS Code, via @vscode/test-electron).
// VS Code comes from VSCODE_EXECUTABLE when set (an installed `code` binary), else it is downloaded
// (VSCODE_VERSION picks the version: `stable`, `minimum` = engines.vscode, or 1.N.M). Where VS Code can
// neither be found nor downloaded — this project's sandbox cannot reach update.code.visualstudio.com —
// the run fails and says so: it never passes without having run. The browser suite
// (`npm run test:e2e`) is what proves the behaviour on such machines.
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { FIXTURE } from './fixture';

// out/e2e/vscode/runTest.js → the project root
const ROOT = resolve(__dirname, '../../..');

function fail(message: string): never {
  console.error(`\ntest:vscode FAILED: ${message}`);
  process.exit(1);
}

async function vscodeVersion(): Promise<string> {
  const v = process.env.VSCODE_VERSION ?? 'stable';
  if (v !== 'minimum') return v;
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    engines: { vscode: string };
  };
  return pkg.engines.vscode.replace(/^[^\d]*/, '');
}

async function main(): Promise<void> {
  const executable = process.env.VSCODE_EXECUTABLE;
  if (executable && !existsSync(executable)) fail(`VSCODE_EXECUTABLE=${executable} does not exist.`);
  const version = executable ? undefined : await vscodeVersion();
  if (!executable) {
    // Check first, so a closed network fails in seconds with the reason rather than deep in a download.
    try {
      await fetch('https://update.code.visualstudio.com/api/releases/stable', {
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      fail(
        `no VS Code to run the extension-host suite in: VSCODE_EXECUTABLE is not set and VS Code cannot be downloaded ` +
          `from update.code.visualstudio.com (${String((e as { cause?: unknown }).cause ?? e)}). ` +
          `Set VSCODE_EXECUTABLE to an installed VS Code (e.g. /usr/share/code/code), or run where the download works. ` +
          `This suite did NOT run.`,
      );
    }
  }

  const tmp = await mkdtemp(join(tmpdir(), 'kubeward-vscode-'));
  const workspace = join(tmp, 'workspace');
  await mkdir(workspace, { recursive: true });
  await writeFile(join(workspace, 'pod.yaml'), FIXTURE.text);
  try {
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: version ?? 'stable' }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(__dirname, 'suite', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(tmp, 'user-data'),
        '--extensions-dir',
        join(tmp, 'extensions'),
      ],
      extensionTestsEnv: { KUBEWARD_TEST_WORKSPACE: workspace },
    });
    console.log('\ntest:vscode passed');
  } catch (e) {
    fail(`the extension-host suite failed: ${String(e)}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

void main();
