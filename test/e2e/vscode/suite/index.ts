// The mocha entry the extension host calls (extensionTestsPath): runs every *.vscode.js beside it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 60_000, reporter: 'spec' });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.vscode.js')))
    mocha.addFile(join(__dirname, f));
  const failures = await new Promise<number>((res) => mocha.run(res));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
