// `npm run bench [-- --write] [-- --runs N] [-- --only a,b]`: Kubeward's server and CLI against the
// reference (yaml-language-server, the `yaml` package; for the Helm rows, `helm template` alone), in
// one run on one machine. Not part of `npm test`.
// The reference is installed on demand into .bench/ (ignored); generated workspaces go there too.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { parseAllDocuments } from 'yaml';
import { engineConfig } from '../server/src/engine/config';
import { readBlockYaml } from '../server/src/engine/fast-yaml';
import { cheapKind, splitChunks } from '../server/src/engine/parse';
import { Engine } from '../server/src/engine/run';
import { WORKLOAD_KINDS } from '../server/src/engine/workload';
import { rules } from '../server/src/rules/index';
import {
  LspClient,
  type ConfigurationItem,
  type ServerMessage,
  type StartOptions,
} from '../test/support/lsp-client';
import { helmBinary } from '../test/support/tools';

const ROOT = process.cwd();
const BENCH = join(ROOT, '.bench');
const CORPUS = resolve(ROOT, '../shared/corpus/real');
const INSTALL = join(CORPUS, 'argo-cd/manifests/install.yaml');
const YLS = join(BENCH, 'node_modules/yaml-language-server/bin/yaml-language-server');
const argv = process.argv.slice(2);
const WRITE = argv.includes('--write');
const RUNS = Number(argv[argv.indexOf('--runs') + 1]) > 0 ? Number(argv[argv.indexOf('--runs') + 1]) : 5;
const WORKSPACE_FILES = 10_000;
/** `--only a,b`: the named measurements alone (with `--write`, merged into the written table). */
const ONLY = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '').split(',') : undefined;
const CHARTS = resolve(ROOT, '../shared/charts');
const FIXTURE_CHARTS = join(ROOT, 'test/fixtures/charts');

/**
 * The environment every measured process gets: this one without `NODE_EXTRA_CA_CERTS`. Some
 * machines (this sandbox, corporate networks) point it at a CA bundle, and then every `node` process
 * parses the whole bundle before running any script (~55 ms of the ~100 ms a bare `node` takes to
 * start here): a cost of the machine's TLS set-up, the same for both servers, that neither uses (and
 * that Kubeward's VS Code client drops for its server). The initialize row's note gives the numbers
 * with it, measured in the same run.
 */
const CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
const LOAD_AT_START = loadavg()[0]?.toFixed(2) ?? '?';
const MEASURED_ENV: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: undefined };

const log = (m: string): void => void process.stderr.write(`bench: ${m}\n`);
const now = (): number => performance.now();
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Servers, driven over stdio by the tests' LSP client (test/support/lsp-client.ts).

/** A server process with the bench's defaults: started from the repository root, nothing recorded. */
function spawnServer(opts: StartOptions): LspClient {
  const client = new LspClient({ cwd: ROOT, record: false, ...opts });
  client.proc.on('error', (e) => log(`server error: ${e.message}`));
  return client;
}

const CLIENT_CAPS = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { versionSupport: true },
  },
  window: { workDoneProgress: true },
};

type ServerKind = 'kubeward' | 'yls';

function kubewardSettings({ section }: ConfigurationItem): unknown {
  return section === 'kubeward' ? { debounceMs: 0 } : null;
}
/** Charts rendered with the tests' helm (test/support/tools.ts), no debounce. */
function kubewardHelmSettings({ section }: ConfigurationItem): unknown {
  return section === 'kubeward'
    ? { debounceMs: 0, helm: { enabled: true, path: helmBinary(), timeoutMs: 30_000 } }
    : null;
}
/** Syntax validation only: no schemas, no schema store, no CRD store (as the issue's reference run). */
function ylsSettings({ section }: ConfigurationItem): unknown {
  if (section === 'yaml')
    return {
      validate: true,
      hover: false,
      completion: false,
      format: { enable: false },
      schemas: {},
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
    };
  if (section === 'http') return { proxy: '', proxyStrictSSL: false };
  return {};
}

interface Started {
  client: LspClient;
  initMs: number;
  /** The `initialize` result. */
  init: unknown;
}

async function startServer(
  kind: ServerKind,
  extraNodeArgs: string[] = [],
  rootDir = ROOT,
  env = MEASURED_ENV,
  configuration: (item: ConfigurationItem) => unknown = kubewardSettings,
): Promise<Started> {
  // `--cpu-prof`: every Kubeward server writes a CPU profile into .bench/prof/ (open in Chrome DevTools).
  const prof =
    argv.includes('--cpu-prof') && kind === 'kubeward' ? ['--cpu-prof', '--cpu-prof-dir=.bench/prof'] : [];
  const t0 = now();
  const client = spawnServer({
    server: kind === 'kubeward' ? 'dist/server.js' : YLS,
    nodeArgs: kind === 'kubeward' ? [...prof, ...extraNodeArgs] : extraNodeArgs,
    configuration: kind === 'kubeward' ? configuration : ylsSettings,
    env,
  });
  const init = await client.request(
    'initialize',
    {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).href,
      workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'bench' }],
      capabilities: CLIENT_CAPS,
    },
    60_000,
  );
  const initMs = now() - t0;
  client.notify('initialized', {});
  if (kind === 'yls') {
    // Push the settings, and let the server pull them, before any document arrives.
    const pulled = client
      .waitForMessage((m) => m.method === 'workspace/configuration', 5000, 'a configuration request')
      .catch(() => undefined);
    client.notify('workspace/didChangeConfiguration', {
      settings: { yaml: ylsSettings({ section: 'yaml' }) },
    });
    await pulled;
    await sleep(300);
  }
  return { client, initMs, init };
}

const isDiagnosticsFor =
  (uri: string, version?: number) =>
  (m: ServerMessage): boolean => {
    if (m.method !== 'textDocument/publishDiagnostics') return false;
    const p = m.params as { uri: string; version?: number };
    return p.uri === uri && (version === undefined || p.version === undefined || p.version === version);
  };

// ---------------------------------------------------------------------------------------------
// Measurements.

interface Row {
  what: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
  note?: string;
}
const rows: Row[] = [];
const ms = (x: number): string =>
  x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** What a Kubeward server logged about its code cache (server/src/boot.ts): hit, miss, rejected, off. */
function cacheState(client: LspClient): string {
  for (const msg of client.logs) {
    const s = /^code cache: (\w+)$/.exec(msg)?.[1];
    if (s) return s;
  }
  return 'not logged';
}

async function openFirstDiagnostics(
  kind: ServerKind,
  text: string,
  env = MEASURED_ENV,
): Promise<{ open: number; init: number; cache: string }> {
  const { client, initMs } = await startServer(kind, [], ROOT, env);
  const uri = pathToFileURL(INSTALL).href;
  const got = client.waitForMessage(isDiagnosticsFor(uri), 120_000, 'the first diagnostics');
  const t0 = now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await got;
  const open = now() - t0;
  // A first start writes its code cache right after the first check; let it finish.
  if (kind === 'kubeward') await sleep(300);
  const cache = kind === 'kubeward' ? cacheState(client) : '';
  await client.shutdown();
  return { open, init: initMs, cache };
}

const count = (xs: readonly string[]): string =>
  [...new Set(xs)].map((x) => `${x} ${xs.filter((y) => y === x).length}×`).join(', ');

async function benchOpen(): Promise<void> {
  const text = readFileSync(INSTALL, 'utf8');
  // `kubeward`: a start with the code cache an earlier start left beside the bundle (every start
  // but the first after an install or update; the warm-up run writes it). `cold`: the first start,
  // no code cache (KUBEWARD_CODE_CACHE=off), measured in the same runs.
  const variants = {
    kubeward: { kind: 'kubeward', env: MEASURED_ENV },
    cold: { kind: 'kubeward', env: { ...MEASURED_ENV, KUBEWARD_CODE_CACHE: 'off' } },
    yls: { kind: 'yls', env: MEASURED_ENV },
  } as const;
  type Variant = keyof typeof variants;
  const res: Record<Variant, { open: number[]; init: number[]; cache: string[] }> = {
    kubeward: { open: [], init: [], cache: [] },
    cold: { open: [], init: [], cache: [] },
    yls: { open: [], init: [], cache: [] },
  };
  for (let i = 0; i <= RUNS; i++) {
    for (const v of Object.keys(variants) as Variant[]) {
      const r = await openFirstDiagnostics(variants[v].kind, text, variants[v].env);
      if (i === 0) continue; // warm-up (disk cache, first JIT of node itself, our code cache)
      res[v].open.push(r.open);
      res[v].init.push(r.init);
      res[v].cache.push(r.cache);
    }
    log(`open run ${i}/${RUNS}`);
  }
  const yo = median(res.yls.open);
  const yi = median(res.yls.init);
  for (const v of ['kubeward', 'cold'] as const) {
    const ko = median(res[v].open);
    const label = v === 'kubeward' ? 'fresh server' : 'first start after install: no code cache';
    rows.push({
      what: `open \`install.yaml\` → first diagnostics (LSP, stdio, ${label})`,
      ours: ms(ko),
      reference: `${ms(yo)} (yaml-language-server)`,
      ratio: `1/${(yo / ko).toFixed(1)}`,
      target: '≤ 1/10',
      met: ko * 10 <= yo,
      note:
        v === 'kubeward'
          ? `yaml-language-server waits a fixed 200 ms (validationDelayMs) before validating; without it: ${ms(yo - 200)}, ratio 1/${((yo - 200) / ko).toFixed(1)}. Code cache as the server logged it: ${count(res[v].cache)}`
          : `KUBEWARD_CODE_CACHE=off; the server logged: ${count(res[v].cache)}`,
    });
  }
  let withCerts: string | undefined;
  if (CA_CERTS !== undefined) {
    // The same start with this machine's NODE_EXTRA_CA_CERTS left in (see MEASURED_ENV).
    const init: Record<ServerKind, number[]> = { kubeward: [], yls: [] };
    for (let i = 0; i <= RUNS; i++) {
      for (const kind of ['kubeward', 'yls'] as const) {
        const { client, initMs } = await startServer(kind, [], ROOT, process.env);
        await client.shutdown();
        if (i > 0) init[kind].push(initMs);
      }
    }
    const kc = median(init.kubeward);
    const yc = median(init.yls);
    withCerts = `with this machine's NODE_EXTRA_CA_CERTS set (each process first parses ${CA_CERTS}): ${ms(kc)} vs ${ms(yc)}, ratio 1/${(yc / kc).toFixed(1)} (Kubeward with its code cache)`;
  }
  for (const v of ['kubeward', 'cold'] as const) {
    const ki = median(res[v].init);
    rows.push({
      what: `server start → \`initialize\` answered${v === 'cold' ? ' (first start after install: no code cache)' : ''}`,
      ours: ms(ki),
      reference: `${ms(yi)} (yaml-language-server)`,
      ratio: `1/${(yi / ki).toFixed(1)}`,
      target: '≤ 1/4',
      met: ki * 4 <= yi,
      ...(v === 'kubeward' && withCerts ? { note: withCerts } : {}),
    });
  }
}

/** Offset of a one-character edit inside the first Deployment: the end of its `metadata.name` value. */
function deploymentEditOffset(text: string): number {
  const at = text.search(/^kind: Deployment\s*$/m);
  const name = /^ {2}name: \S+$/m.exec(text.slice(at));
  if (at < 0 || !name) throw new Error('no Deployment in install.yaml');
  return at + name.index + name[0].length;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let ls = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    ls = i + 1;
  }
  return { line, character: offset - ls };
}

/**
 * `n` admission policies for pods and Deployments (each a ValidatingAdmissionPolicy and its binding,
 * with a variable and a messageExpression), as the editor's open documents hold them.
 */
function benchPolicies(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    [
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingAdmissionPolicy',
      `metadata: { name: bench-${i} }`,
      'spec:',
      '  matchConstraints:',
      '    resourceRules:',
      i % 2 === 0
        ? "      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }"
        : '      - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments] }',
      '  variables:',
      i % 2 === 0
        ? '    - { name: containers, expression: object.spec.containers }'
        : '    - { name: containers, expression: object.spec.template.spec.containers }',
      '  validations:',
      `    - expression: "variables.containers.all(c, !c.image.endsWith(':bench-${i}') && size(c.name) < 200)"`,
      `      messageExpression: "'bench ${i}: ' + string(size(variables.containers)) + ' containers'"`,
      '---',
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingAdmissionPolicyBinding',
      `metadata: { name: bench-${i} }`,
      `spec: { policyName: bench-${i}, validationActions: [Deny] }`,
      '',
    ].join('\n'),
  );
}

async function benchEdit(policies = 0): Promise<void> {
  const text = readFileSync(INSTALL, 'utf8');
  const pos = positionOf(text, deploymentEditOffset(text));
  const uri = pathToFileURL(INSTALL).href;
  const { client } = await startServer('kubeward');
  for (const [i, policy] of benchPolicies(policies).entries()) {
    const puri = pathToFileURL(join(ROOT, `.bench-policy-${i}.yaml`)).href;
    const opened = client.waitForMessage(isDiagnosticsFor(puri), 60_000, `policy ${i}`);
    client.notify('textDocument/didOpen', {
      textDocument: { uri: puri, languageId: 'yaml', version: 1, text: policy },
    });
    await opened;
  }
  const first = client.waitForMessage(isDiagnosticsFor(uri), 60_000, 'the first diagnostics');
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await first;
  const times: number[] = [];
  const EDITS = 10 + 4 * RUNS;
  for (let v = 2; v < 2 + EDITS; v++) {
    // Alternately type one character and delete it again.
    const insert = v % 2 === 0;
    const change = insert
      ? { range: { start: pos, end: pos }, text: 'x' }
      : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
    const got = client.waitForMessage(isDiagnosticsFor(uri, v), 10_000, `diagnostics of version ${v}`);
    const t0 = now();
    client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    await got;
    if (v >= 6) times.push(now() - t0); // the first four are warm-up
    await sleep(20);
  }
  await client.shutdown();
  const e = median(times);
  rows.push({
    what: `one-character edit in a Deployment of \`install.yaml\`${policies > 0 ? `, ${policies} admission policies open` : ''} → updated diagnostics (debounceMs 0)`,
    ours: ms(e),
    reference: '—',
    ratio: '—',
    target: '≤ 15 ms',
    met: e <= 15,
    note: `${times.length} edits; min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}`,
  });
}

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...corpusFiles(p));
    else if (['.yaml', '.yml', '.json'].includes(extname(e.name).toLowerCase())) out.push(p);
  }
  return out.sort();
}

function benchEngine(): void {
  const docs: string[] = [];
  for (const f of corpusFiles(CORPUS)) {
    for (const c of splitChunks(readFileSync(f, 'utf8'))) {
      const k = cheapKind(c.text);
      if (k !== undefined && k in WORKLOAD_KINDS) docs.push(c.text);
    }
  }
  const config = engineConfig({});
  const engineRound = (): number => {
    const engine = new Engine(rules, { cache: false });
    const t0 = now();
    for (const d of docs) engine.check(d, config);
    return now() - t0;
  };
  const yamlRound = (): number => {
    const t0 = now();
    for (const d of docs) parseAllDocuments(d);
    return now() - t0;
  };
  // The fast block-YAML reader alone on the same documents (chunks it declines count as nothing).
  let accepted = 0;
  const readerRound = (): number => {
    accepted = 0;
    const t0 = now();
    for (const d of docs) if (readBlockYaml(d)) accepted++;
    return now() - t0;
  };
  const e: number[] = [];
  const y: number[] = [];
  const r: number[] = [];
  const rounds = Math.max(7, RUNS + 2);
  for (let i = 0; i < rounds + 3; i++) {
    const a = engineRound();
    const b = yamlRound();
    const c = readerRound();
    if (i >= 3) {
      e.push(a);
      y.push(b);
      r.push(c);
    }
  }
  const em = median(e);
  const ym = median(y);
  rows.push({
    what: `engine time over all ${docs.length} workload documents of the corpus`,
    ours: ms(em),
    reference: `${ms(ym)} (yaml parseAllDocuments)`,
    ratio: `${(em / ym).toFixed(2)}×`,
    target: '≤ 1.5×',
    met: em <= 1.5 * ym,
    note: `${(docs.reduce((n, d) => n + d.length, 0) / 1024).toFixed(0)} KiB of workload YAML; in-process, warm; the fast YAML reader alone: ${ms(median(r))}, taking ${accepted} of ${docs.length} documents`,
  });
}

interface ProcResult {
  ms: number;
  maxRssKb: number | undefined;
  status: number | null;
  stderr: string;
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function runProcess(args: readonly string[]): ProcResult {
  const cmd = TIME ? TIME : process.execPath;
  const full = TIME ? ['-v', process.execPath, ...args] : [...args];
  const t0 = now();
  const r = spawnSync(cmd, full, {
    cwd: ROOT,
    env: MEASURED_ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = now() - t0;
  const stderr = r.stderr.toString();
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { ms: elapsed, maxRssKb: rss ? Number(rss[1]) : undefined, status: r.status, stderr };
}

function benchCliCorpus(): void {
  const t: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const r = runProcess(['dist/cli.js', 'scan', CORPUS]);
    if (r.status !== 0 && r.status !== 1) throw new Error(`kubeward scan failed: ${r.stderr}`);
    if (i > 0) t.push(r.ms);
  }
  const m = median(t);
  rows.push({
    what: '`kubeward scan ../shared/corpus/real` (345 files), whole process',
    ours: ms(m),
    reference: '—',
    ratio: '—',
    target: '≤ 2 s',
    met: m <= 2000,
  });
}

// A deterministic generated workspace: WORKSPACE_FILES manifests in 100 folders.
function generateWorkspace(dir: string, n: number): void {
  const stamp = join(dir, '.generated');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(n)) return;
  rmSync(dir, { recursive: true, force: true });
  let seed = 42;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `team-${String(i % 100).padStart(2, '0')}`);
    if (i < 100) mkdirSync(sub, { recursive: true });
    const name = `app-${i}`;
    const kind = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'][rnd(6)] ?? 'Deployment';
    const sc = [
      '',
      '        securityContext:\n          privileged: true\n',
      '        securityContext:\n          runAsNonRoot: true\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n          capabilities:\n            drop: [ALL]\n          seccompProfile:\n            type: RuntimeDefault\n',
      '        securityContext:\n          capabilities:\n            add: [NET_ADMIN, SYS_ADMIN]\n',
    ][rnd(4)];
    const host = rnd(5) === 0 ? '      hostNetwork: true\n      hostPID: true\n' : '';
    const vol =
      rnd(4) === 0
        ? '      volumes:\n        - name: host\n          hostPath:\n            path: /var/run/docker.sock\n'
        : '';
    const pod = `      containers:\n        - name: main\n          image: registry.example.com/${name}:1.${i % 17}.0\n          ports:\n            - containerPort: ${8000 + (i % 1000)}\n          resources:\n            limits:\n              memory: 256Mi\n              cpu: 500m\n          env:\n            - name: INDEX\n              value: "${i}"\n${sc?.replace(/^ {8}/gm, '          ') ?? ''}${host}${vol}`;
    const meta = `metadata:\n  name: ${name}\n  namespace: ns-${i % 37}\n  labels:\n    app: ${name}\n`;
    const template = (indent: string): string =>
      `${indent}template:\n${indent}  metadata:\n${indent}    labels:\n${indent}      app: ${name}\n${indent}  spec:\n${pod.replace(/^ {4}/gm, indent + '  ')}`;
    let body: string;
    if (kind === 'Pod') body = `apiVersion: v1\nkind: Pod\n${meta}spec:\n${pod.replace(/^ {4}/gm, '')}`;
    else if (kind === 'Job') body = `apiVersion: batch/v1\nkind: Job\n${meta}spec:\n${template('  ')}`;
    else if (kind === 'CronJob')
      body = `apiVersion: batch/v1\nkind: CronJob\n${meta}spec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n${template('      ')}`;
    else
      body = `apiVersion: apps/v1\nkind: ${kind}\n${meta}spec:\n  selector:\n    matchLabels:\n      app: ${name}\n${template('  ')}`;
    const extra =
      rnd(2) === 0
        ? `---\napiVersion: v1\nkind: Service\n${meta}spec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: ${8000 + (i % 1000)}\n---\napiVersion: v1\nkind: ConfigMap\n${meta}data:\n  config.yaml: |\n    level: info\n    index: ${i}\n`
        : '';
    writeFileSync(join(sub, `${name}.yaml`), `${body}${extra}`);
  }
  writeFileSync(stamp, String(n));
}

async function benchWorkspace(kubewardInit: unknown): Promise<void> {
  const dir = join(BENCH, `workspace-${WORKSPACE_FILES}`);
  log(`generating ${WORKSPACE_FILES} manifests in ${dir}`);
  generateWorkspace(dir, WORKSPACE_FILES);
  const t: number[] = [];
  const rss: number[] = [];
  const runs = Math.max(3, Math.ceil(RUNS / 2));
  for (let i = 0; i <= runs; i++) {
    const r = runProcess(['dist/cli.js', 'scan', dir]);
    if (r.status !== 0 && r.status !== 1) throw new Error(`kubeward scan failed: ${r.stderr.slice(-2000)}`);
    if (i > 0) {
      t.push(r.ms);
      if (r.maxRssKb !== undefined) rss.push(r.maxRssKb * 1024);
    }
  }
  const m = median(t);
  const peak = rss.length > 0 ? Math.max(...rss) : NaN;
  rows.push({
    what: `generated workspace of ${WORKSPACE_FILES} manifests: \`kubeward scan\` time / peak RSS`,
    ours: `${ms(m)} / ${rss.length > 0 ? mb(peak) : 'n/a'}`,
    reference: '—',
    ratio: '—',
    target: '≤ 30 s / ≤ 400 MB',
    met: m <= 30_000 && !(peak > 400 * 1024 * 1024),
    note: 'the CLI draws an `indexing`/`scanning n/N files` line on a terminal; stderr is a pipe here, so none is drawn',
  });
  // JSON and SARIF logs of this workspace are ~100 MB and ~190 MB of text: written as the files
  // are checked, their memory must not grow with them. One run each (the runs above warmed up).
  for (const format of ['json', 'sarif']) {
    const r = runProcess(['dist/cli.js', 'scan', '--format', format, dir]);
    if (r.status !== 0 && r.status !== 1) throw new Error(`kubeward scan failed: ${r.stderr.slice(-2000)}`);
    const peakRss = r.maxRssKb !== undefined ? r.maxRssKb * 1024 : NaN;
    rows.push({
      what: `generated workspace of ${WORKSPACE_FILES} manifests: \`kubeward scan --format ${format}\` time / peak RSS`,
      ours: `${ms(r.ms)} / ${Number.isNaN(peakRss) ? 'n/a' : mb(peakRss)}`,
      reference: '—',
      ratio: '—',
      target: '≤ 30 s / ≤ 400 MB',
      met: r.ms <= 30_000 && !(peakRss > 400 * 1024 * 1024),
      note: `one run, the log written to /dev/null; ${/^kubeward: (\d+ findings?)/m.exec(r.stderr)?.[1] ?? '?'}`,
    });
  }
  const caps = (kubewardInit as { capabilities?: { executeCommandProvider?: { commands?: string[] } } })
    .capabilities;
  const hasScan = caps?.executeCommandProvider?.commands?.includes('kubeward.server.scanWorkspace') === true;
  if (!hasScan) {
    rows.push({
      what: `generated workspace of ${WORKSPACE_FILES} manifests: editor workspace scan`,
      ours: 'not measured',
      reference: '—',
      ratio: '—',
      target: '≤ 30 s / ≤ 400 MB, progress shown',
      met: undefined,
      note: 'the server does not offer `kubeward.scanWorkspace` yet',
    });
    return;
  }
  const { client } = await startServer('kubeward', [], dir);
  let progress = 0;
  let scanning = false;
  // Counts progress messages until the status says the scan that started is over (or 600 s pass).
  const done = client
    .waitForMessage(
      (m) => {
        if (m.method === '$/progress' || m.method === 'window/workDoneProgress/create') progress++;
        if (m.method !== 'kubeward/status') return false;
        if ((m.params as { scanning?: boolean }).scanning === true) {
          scanning = true;
          progress++;
          return false;
        }
        return scanning;
      },
      600_000,
      'the end of the workspace scan',
    )
    .then(
      () => undefined,
      () => undefined,
    );
  const t0 = now();
  await client.request(
    'workspace/executeCommand',
    { command: 'kubeward.server.scanWorkspace', arguments: [] },
    600_000,
  );
  if (scanning) await done;
  const scanMs = now() - t0;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${client.proc.pid}/status`, 'utf8'));
  const peakServer = hwm ? Number(hwm[1]) * 1024 : NaN;
  await client.shutdown();
  rows.push({
    what: `generated workspace of ${WORKSPACE_FILES} manifests: editor workspace scan`,
    ours: `${ms(scanMs)} / ${mb(peakServer)}`,
    reference: '—',
    ratio: '—',
    target: '≤ 30 s / ≤ 400 MB, progress shown',
    met: scanMs <= 30_000 && peakServer <= 400 * 1024 * 1024 && progress > 0,
    note: `one run; ${progress} progress messages`,
  });
}

// ---------------------------------------------------------------------------------------------
// Where a start goes: node ready → entry script loaded → `initialize` answered.

/** Preload: stamps node-ready, script-loaded (first turn of the event loop) and the first write to stdout. */
const STAMP = `const ready = performance.now();
let loaded;
setImmediate(() => { loaded = performance.now(); });
const write = process.stdout.write.bind(process.stdout);
let done = false;
process.stdout.write = (...a) => {
  if (!done) {
    done = true;
    require('node:fs').writeFileSync(process.env.KUBEWARD_BENCH_STAMP, [ready, loaded, performance.now()].join(' '));
  }
  return write(...a);
};
`;

/** A server of nothing but vscode-languageserver, bundled like ours: the floor for any server built on it. */
const FLOOR_SERVER = `import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: {} }));
connection.listen();
`;

let startupTable = '';

async function benchStartup(): Promise<void> {
  mkdirSync(BENCH, { recursive: true });
  const stamp = join(BENCH, 'stamp-preload.cjs');
  const out = join(BENCH, 'stamp.txt');
  const floor = join(BENCH, 'floor-server.js');
  writeFileSync(stamp, STAMP);
  buildSync({
    stdin: { contents: FLOOR_SERVER, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    outfile: floor,
    logLevel: 'warning',
  });
  // A check writes the code cache if it is missing or stale; the next start must then use it.
  const text = readFileSync(INSTALL, 'utf8');
  await openFirstDiagnostics('kubeward', text);
  const cache = (await openFirstDiagnostics('kubeward', text)).cache;
  const variants = [
    { what: 'a server of nothing but `vscode-languageserver` (bundled the same way)', file: floor, env: {} },
    {
      what: 'Kubeward, first start after an install (no code cache)',
      file: 'dist/server.js',
      env: { KUBEWARD_CODE_CACHE: 'off' },
    },
    { what: 'Kubeward, with its code cache', file: 'dist/server.js', env: {} },
  ];
  const STARTS = 30;
  const res = variants.map(() => ({
    ready: [] as number[],
    load: [] as number[],
    answer: [] as number[],
    wall: [] as number[],
  }));
  for (let i = 0; i <= STARTS; i++) {
    for (const [n, v] of variants.entries()) {
      rmSync(out, { force: true });
      const t0 = now();
      const client = spawnServer({
        nodeArgs: ['-r', stamp],
        server: v.file,
        configuration: kubewardSettings,
        env: { ...MEASURED_ENV, ...v.env, KUBEWARD_BENCH_STAMP: out },
      });
      await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 60_000);
      const wall = now() - t0;
      client.proc.kill();
      await new Promise((r) => client.proc.once('exit', r));
      if (i === 0) continue; // warm-up (and the code cache, written by earlier rows or the open row)
      const [ready = NaN, loaded = NaN, answered = NaN] = readFileSync(out, 'utf8').split(' ').map(Number);
      const r = res[n];
      if (!r) continue;
      r.ready.push(ready);
      r.load.push(loaded - ready);
      r.answer.push(answered - loaded);
      r.wall.push(wall);
    }
  }
  startupTable = [
    `Where a start goes (${STARTS} starts of each, in turn; medians; a preload stamps when node is ready, when the entry script has run and when the \`initialize\` answer is written; the code cache was \`${cache}\` on a start before these):`,
    '',
    '| server | node ready | + loading the script | + answering | spawn → answer |',
    '|---|---|---|---|---|',
    ...variants.map((v, n) => {
      const r = res[n];
      const m = (xs: number[] | undefined): string => ms(median(xs ?? []));
      return `| ${v.what} | ${m(r?.ready)} | ${m(r?.load)} | ${m(r?.answer)} | ${m(r?.wall)} |`;
    }),
    '',
  ].join('\n');
}

const PROBE = `process.on('SIGUSR2', () => {
  for (let i = 0; i < 4; i++) global.gc();
  require('node:fs').writeFileSync(process.env.KUBEWARD_BENCH_HEAP, String(process.memoryUsage().heapUsed));
});
`;

async function benchHeap(): Promise<void> {
  mkdirSync(BENCH, { recursive: true });
  const probe = join(BENCH, 'heap-probe.cjs');
  const out = join(BENCH, 'heap.txt');
  writeFileSync(probe, PROBE);
  const { client } = await startServer('kubeward', ['--expose-gc', '--require', probe], ROOT, {
    ...MEASURED_ENV,
    KUBEWARD_BENCH_HEAP: out,
  });
  const heap = async (): Promise<number> => {
    rmSync(out, { force: true });
    client.proc.kill('SIGUSR2');
    for (let i = 0; i < 200 && !existsSync(out); i++) await sleep(25);
    await sleep(25);
    return Number(readFileSync(out, 'utf8'));
  };
  const files = corpusFiles(CORPUS).map((f) => readFileSync(f, 'utf8'));
  // Every document distinct, down to each `---` chunk, so no cache entry is shared between them.
  const textOf = (n: number): string => {
    const base = files[n % files.length] ?? '';
    const tag = `# kubeward bench document ${n}\n`;
    return tag + base.replace(/^(?=---(?:[ \t]|\r?$))/gm, tag);
  };
  const cycle = async (from: number, count: number, batch: number): Promise<void> => {
    for (let b = from; b < from + count; b += batch) {
      const uris: string[] = [];
      const waits: Promise<ServerMessage>[] = [];
      for (let n = b; n < Math.min(b + batch, from + count); n++) {
        const uri = `file:///bench/doc-${n}.yaml`;
        uris.push(uri);
        waits.push(client.waitForMessage(isDiagnosticsFor(uri, 1), 60_000, `diagnostics of ${uri}`));
        client.notify('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version: 1, text: textOf(n) },
        });
      }
      await Promise.all(waits);
      const cleared = uris.map((uri) =>
        client.waitForMessage(
          (m) =>
            isDiagnosticsFor(uri)(m) &&
            (m.params as { diagnostics: unknown[]; version?: number }).version === undefined,
          60_000,
          `the diagnostics of ${uri} cleared`,
        ),
      );
      for (const uri of uris) client.notify('textDocument/didClose', { textDocument: { uri } });
      await Promise.all(cleared);
    }
  };
  // Warm-up: every module and code path loaded and optimised. With 200 documents the next 1,000
  // still grew the heap by ~10% once (JIT code and type feedback), then stayed flat over 3,000 more.
  await cycle(100_000, 1000, 50);
  const start = await heap();
  await cycle(0, 1000, 50);
  const end = await heap();
  // A second 1,000: a leak grows again, warm-up does not.
  await cycle(1000, 1000, 50);
  const end2 = await heap();
  await client.shutdown();
  rows.push({
    what: 'open and close 1,000 documents (50 open at a time) → retained heap',
    ours: `${mb(start)} → ${mb(end)} (${end >= start ? '+' : ''}${(((end - start) / start) * 100).toFixed(1)}%)`,
    reference: '—',
    ratio: '—',
    target: 'within 10% of start',
    met: end <= start * 1.1,
    note: `heapUsed after forced GC, in the server process, after a warm-up of 1,000 other documents; every document and chunk distinct; after 1,000 more: ${mb(end2)} (${end2 >= start ? '+' : ''}${(((end2 - start) / start) * 100).toFixed(1)}%)`,
  });
}

function benchSizes(): void {
  log('npm run package');
  const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const vsix = join(ROOT, 'kubeward.vsix');
  const vsixSize = r.status === 0 && existsSync(vsix) ? statSync(vsix).size : NaN;
  if (r.status !== 0) log(`npm run package failed: ${r.stderr.toString().slice(-1000)}`);
  // The server is its loader (dist/server.js) and the bundle it runs (dist/server-main.js).
  const server =
    statSync(join(ROOT, 'dist/server.js')).size + statSync(join(ROOT, 'dist/server-main.js')).size;
  rows.push({
    what: '`.vsix` size / server size (`dist/server.js` + `dist/server-main.js`)',
    ours: `${Number.isNaN(vsixSize) ? 'package failed' : mb(vsixSize)} / ${mb(server)}`,
    reference: '—',
    ratio: '—',
    target: '≤ 1 MB / ≤ 1.5 MB',
    met: vsixSize <= 1024 * 1024 && server <= 1.5 * 1024 * 1024,
  });
}

// ---------------------------------------------------------------------------------------------
// Helm charts: the scaffold chart edited in the editor, and a workspace scan of the corpus charts.

/** `helm template` of a chart folder, the whole process (the reference of the Helm rows). */
function helmTemplateMs(chartDir: string): number {
  const t0 = now();
  const r = spawnSync(helmBinary(), ['template', 'release', chartDir], {
    env: MEASURED_ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsed = now() - t0;
  if (r.status !== 0) throw new Error(`helm template ${chartDir} failed: ${r.stderr.toString()}`);
  return elapsed;
}

/**
 * The scaffold chart (test/fixtures/charts/webapp, `helm create`'s) open in the editor: an edit of
 * `podSecurityContext: {}` in values.yaml that adds or removes `runAsNonRoot: true`, until the
 * diagnostics of values.yaml say so (run-as-non-root gone or back), against `helm template` of the
 * same chart measured in the same run, alternately.
 */
async function benchHelmEdit(): Promise<void> {
  const folder = join(BENCH, 'helm-edit');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const root = join(folder, 'webapp');
  cpSync(join(FIXTURE_CHARTS, 'webapp'), root, { recursive: true });
  const valuesPath = join(root, 'values.yaml');
  const text = readFileSync(valuesPath, 'utf8');
  const uri = pathToFileURL(valuesPath).href;
  const line = text.split('\n').findIndex((l) => l === 'podSecurityContext: {}');
  if (line < 0) throw new Error('no `podSecurityContext: {}` in the scaffold values.yaml');
  const { client } = await startServer('kubeward', [], folder, MEASURED_ENV, kubewardHelmSettings);
  const hasRunAsNonRoot = (m: ServerMessage): boolean | undefined => {
    if (m.method !== 'textDocument/publishDiagnostics') return undefined;
    const p = m.params as { uri: string; diagnostics: { code?: unknown }[] };
    if (p.uri !== uri) return undefined;
    return p.diagnostics.some((d) => d.code === 'run-as-non-root');
  };
  const first = client.waitForMessage(
    (m) => hasRunAsNonRoot(m) === true,
    60_000,
    'the first chart diagnostics',
  );
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await first;
  const ours: number[] = [];
  const helm: number[] = [];
  const EDITS = 6 + 4 * RUNS;
  const original = 'podSecurityContext: {}';
  const hardened = 'podSecurityContext: {runAsNonRoot: true}';
  for (let v = 2; v < 2 + EDITS; v++) {
    // Alternately harden the pod and undo it: the finding goes, then comes back.
    const harden = v % 2 === 0;
    const [from, to] = harden ? [original, hardened] : [hardened, original];
    const change = {
      range: { start: { line, character: 0 }, end: { line, character: from.length } },
      text: to,
    };
    const got = client.waitForMessage(
      (m) => hasRunAsNonRoot(m) === !harden,
      30_000,
      `chart diagnostics after edit ${v}`,
    );
    const t0 = now();
    client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    await got;
    const elapsed = now() - t0;
    const h = helmTemplateMs(root);
    if (v >= 6) {
      ours.push(elapsed); // the first four are warm-up
      helm.push(h);
    }
    await sleep(50);
  }
  await client.shutdown();
  const o = median(ours);
  const r = median(helm);
  rows.push({
    what: 'Helm: edit `values.yaml` of the scaffold chart (webapp) until its diagnostics update (LSP, debounceMs 0)',
    ours: ms(o),
    reference: `${ms(r)} (\`helm template\` alone)`,
    ratio: `${o >= r ? '+' : '−'}${ms(Math.abs(o - r))}`,
    target: '≤ helm + 50 ms',
    met: o <= r + 50,
    note: `${ours.length} edits; min ${ms(Math.min(...ours))}, max ${ms(Math.max(...ours))}; helm v3.17 from test/support/tools.ts, run from the bench (process start included, as the server runs it)`,
  });
}

/** `kubeward scan` of the corpus charts (../shared/charts) and the fixture charts: every chart rendered. */
function benchHelmScan(): void {
  const chartDirs = [
    ...readdirSync(CHARTS)
      .filter((d) => existsSync(join(CHARTS, d, 'Chart.yaml')))
      .map((d) => join(CHARTS, d)),
    ...readdirSync(FIXTURE_CHARTS).map((d) => join(FIXTURE_CHARTS, d)),
  ];
  const args = ['dist/cli.js', 'scan', '--helm', helmBinary(), '--no-progress', CHARTS, FIXTURE_CHARTS];
  const t: number[] = [];
  const h: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const r = runProcess(args);
    if (r.status !== 0 && r.status !== 1) throw new Error(`kubeward scan failed: ${r.stderr}`);
    // helm template of each chart, one after another, as a baseline for what rendering alone costs
    // (the two that cannot render, a failing template and a missing dependency, fail fast or are not run).
    let sum = 0;
    for (const d of chartDirs) {
      if (d.endsWith('needs-redis')) continue;
      const t0 = now();
      spawnSync(helmBinary(), ['template', 'release', d], { env: MEASURED_ENV, stdio: 'ignore' });
      sum += now() - t0;
    }
    if (i > 0) {
      t.push(r.ms);
      h.push(sum);
    }
  }
  const m = median(t);
  const hs = median(h);
  rows.push({
    what: `\`kubeward scan\` of the corpus charts (../shared/charts, 4) and the fixture charts (5), whole process`,
    ours: ms(m),
    reference: `${ms(hs)} (\`helm template\` of each, one after another)`,
    ratio: `${(m / hs).toFixed(2)}×`,
    target: '—',
    met: undefined,
    note: 'each chart is rendered once with its traced twins (one helm run per chart), findings placed in templates and values files',
  });
}

// ---------------------------------------------------------------------------------------------

function ensureReference(): string {
  if (!existsSync(YLS)) {
    log('installing the reference (yaml-language-server) into .bench/');
    const r = spawnSync('npm', ['install', '--no-save', '--prefix', BENCH, 'yaml-language-server'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('could not install yaml-language-server');
  }
  const pkg = JSON.parse(
    readFileSync(join(BENCH, 'node_modules/yaml-language-server/package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

function machine(ylsVersion: string): string {
  const c = cpus();
  const yamlPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/yaml/package.json'), 'utf8')) as {
    version: string;
  };
  return [
    `- CPU: ${c[0]?.model ?? 'unknown'}, ${c.length} cores`,
    `- Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node ${process.version}, Linux ${release()}`,
    `- Reference: yaml-language-server ${ylsVersion} (schemas, schema store and CRD store off: syntax only), yaml ${yamlPkg.version}`,
    `- ${RUNS} measured runs after a warm-up; medians; ${new Date().toISOString().slice(0, 10)}`,
    `- Measured processes run without NODE_EXTRA_CA_CERTS${CA_CERTS === undefined ? ' (not set here)' : ' (set on this machine: the initialize row notes the times with it)'}; load average when the bench started: ${LOAD_AT_START}`,
  ].join('\n');
}

function table(): string {
  const lines = [
    '| what | Kubeward | reference | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.ours} | ${r.reference} | ${r.ratio} | ${r.target} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`,
    ),
  ];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.what}: ${r.note ?? ''}`);
  return `${lines.join('\n')}\n\nNotes:\n\n${notes.join('\n')}\n`;
}

const START = '<!-- bench:start (written by `npm run bench -- --write`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/**
 * `--write` with `--only`: the measured rows replace the rows of the same name in the written table
 * (or are added at its end), their notes likewise; the other rows and the machine stay as written.
 */
function mergeRows(block: string, date: string): string {
  const lines = block.split('\n');
  /** The index after the run of lines that `is` accepts, starting at the first line after `from`. */
  const endOfRun = (from: number, is: (l: string) => boolean): number => {
    let i = from + 1;
    while (i < lines.length && is(lines[i] ?? '')) i++;
    return i;
  };
  for (const r of rows) {
    const row = `| ${r.what} | ${r.ours} | ${r.reference} | ${r.ratio} | ${r.target} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`;
    const at = lines.findIndex((l) => l.startsWith(`| ${r.what} |`));
    if (at >= 0) lines[at] = row;
    else {
      const header = lines.findIndex((l) => l.startsWith('| what | Kubeward |'));
      if (header < 0) throw new Error('docs/performance.md: no measurements table to add a row to');
      // After the header and its `|---|` line, at the end of the rows.
      lines.splice(
        endOfRun(header + 1, (l) => l.startsWith('| ')),
        0,
        row,
      );
    }
    const note = `- ${r.what}: ${r.note ? `${r.note}; ` : ''}measured ${date} with \`--only\`, load average ${LOAD_AT_START} at the start`;
    const n = lines.findIndex((l) => l.startsWith(`- ${r.what}: `));
    if (n >= 0) lines[n] = note;
    else {
      const notes = lines.indexOf('Notes:');
      if (notes < 0) throw new Error('docs/performance.md: no notes to add a note to');
      lines.splice(
        endOfRun(notes + 1, (l) => l.startsWith('- ')),
        0,
        note,
      );
    }
  }
  return lines.join('\n');
}

function writeDoc(body: string): void {
  const file = join(ROOT, 'docs/performance.md');
  const block = `${START}\n\n${body}\n${END}`;
  let doc = existsSync(file)
    ? readFileSync(file, 'utf8')
    : `# Performance\n\nHow fast Kubeward is on the largest real manifests, measured by \`npm run bench\` (issue 7).\n\n${START}\n${END}\n\n## Analysis\n\n(hand-written)\n`;
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (ONLY && a >= 0 && b > a) {
    const merged = mergeRows(doc.slice(a, b), new Date().toISOString().slice(0, 10));
    doc = doc.slice(0, a) + merged + doc.slice(b);
  } else doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + END.length) : `${doc}\n${block}\n`;
  writeFileSync(file, doc);
  log(`wrote ${file}`);
}

async function main(): Promise<void> {
  const ylsVersion = ensureReference();
  log('building dist/');
  const b = spawnSync(
    process.execPath,
    argv.includes('--cpu-prof') ? ['esbuild.mjs'] : ['esbuild.mjs', '--production'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (b.status !== 0) throw new Error('build failed');
  const want = (k: string): boolean => !ONLY || ONLY.includes(k);
  if (want('open')) await benchOpen();
  if (want('edit')) await benchEdit();
  if (want('edit-policies')) await benchEdit(20);
  if (want('engine')) benchEngine();
  if (want('cli')) benchCliCorpus();
  if (want('helm-edit')) await benchHelmEdit();
  if (want('helm-scan')) benchHelmScan();
  if (want('workspace')) {
    const { client, init } = await startServer('kubeward');
    await client.shutdown();
    await benchWorkspace(init);
  }
  if (want('heap')) await benchHeap();
  if (want('size')) benchSizes();
  if (want('startup')) await benchStartup();
  const body = `Machine:\n\n${machine(ylsVersion)}\n\n${table()}${startupTable ? `\n${startupTable}` : ''}`;
  process.stdout.write(`\n${body}`);
  if (WRITE) writeDoc(body);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
