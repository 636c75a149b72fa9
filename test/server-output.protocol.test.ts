// What the built language server publishes and offers over fixed inputs, against a stored copy in
// test/golden/: diagnostics (range, code, severity, message, data), every code action of every
// diagnostic (title, kind, edit), `source.fixAll.kubeward` and the hover of each diagnostic. Like the
// CLI's output (test/cli-output.test.ts), this proves the architecture change moved code without
// changing what users see; a meant change is stored again with KUBEWARD_UPDATE_GOLDEN=1.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { rules } from '../server/src/rules/index';
import { compareGolden } from './support/golden';
import { LspClient } from './support/lsp-client';

const root = join(__dirname, '..');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

interface Input {
  name: string;
  text: string;
}

const inputs: Input[] = [
  ...yamlFiles(join(root, 'examples')).map((p) => ({
    name: relative(root, p),
    text: readFileSync(p, 'utf8'),
  })),
  ...rules.flatMap((r) => [
    { name: `docs/${r.id}/example.yaml`, text: r.docs.example },
    { name: `docs/${r.id}/use-instead.yaml`, text: r.docs.useInstead },
  ]),
];

interface Diag {
  code: string;
  range: { start: { line: number; character: number } };
}

describe('language server output is unchanged over fixed inputs', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = new LspClient({ settings: { profile: 'all', debounceMs: 0 } });
    await client.initialize({ workspace: { configuration: true } });
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('diagnostics, code actions, fix-all and hovers', async () => {
    // Not under any workspace folder: no project config applies.
    const uris = inputs.map((i) => pathToFileURL(join('/kubeward-golden', i.name)).href);
    const hovered = new Set<string>();
    const out = [];
    for (const [n, input] of inputs.entries()) {
      const uri = uris[n] ?? '';
      // One file open at a time: cross-file rules see only that file, whatever the order.
      client.open(uri, input.text);
      const published = await client.waitForDiagnostics(uri, 1, 10_000);
      const diagnostics = published.diagnostics as unknown as Diag[];
      const actions = Promise.all(
        diagnostics.map((d) =>
          client.request('textDocument/codeAction', {
            textDocument: { uri },
            range: d.range,
            context: { diagnostics: [d] },
          }),
        ),
      );
      // One hover per rule: the hover is the rule's docs and the finding's ATT&CK techniques.
      const hovers = Promise.all(
        diagnostics
          .filter((d) => !hovered.has(d.code) && hovered.add(d.code))
          .map((d) =>
            client.request('textDocument/hover', { textDocument: { uri }, position: d.range.start }),
          ),
      );
      const fixAll = client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.kubeward'] },
      });
      out.push({
        file: input.name,
        diagnostics,
        actions: await actions,
        hovers: await hovers,
        fixAll: await fixAll,
      });
      client.close(uri);
    }
    compareGolden('server.json', `${JSON.stringify(out, null, 1)}\n`);
  });
});
