// A minimal JSON-RPC/LSP client over stdio for tests and scripts that drive the BUILT server
// (dist/server.js), exactly as an editor other than VS Code would. scripts/bench.ts drives
// yaml-language-server with it too: any server script, per-section configuration answers, an
// environment with variables removed, and waits on any message.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';

export const SERVER_JS = resolve(__dirname, '../../dist/server.js');

export interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  method: string;
}

/** A message from the server: a notification, or a request (which the client has answered). */
export interface ServerMessage {
  method: string;
  params: unknown;
  /** Set for a request. */
  id?: number | string;
}

interface MessageWaiter {
  test: (m: ServerMessage) => boolean;
  resolve: (m: ServerMessage) => void;
  reject: (e: Error) => void;
  what: string;
}

/** One item of a `workspace/configuration` request. */
export interface ConfigurationItem {
  section?: string;
  scopeUri?: string;
}

export interface StartOptions {
  /** Settings the client answers `workspace/configuration` with (default: profile all, no debounce). */
  settings?: Record<string, unknown>;
  /** Answers each `workspace/configuration` item itself (by section, scope…); overrides `settings`. */
  configuration?: (item: ConfigurationItem) => unknown;
  /** Changes to this process's environment for the server: a string sets a variable, undefined removes it. */
  env?: Record<string, string | undefined>;
  /** Extra node flags (e.g. --expose-gc, -r preload). */
  nodeArgs?: string[];
  serverArgs?: string[];
  /** The server's entry script, started as `node <nodeArgs> <server> --stdio <serverArgs>` (default: dist/server.js). */
  server?: string;
  /** Working folder of the server process (default: this process's). */
  cwd?: string;
  /**
   * Keep every notification in {@link LspClient.notifications} and {@link LspClient.published} (default
   * true). Off for long runs that watch messages with {@link LspClient.waitForMessage} instead; log
   * messages are kept either way.
   */
  record?: boolean;
}

/** Spawns `node dist/server.js --stdio` and speaks LSP to it. */
export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly stderr: string[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishParams[] = [];
  readonly logs: string[] = [];
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  private messageWaiters: MessageWaiter[] = [];
  private readonly record: boolean;
  settings: Record<string, unknown>;
  /** When set, answers `workspace/configuration` per item by its `scopeUri` (falls back to `settings`). */
  scoped: ((scopeUri: string | undefined) => Record<string, unknown> | undefined) | undefined;
  /** When set, answers every `workspace/configuration` item (see {@link StartOptions.configuration}). */
  configuration: ((item: ConfigurationItem) => unknown) | undefined;

  constructor(opts: StartOptions = {}) {
    this.settings = opts.settings ?? { profile: 'all', debounceMs: 0 };
    this.configuration = opts.configuration;
    this.record = opts.record ?? true;
    const env = Object.fromEntries(
      Object.entries({ ...process.env, ...opts.env }).filter(([, v]) => v !== undefined),
    );
    this.proc = spawn(
      process.execPath,
      [...(opts.nodeArgs ?? []), opts.server ?? SERVER_JS, '--stdio', ...(opts.serverArgs ?? [])],
      { env, stdio: 'pipe', ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) },
    );
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString('utf8')));
    this.proc.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const p of this.pending.values()) p.reject(new Error(`server exited during ${p.method}`));
      this.pending.clear();
      for (const w of this.messageWaiters) w.reject(new Error(`server exited while waiting for ${w.what}`));
      this.messageWaiters = [];
      this.wake();
    });
    this.proc.stdin.on('error', () => undefined);
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m?.[1]) throw new Error(`bad header ${header}`);
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(headerEnd + 4 + len);
      this.onMessage(JSON.parse(body) as Record<string, unknown>);
    }
  }

  private onMessage(msg: Record<string, unknown>): void {
    const id = msg.id as number | string | undefined;
    const method = msg.method as string | undefined;
    if (method !== undefined && id !== undefined) {
      // A request from the server.
      let result: unknown = null;
      if (method === 'workspace/configuration') {
        const items = (msg.params as { items?: ConfigurationItem[] } | undefined)?.items ?? [];
        const answer = this.configuration;
        result = items.map((i) => (answer ? answer(i) : (this.scoped?.(i.scopeUri) ?? this.settings)));
      }
      this.write({ jsonrpc: '2.0', id, result });
      this.deliver({ method, params: msg.params, id });
      return;
    }
    if (method !== undefined) {
      if (this.record) {
        this.notifications.push({ method, params: msg.params });
        if (method === 'textDocument/publishDiagnostics') this.published.push(msg.params as PublishParams);
      }
      if (method === 'window/logMessage') this.logs.push((msg.params as { message: string }).message);
      this.deliver({ method, params: msg.params });
      this.wake();
      return;
    }
    const p = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!p || typeof id !== 'number') return;
    this.pending.delete(id);
    if (msg.error) p.reject(new Error(`${p.method}: ${JSON.stringify(msg.error)}`));
    else p.resolve(msg.result);
  }

  /** Resolves the {@link waitForMessage} waiters that accept `m`. */
  private deliver(m: ServerMessage): void {
    if (this.messageWaiters.length === 0) return;
    const still: typeof this.messageWaiters = [];
    const hit: typeof this.messageWaiters = [];
    for (const w of this.messageWaiters) (w.test(m) ? hit : still).push(w);
    this.messageWaiters = still;
    for (const w of hit) w.resolve(m);
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.test() || this.exited) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private write(msg: unknown): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** Sends a request; resolves with its result, rejects on an error answer, on exit, or after `timeoutMs`. */
  request<T = unknown>(method: string, params: unknown, timeoutMs?: number): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((res, rej) => {
      if (this.exited) {
        rej(new Error(`server has exited (${method})`));
        return;
      }
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.pending.delete(id);
              rej(new Error(`${method}: no answer in ${timeoutMs} ms`));
            }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          res(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          rej(e);
        },
        method,
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Resolves when `test` holds (checked on every notification), rejects after `ms`. */
  waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        rej(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        if (this.exited && !test()) rej(new Error(`server exited while waiting for ${what}`));
        else res();
      };
      this.waiters.push({ test, resolve: done });
    });
  }

  /**
   * Resolves with the first message from the server, from now on, that `test` accepts: a notification
   * or a request (answered already); rejects after `ms` or when the server exits. `test` sees every
   * message until then.
   */
  waitForMessage(test: (m: ServerMessage) => boolean, ms: number, what: string): Promise<ServerMessage> {
    return new Promise((res, rej) => {
      if (this.exited) {
        rej(new Error(`server has exited (waiting for ${what})`));
        return;
      }
      const w: MessageWaiter = {
        test,
        what,
        resolve: (m) => {
          clearTimeout(timer);
          res(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          rej(e);
        },
      };
      const timer = setTimeout(() => {
        this.messageWaiters = this.messageWaiters.filter((x) => x !== w);
        rej(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      this.messageWaiters.push(w);
    });
  }

  /** The latest publishDiagnostics for `uri` (optionally of a given version) after `since` messages. */
  latest(uri: string, since = 0): PublishParams | undefined {
    for (let i = this.published.length - 1; i >= since; i--) {
      const p = this.published[i];
      if (p?.uri === uri) return p;
    }
    return undefined;
  }

  async waitForDiagnostics(uri: string, version: number | undefined, ms = 5000): Promise<PublishParams> {
    const start = this.published.length;
    let found: PublishParams | undefined;
    await this.waitFor(
      () => {
        for (let i = start; i < this.published.length; i++) {
          const p = this.published[i];
          if (p?.uri === uri && (version === undefined || p.version === version)) found = p;
        }
        return found !== undefined;
      },
      ms,
      `diagnostics for ${uri} v${version ?? '?'}`,
    );
    if (!found) throw new Error(`no diagnostics for ${uri}`);
    return found;
  }

  async initialize(
    capabilities: Record<string, unknown> = {},
    folders: readonly string[] = [],
  ): Promise<unknown> {
    const r = await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      ...(folders.length > 0 ? { workspaceFolders: folders.map((uri) => ({ uri, name: uri })) } : {}),
      capabilities: { workspace: { configuration: true }, ...capabilities },
    });
    this.notify('initialized', {});
    return r;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): void {
    this.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    await new Promise<void>((r) => {
      if (this.exited) {
        r();
        return;
      }
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        r();
      }, 2000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}
