// A minimal JSON-RPC client over stdio for protocol tests: spawns the built server and speaks LSP.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export interface Message {
  jsonrpc: '2.0';
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  readonly notifications: Message[] = [];
  /** Answers for server → client requests (workspace/configuration, client/registerCapability, …). */
  onRequest: (m: Message) => unknown = (m) => (m.method === 'workspace/configuration' ? [null] : null);

  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = {}) {
    this.proc = spawn(process.execPath, [join(__dirname, '..', 'dist', 'server.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const header = this.buf.subarray(0, sep).toString('ascii');
      const len = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buf.length < sep + 4 + len) return;
      const body = this.buf.subarray(sep + 4, sep + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(sep + 4 + len);
      const msg = JSON.parse(body) as Message;
      if (msg.id !== undefined && msg.method === undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg);
      } else if (msg.id !== undefined && msg.method) {
        this.send({ jsonrpc: '2.0', id: msg.id, result: this.onRequest(msg) ?? null });
      } else {
        this.notifications.push(msg);
        for (const l of [...this.listeners]) l(msg);
      }
    }
  }

  send(m: Message): void {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  async request<T = unknown>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    const id = this.nextId++;
    const p = new Promise<Message>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      setTimeout(() => reject(new Error(`${method} timed out`)), timeoutMs).unref();
    });
    this.send({ jsonrpc: '2.0', id, method, params });
    return (await p).result as T;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification (from now on) that matches. */
  waitFor(pred: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(l), 1);
        reject(new Error('timed out waiting for a notification'));
      }, timeoutMs);
      const l = (m: Message): void => {
        if (!pred(m)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(l), 1);
        resolve(m);
      };
      this.listeners.push(l);
    });
  }

  async initialize(capabilities: unknown = {}): Promise<unknown> {
    const r = await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: null,
    });
    this.notify('initialized', {});
    return r;
  }

  async shutdown(): Promise<void> {
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    this.proc.kill();
  }
}
