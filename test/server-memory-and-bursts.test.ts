// The built server's memory and its behaviour under bursts and faults (`node dist/server.js --stdio`),
// issue 8:
//  - 1,000 didChange notifications in a burst: only the latest version is checked and published, its
//    diagnostics equal a fresh in-process check, and the heap settles;
//  - 10,000 documents opened and closed: the retained heap comes back within 10% of the start;
//  - a cancelled workspace scan publishes nothing (no half-published state), and the next scan
//    publishes everything.
// The heap is read with test/support/heap-probe.cjs, preloaded with `node --expose-gc -r`: on SIGUSR2
// it collects garbage and writes heapUsed to stderr, so the server's code is not touched. Each test
// prints a `LOAD {...}` line with its figures (docs/reliability.md quotes them).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../server/src/engine/workspace-index';
import { ServerCommands } from '../server/src/protocol';
import { KubewardService } from '../server/src/service';
import { LspClient, SERVER_JS } from './support/lsp-client';

const PROBE = resolve(__dirname, 'support/heap-probe.cjs');
const MB = 1024 * 1024;
const mb = (n: number): number => Math.round((n / MB) * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The settings a user has by default, except every rule on. */
const SETTINGS = { profile: 'all' as const, debounceMs: 150 };
/** Documents opened and closed (KUBEWARD_LOAD_DOCS=50000 for a longer leak hunt). */
const DOCS = Number(process.env.KUBEWARD_LOAD_DOCS ?? 10_000);

const clients: LspClient[] = [];
function start(settings: Record<string, unknown> = SETTINGS): LspClient {
  const c = new LspClient({ nodeArgs: ['--expose-gc', '-r', PROBE], settings });
  clients.push(c);
  return c;
}

/** heapUsed and rss of the server after forced full GCs, read through the preloaded probe. */
async function heapOf(client: LspClient): Promise<{ heap: number; rss: number }> {
  const readings = (): RegExpExecArray[] => [
    ...client.stderr.join('').matchAll(/KUBEWARD_HEAP (\d+) (\d+)\n/g),
  ];
  const before = readings().length;
  client.proc.kill('SIGUSR2');
  for (let i = 0; i < 400 && readings().length === before; i++) await sleep(25);
  const m = readings()[before];
  if (!m) throw new Error(`no heap reading from the server; stderr: ${client.stderr.join('').slice(-500)}`);
  return { heap: Number(m[1]), rss: Number(m[2]) };
}

function pod(n: number, privileged: boolean): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: pod-${n}
  namespace: team-${n % 7}
  labels:
    app: app-${n}
spec:
  containers:
    - name: app
      image: registry.example/app-${n}:1.${n % 13}
      securityContext:
        privileged: ${privileged}
`;
}

/** A realistic multi-document file: `count` Deployments with a mix of findings (~40 lines each). */
function manifests(count: number): string {
  const docs: string[] = ['# kubeward load test: typing happens on the next line\n# note: \n'];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: shop
  labels: { app: web-${i} }
spec:
  replicas: 2
  selector:
    matchLabels: { app: web-${i} }
  template:
    metadata:
      labels: { app: web-${i} }
    spec:
      hostNetwork: ${i % 5 === 0}
      securityContext:
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: web
          image: registry.example/web:${i}.0
          ports: [{ containerPort: 8080 }]
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { memory: 128Mi }
          securityContext:
            privileged: false
            allowPrivilegeEscalation: ${i % 3 === 0}
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL], add: [${i % 4 === 0 ? 'NET_ADMIN' : ''}] }
`);
  }
  return docs.join('---\n');
}

/** A fresh in-process check of `text` as the only open document (the server indexes open documents). */
function freshCheck(uri: string, version: number, text: string): unknown {
  const index = new WorkspaceIndex();
  index.update(uri, text);
  return new KubewardService().validate(uri, version, text, SETTINGS, index).diagnostics;
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.shutdown();
});

describe.skipIf(!existsSync(SERVER_JS))('load and faults, against dist/server.js over stdio', () => {
  it(
    '1,000 didChange in a burst: only the latest version is published, as a fresh check; heap settles',
    {
      timeout: 60_000,
    },
    async () => {
      const client = start();
      await client.initialize();
      const uri = 'file:///load/burst.yaml';
      let text = manifests(30);
      client.open(uri, text, 1);
      await client.waitForDiagnostics(uri, 1, 20_000);
      // Typing, one character per change, at the end of the `# note: ` line (line 1).
      let version = 1;
      let column = '# note: '.length;
      const type = (ch: string): void => {
        const at = text.indexOf('\n', text.indexOf('# note: '));
        text = text.slice(0, at) + ch + text.slice(at);
        client.notify('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [
            {
              range: { start: { line: 1, character: column }, end: { line: 1, character: column } },
              text: ch,
            },
          ],
        });
        column++;
      };
      // Warm-up: every code path of a change loaded before the heap is read.
      for (let i = 0; i < 50; i++) type('w');
      await client.waitForDiagnostics(uri, version, 20_000);
      const heapBefore = await heapOf(client);

      const first = version + 1;
      const mark = client.published.length;
      const t0 = performance.now();
      for (let i = 0; i < 999; i++) type(String.fromCharCode(97 + (i % 26)));
      // The last change also makes a container privileged: a finding no earlier version had.
      const at = text.indexOf('privileged: false');
      const pos = text.slice(0, at).split('\n');
      const line = pos.length - 1;
      const character = (pos[pos.length - 1] ?? '').length + 'privileged: '.length;
      text = `${text.slice(0, at)}privileged: true${text.slice(at + 'privileged: false'.length)}`;
      client.notify('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [
          { range: { start: { line, character }, end: { line, character: character + 5 } }, text: 'true' },
        ],
      });
      const sent = performance.now() - t0;
      const last = version;
      expect(last - first + 1).toBe(1000);
      const final = await client.waitForDiagnostics(uri, last, 20_000);
      const latency = performance.now() - t0 - sent;
      await sleep(3 * SETTINGS.debounceMs + 200); // anything late would arrive now
      const mine = client.published.slice(mark).filter((p) => p.uri === uri);
      const intermediate = mine.filter((p) => p.version !== last);

      // None is expected (the 150 ms debounce outlasts the burst); a stall of the loaded machine
      // longer than the debounce between two changes may let one through, so a few are tolerated.
      expect(intermediate.length, JSON.stringify(intermediate.map((p) => p.version))).toBeLessThanOrEqual(5);
      expect(mine.at(-1)?.version).toBe(last);
      expect(final.diagnostics.map((d) => d.code)).toContain('privileged-container');
      expect(final.diagnostics).toEqual(freshCheck(uri, last, text));

      const heapAfter = await heapOf(client);
      client.close(uri);
      await client.waitFor(
        () => client.latest(uri)?.version === undefined && client.latest(uri)?.diagnostics.length === 0,
        10_000,
        'diagnostics cleared on close',
      );
      const heapClosed = await heapOf(client);
      console.log(
        `LOAD ${JSON.stringify({
          test: 'burst',
          changes: last - first + 1,
          documentLines: text.split('\n').length,
          published: mine.length,
          intermediatePublished: intermediate.length,
          sendMs: Math.round(sent),
          lastChangeToDiagnosticsMs: Math.round(latency),
          heapBeforeMB: mb(heapBefore.heap),
          heapAfterMB: mb(heapAfter.heap),
          heapAfterCloseMB: mb(heapClosed.heap),
          rssAfterMB: mb(heapAfter.rss),
        })}`,
      );
      // The burst leaves nothing behind but the one document's latest check.
      expect(heapAfter.heap).toBeLessThanOrEqual(heapBefore.heap * 1.1);
      expect(heapClosed.heap).toBeLessThanOrEqual(heapBefore.heap * 1.1);
      expect(client.exited).toBeUndefined();
    },
  );

  it(
    'open and close 10,000 documents: retained heap back within 10% of the start',
    {
      timeout: 60_000 + DOCS * 6,
    },
    async () => {
      const client = start();
      await client.initialize();
      const BATCH = 250;
      let wrong = 0;
      const cycle = async (from: number, count: number): Promise<void> => {
        for (let b = from; b < from + count; b += BATCH) {
          const uris: string[] = [];
          const mark = client.published.length;
          for (let n = b; n < b + BATCH; n++) {
            const uri = `file:///load/many/pod-${n}.yaml`;
            uris.push(uri);
            client.open(uri, pod(n, n % 2 === 0), 1);
          }
          const want = new Set(uris);
          const seen = (version: number | undefined): number =>
            client.published.slice(mark).filter((p) => want.has(p.uri) && p.version === version).length;
          await client.waitFor(() => seen(1) >= uris.length, 30_000, `diagnostics of documents ${b}…`);
          // Spot check: an even pod is privileged, an odd one is not.
          for (const p of client.published.slice(mark)) {
            if (!want.has(p.uri) || p.version !== 1) continue;
            const n = Number(/pod-(\d+)\.yaml$/.exec(p.uri)?.[1]);
            if (p.diagnostics.some((d) => d.code === 'privileged-container') !== (n % 2 === 0)) wrong++;
          }
          const closedMark = client.published.length;
          for (const uri of uris) client.close(uri);
          await client.waitFor(
            () =>
              client.published
                .slice(closedMark)
                .filter((p) => want.has(p.uri) && p.version === undefined && p.diagnostics.length === 0)
                .length >= uris.length,
            30_000,
            `diagnostics of documents ${b}… cleared`,
          );
        }
        // The client keeps what it received; the test needs only the counts.
        client.published.length = 0;
        client.notifications.length = 0;
      };
      await cycle(1_000_000, 1_000); // warm-up: every module and code path loaded
      const start0 = await heapOf(client);
      const t0 = performance.now();
      await cycle(0, DOCS);
      const seconds = (performance.now() - t0) / 1000;
      const end = await heapOf(client);
      console.log(
        `LOAD ${JSON.stringify({
          test: 'open-close',
          documents: DOCS,
          openAtOnce: BATCH,
          seconds: Math.round(seconds * 10) / 10,
          heapStartMB: mb(start0.heap),
          heapEndMB: mb(end.heap),
          changePercent: Math.round(((end.heap - start0.heap) / start0.heap) * 1000) / 10,
          rssEndMB: mb(end.rss),
        })}`,
      );
      expect(wrong).toBe(0);
      expect(end.heap).toBeLessThanOrEqual(start0.heap * 1.1);
      expect(client.exited).toBeUndefined();
    },
  );

  describe('workspace scan cancellation', () => {
    const FILES = 400;
    let root: string;
    afterAll(() => {
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it(
      'a cancelled scan publishes nothing; the next scan publishes every file',
      {
        timeout: 60_000,
      },
      async () => {
        root = mkdtempSync(join(tmpdir(), 'kubeward-load-'));
        const path = (n: number): string => join(root, `ns-${n % 10}`, `pod-${n}.yaml`);
        const uriOf = (n: number): string => pathToFileURL(path(n)).href;
        const writeAll = (privileged: (n: number) => boolean): void => {
          for (let n = 0; n < FILES; n++) {
            mkdirSync(join(root, `ns-${n % 10}`), { recursive: true });
            // Several documents per file, so the scan takes long enough to be cancelled midway.
            writeFileSync(
              path(n),
              [0, 1, 2, 3, 4].map((k) => pod(n * 10 + k, k === 0 && privileged(n))).join('---\n'),
            );
          }
        };
        const client = start({ profile: 'all', debounceMs: 0 });
        await client.request('initialize', {
          processId: process.pid,
          rootUri: pathToFileURL(root).href,
          workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
          capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
        });
        client.notify('initialized', {});
        const workspaceUris = new Set(Array.from({ length: FILES }, (_, n) => uriOf(n)));
        const privilegedFiles = (): number[] => {
          const out: number[] = [];
          for (let n = 0; n < FILES; n++) {
            if (client.latest(uriOf(n))?.diagnostics.some((d) => d.code === 'privileged-container'))
              out.push(n);
          }
          return out;
        };
        interface Summary {
          files: number;
          cancelled: boolean;
        }
        const scan = (): Promise<Summary> =>
          client.request<Summary>('workspace/executeCommand', {
            command: ServerCommands.scanWorkspace,
            arguments: [],
          });

        // 1. A complete scan: even files privileged.
        writeAll((n) => n % 2 === 0);
        const first = await scan();
        expect(first).toMatchObject({ files: FILES, cancelled: false });
        await client.waitFor(
          () => [...workspaceUris].every((u) => client.latest(u)),
          10_000,
          'first scan published',
        );
        const afterFirst = privilegedFiles();
        expect(afterFirst).toEqual(Array.from({ length: FILES / 2 }, (_, i) => i * 2));

        // 2. Every file changes on disk (no watcher event), then a scan is cancelled through its
        //    work-done progress while it is checking files.
        writeAll((n) => n % 2 === 1);
        const mark = client.published.length;
        const progressMark = client.notifications.length;
        const pending = scan();
        const progress = (): { token: unknown; value: { kind: string; message?: string } }[] =>
          client.notifications
            .slice(progressMark)
            .filter((m) => m.method === '$/progress')
            .map((m) => m.params as { token: unknown; value: { kind: string; message?: string } });
        await client.waitFor(
          () => progress().some((p) => p.value.message?.startsWith('Scanning') === true),
          20_000,
          'the scan to start checking files',
        );
        const token = progress()[0]?.token;
        const cancelSeenAt = progress()
          .filter((p) => p.value.kind === 'report')
          .at(-1)?.value.message;
        client.notify('window/workDoneProgress/cancel', { token });
        const cancelled = await pending;
        await sleep(500); // anything late would arrive now
        const publishedByCancelled = client.published.slice(mark).filter((p) => workspaceUris.has(p.uri));
        const lastStatus = client.notifications.filter((m) => m.method === 'kubeward/status').at(-1)
          ?.params as { scanning?: boolean } | undefined;

        expect(cancelled.cancelled).toBe(true);
        expect(publishedByCancelled.map((p) => p.uri)).toEqual([]);
        expect(privilegedFiles()).toEqual(afterFirst); // still exactly the first scan's results
        expect(progress().at(-1)?.value.kind).toBe('end');
        expect(lastStatus?.scanning).toBe(false);

        // 3. The next scan completes and publishes every file's new state.
        const third = await scan();
        expect(third).toMatchObject({ files: FILES, cancelled: false });
        const flipped = Array.from({ length: FILES / 2 }, (_, i) => i * 2 + 1);
        await client.waitFor(
          () => JSON.stringify(privilegedFiles()) === JSON.stringify(flipped),
          10_000,
          'third scan published',
        );
        console.log(
          `LOAD ${JSON.stringify({
            test: 'scan-cancel',
            files: FILES,
            cancelledAt: cancelSeenAt,
            publishedByCancelledScan: publishedByCancelled.length,
          })}`,
        );
        expect(client.exited).toBeUndefined();
      },
    );
  });
});
