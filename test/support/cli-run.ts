// Runs `kubeward scan` in process (server/src/cli.ts main) with captured output.
import { main } from '../../server/src/cli';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** `kubeward <args>` in `cwd`, standard input `stdin`; what it wrote and its exit code. */
export async function runCli(args: string[], cwd: string, stdin = ''): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    isTTY: false,
    readStdin: () => stdin,
    cwd,
  });
  return { code, out, err };
}
