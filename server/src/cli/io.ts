// Where `kubeward scan` reads and writes: standard streams, decoded files, a progress line.
import { readFileSync } from 'node:fs';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Standard error is a terminal: show a progress line. */
  isTTY: boolean;
  readStdin: () => string;
  cwd: string;
}

/**
 * Decodes a manifest's bytes: a UTF-16 byte order mark (LE or BE) selects UTF-16, a UTF-8 one is
 * dropped, anything else is UTF-8 with invalid bytes as U+FFFD (lines stay where they were).
 */
export function decodeBytes(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return buf.subarray(3).toString('utf8');
  return buf.toString('utf8');
}

/**
 * The bytes of `text` in the encoding `original` was decoded from (same byte order mark), or
 * undefined when `original` does not decode and encode back to itself (invalid UTF-8, an odd
 * UTF-16 length): writing a fix would then change bytes the fix did not touch.
 */
export function encodeLike(original: Buffer, text: string): Buffer | undefined {
  const encode = (t: string): Buffer => {
    if (original.length >= 2 && original[0] === 0xff && original[1] === 0xfe)
      return Buffer.concat([original.subarray(0, 2), Buffer.from(t, 'utf16le')]);
    if (original.length >= 2 && original[0] === 0xfe && original[1] === 0xff)
      return Buffer.concat([original.subarray(0, 2), Buffer.from(t, 'utf16le').swap16()]);
    if (original.length >= 3 && original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf)
      return Buffer.concat([original.subarray(0, 3), Buffer.from(t, 'utf8')]);
    return Buffer.from(t, 'utf8');
  };
  if (!encode(decodeBytes(original)).equals(original)) return undefined;
  return encode(text);
}

/** Reads and decodes a file (throws on an I/O error). */
export function readDecoded(path: string): string {
  return decodeBytes(readFileSync(path));
}

/**
 * A reader that stops early (`kubeward scan . | head`) closes the pipe: the rest of the output is
 * dropped, the scan still finishes, and the exit code still says what it found.
 */
let stdoutClosed: boolean | undefined;
function writeStdout(s: string): void {
  if (stdoutClosed === undefined) {
    stdoutClosed = false;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      stdoutClosed = true;
    });
  }
  if (!stdoutClosed) process.stdout.write(s);
}

export const defaultIo = (): CliIo => ({
  out: writeStdout,
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY,
  readStdin: () => decodeBytes(readFileSync(0)),
  cwd: process.cwd(),
});

/** Show a progress line only for scans of at least this many files. */
const PROGRESS_MIN_FILES = 50;

/** The `kubeward: scanning 120/400 files` line on a terminal's standard error, redrawn in place. */
export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly enabled: boolean,
  ) {}

  static for(io: CliIo, wanted: boolean, files: number): ProgressLine {
    return new ProgressLine(io, wanted && io.isTTY && files >= PROGRESS_MIN_FILES);
  }

  show(what: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done !== total && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    this.io.err(`\rkubeward: ${what} ${done}/${total} files`);
    this.drawn = true;
  }

  /** Clears the line before anything else is written. */
  clear(): void {
    if (this.drawn) this.io.err('\r\x1b[K');
    this.drawn = false;
  }
}
