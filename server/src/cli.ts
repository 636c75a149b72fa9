// `kubeward scan`: the same engine, rules and settings as the editor, for CI.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { TACTICS, TECHNIQUES } from './attack';
import { engineConfig, type EngineConfig } from './engine/config';
import { EMPTY_INDEX } from './engine/index-types';
import { docsUrl, type Severity } from './engine/rule';
import { Engine, type Finding } from './engine/run';
import { LineIndex } from './engine/text';
import { PROFILES, type Profile, type RuleSetting } from './protocol';
import { rules } from './rules/index';

const USAGE = `Usage: kubeward scan [options] <file|dir|->...

Scans Kubernetes manifests for insecure settings. With no paths, scans the current directory.

Options:
  --format text|json          output format (default: text)
  --profile <p>               baseline | restricted | recommended | all (default: recommended)
  --kubernetes-version 1.N    target Kubernetes version (default: newest, 1.37)
  --fail-on <s>               error | warning | info | none (default: warning)
  --rule <id>=<setting>       off | on | error | warning | info | hint (repeatable)
  --no-syntax-errors          do not report YAML syntax errors
  -h, --help                  show this help

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or I/O error.`;

export interface CliOptions {
  format: 'text' | 'json';
  profile: Profile;
  kubernetesVersion: string | undefined;
  failOn: Severity | 'none';
  rules: Record<string, RuleSetting>;
  syntaxErrors: boolean;
  paths: string[];
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const args = [...argv];
  if (args[0] === 'scan') args.shift();
  const o: CliOptions = {
    format: 'text',
    profile: 'recommended',
    kubernetesVersion: undefined,
    failOn: 'warning',
    rules: {},
    syntaxErrors: true,
    paths: [],
  };
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  while (args.length > 0) {
    const a = args.shift() ?? '';
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const v = (): string => inline ?? value(flag);
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const f = v();
        if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}"`);
        o.format = f;
        break;
      }
      case '--profile': {
        const p = v();
        if (!PROFILES.includes(p as Profile)) throw new UsageError(`unknown profile "${p}"`);
        o.profile = p as Profile;
        break;
      }
      case '--kubernetes-version': {
        const k = v();
        if (!/^v?1\.\d+(\.\d+)?$/.test(k)) throw new UsageError(`--kubernetes-version takes 1.N, got "${k}"`);
        o.kubernetesVersion = k;
        break;
      }
      case '--fail-on': {
        const s = v();
        if (!['error', 'warning', 'info', 'hint', 'none'].includes(s))
          throw new UsageError(`unknown --fail-on "${s}"`);
        o.failOn = s as Severity | 'none';
        break;
      }
      case '--rule': {
        const r = v();
        const m = /^([a-z0-9-]+)=(off|on|error|warning|info|hint)$/.exec(r);
        if (!m?.[1] || !m[2])
          throw new UsageError(`--rule takes <id>=off|on|error|warning|info|hint, got "${r}"`);
        if (!rules.some((x) => x.id === m[1])) throw new UsageError(`unknown rule "${m[1]}"`);
        o.rules[m[1]] = m[2] as RuleSetting;
        break;
      }
      case '--no-syntax-errors':
        o.syntaxErrors = false;
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        o.paths.push(a);
    }
  }
  return o;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);
const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Files to scan under the given paths (directories recursively; symlink loops and unreadable entries skipped). */
export function collectFiles(paths: readonly string[], log: (m: string) => void): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      log(`skipped ${dir}: cannot resolve`);
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      log(`skipped ${dir}: ${(e as Error).message}`);
      return;
    }
    for (const name of entries) {
      if (SKIP_DIRS.has(name)) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        log(`skipped ${p}: unreadable or broken link`);
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && EXTENSIONS.has(extname(name).toLowerCase())) out.push(p);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      out.push('-');
      continue;
    }
    const st = statSync(p); // throws for a missing path: a usage/I-O error
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

const RANK: Record<Severity, number> = { error: 4, warning: 3, info: 2, hint: 1 };

export interface FileResult {
  file: string;
  findings: Finding[];
  syntax: { start: number; end: number; message: string; code: string }[];
  lines: LineIndex;
}

export function scanTexts(
  inputs: readonly { file: string; text: string }[],
  config: EngineConfig,
): FileResult[] {
  const engine = new Engine(rules, { cache: false });
  return inputs.map(({ file, text }) => {
    const r = engine.check(text, config, EMPTY_INDEX);
    return { file, findings: r.findings, syntax: r.syntax, lines: new LineIndex(text) };
  });
}

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
  attack: { tactic: string; tacticName: string; technique: string; techniqueName: string }[];
  pss?: { level: string; check: string };
  fixable: boolean;
  docs: string;
}

export function rowsOf(results: readonly FileResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    const pos = (start: number, end: number) => {
      const s = r.lines.position(start);
      const e = r.lines.position(end);
      return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
    };
    for (const s of r.syntax) {
      rows.push({
        file: r.file,
        ...pos(s.start, s.end),
        ruleId: 'yaml-syntax',
        severity: 'error',
        message: `YAML syntax error (${s.code}): ${s.message.split('\n')[0] ?? ''}`,
        attack: [],
        fixable: false,
        docs: '',
      });
    }
    for (const f of r.findings) {
      rows.push({
        file: r.file,
        ...pos(f.start, f.end),
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        attack: f.attack.flatMap((t) =>
          TECHNIQUES[t].tactics.map((ta) => ({
            tactic: ta,
            tacticName: TACTICS[ta],
            technique: t,
            techniqueName: TECHNIQUES[t].name,
          })),
        ),
        ...(f.pss ? { pss: { level: f.pss.level, check: f.pss.check } } : {}),
        fixable: f.fixes.length > 0,
        docs: docsUrl(f.ruleId),
      });
    }
  }
  return rows;
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/** Runs the CLI; returns the exit code. */
export function main(
  argv: readonly string[],
  io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) },
): number {
  let opts: CliOptions | 'help';
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.err(`kubeward: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const paths = opts.paths.length > 0 ? opts.paths : ['.'];
  let files: string[];
  try {
    files = collectFiles(paths, (m) => io.err(`kubeward: ${m}\n`));
  } catch (e) {
    io.err(`kubeward: ${(e as Error).message}\n`);
    return 2;
  }
  const inputs: { file: string; text: string }[] = [];
  for (const f of files) {
    try {
      inputs.push({
        file: f === '-' ? '<stdin>' : relative(process.cwd(), resolve(f)) || f,
        text: f === '-' ? readStdin() : readFileSync(f, 'utf8'),
      });
    } catch (e) {
      io.err(`kubeward: cannot read ${f}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const config = engineConfig({
    profile: opts.profile,
    ...(opts.kubernetesVersion ? { kubernetesVersion: opts.kubernetesVersion } : {}),
    rules: opts.rules,
    reportSyntaxErrors: opts.syntaxErrors,
  });
  const rows = rowsOf(scanTexts(inputs, config));
  if (opts.format === 'json') io.out(`${JSON.stringify(rows, null, 2)}\n`);
  else
    for (const r of rows) io.out(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.ruleId} ${r.message}\n`);
  const by = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of rows) by[r.severity]++;
  io.err(
    `kubeward: ${rows.length} finding${rows.length === 1 ? '' : 's'} (${by.error} error, ${by.warning} warning, ${by.info} info, ${by.hint} hint) in ${inputs.length} file${inputs.length === 1 ? '' : 's'}, profile ${opts.profile}\n`,
  );
  const threshold = opts.failOn;
  if (threshold === 'none') return 0;
  return rows.some((r) => RANK[r.severity] >= RANK[threshold]) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
