// `kubeward scan`'s command line: the usage text and the options, parsed with node:util's parseArgs.
import { parseArgs } from 'node:util';
import type { Severity } from '../engine/rule';
import { DEFAULT_SETTINGS, PROFILES, type Profile, type RuleSetting, type Settings } from '../protocol';

export const USAGE = `Usage: kubeward scan [options] <file|dir|glob|->...

Scans Kubernetes manifests for insecure settings. With no paths, scans the current directory.
Directories are walked for *.yaml, *.yml and *.json, honouring .gitignore and the exclude globs of
.kubeward.yaml; node_modules and .git are never entered. "-" reads one stream from standard input
(helm template … | kubeward scan -). Quote globs so the shell does not expand them. Helm charts (a
folder with Chart.yaml) are rendered with your helm and findings put on the template or values line
that causes them. Kustomize overlays in a scanned folder are built with your kustomize (or kubectl
kustomize) and findings put on the resource, patch or kustomization line that causes them
(kustomize build … | kubeward scan - checks the output as it is).

Options:
  --format <f>                text | json | sarif | navigator (an ATT&CK Navigator layer) (default: text)
  --config <file>             use this config file instead of the nearest .kubeward.yaml
  --profile <p>               baseline | restricted | recommended | all (default: the config file's, else recommended)
  --kubernetes-version 1.N    target Kubernetes version (default: the config file's, else 1.37)
  --fail-on <s>               error | warning | info | hint | none (default: warning)
  --rule <id>=<setting>       off | on | error | warning | info | hint (repeatable)
  --no-syntax-errors          do not report YAML syntax errors
  --max-file-size <bytes>     skip larger files found in directories (default: 5242880)
  --no-progress               no progress line on a terminal
  --fix                       apply the safe fixes in place, then report what remains
  --fix-unsafe                apply the unsafe fixes too (they may change how workloads run)
  --fix-dry-run               print the fixes as a unified diff and write nothing
  --baseline <file>           report only findings not recorded in this baseline file
  --write-baseline <file>     record today's findings in this baseline file (exit 0)
  --helm <path>               the helm binary that renders charts (default: helm on PATH)
  --helm-values <file>        a values file for the charts, after their values.yaml (repeatable)
  --set <key=value>           a value for the charts, as helm --set takes it (repeatable)
  --kustomize <path>          the kustomize binary that builds overlays (default: kustomize on PATH,
                              else kubectl kustomize); a path to kubectl runs kubectl kustomize
  --kubectl <path>            the kubectl whose kubectl kustomize builds overlays when there is no kustomize
  --no-render                 do not render charts or build overlays (their files are checked on their own)
  -h, --help                  show this help
  --version                   print the version

Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (after --fix: those that remain; with --baseline: new ones)
  2  usage error, unreadable input, invalid config or baseline file`;

export type Format = 'text' | 'json' | 'sarif' | 'navigator';

const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'navigator'];

export interface CliOptions {
  format: Format;
  config: string | undefined;
  settings: Partial<Settings>;
  failOn: Severity | 'none';
  maxFileSize: number;
  progress: boolean;
  /** `--fix`: safe fixes; `--fix-unsafe`: all fixes; none: report only. */
  fix: 'safe' | 'all' | undefined;
  /** `--fix-dry-run`: the fixes as a unified diff on standard output, nothing written. */
  fixDryRun: boolean;
  /** `--baseline <file>`: findings recorded there are not reported. */
  baseline: string | undefined;
  /** `--write-baseline <file>`: record the findings there. */
  writeBaseline: string | undefined;
  /** Helm charts: the binary (`--helm`), extra values files and `--set` values, or no rendering. */
  helm: { path: string | undefined; valueFiles: string[]; set: string[]; render: boolean };
  /** Kustomize overlays: the binaries (`--kustomize`, `--kubectl`); `helm.render` false turns building off too. */
  kustomize: { path: string | undefined; kubectl: string | undefined };
  paths: string[];
}

/** A command line that cannot be run: exit 2 with the message and the usage. */
export class UsageError extends Error {}

const FLAGS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  format: { type: 'string' },
  config: { type: 'string' },
  profile: { type: 'string' },
  'kubernetes-version': { type: 'string' },
  'fail-on': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'no-syntax-errors': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  'no-progress': { type: 'boolean' },
  helm: { type: 'string' },
  'helm-values': { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  'no-render': { type: 'boolean' },
  kustomize: { type: 'string' },
  kubectl: { type: 'string' },
  fix: { type: 'boolean' },
  'fix-unsafe': { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
} as const;

type Flag = keyof typeof FLAGS;

const FAIL_ON = ['error', 'warning', 'info', 'hint', 'none'];
const RULE_SETTING = /^([a-z0-9-]+)=(off|on|error|warning|info|hint)$/;

/**
 * Parses the arguments (after `scan`, which may be omitted). Options are taken in order, so the
 * first problem is the one reported, and `--help` after a bad option still reports the option.
 * `knownRule` tells whether `--rule <id>=…` names a rule.
 */
export function parseOptions(
  argv: readonly string[],
  knownRule: (id: string) => boolean,
): CliOptions | 'help' | 'version' {
  const args = argv[0] === 'scan' ? argv.slice(1) : [...argv];
  // Not strict: an unknown option or a missing value is reported below in our own words, and a
  // value that starts with a dash (`--max-file-size -5`) is taken as the value, as users mean it.
  const { tokens } = parseArgs({ args, options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  const o: CliOptions = {
    format: 'text',
    config: undefined,
    settings: {},
    failOn: 'warning',
    maxFileSize: DEFAULT_SETTINGS.maxFileSize,
    progress: true,
    fix: undefined,
    fixDryRun: false,
    baseline: undefined,
    writeBaseline: undefined,
    helm: { path: undefined, valueFiles: [], set: [], render: true },
    kustomize: { path: undefined, kubectl: undefined },
    paths: [],
  };
  let formatGiven = false;
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const t of tokens) {
    if (t.kind === 'positional') {
      o.paths.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    if (!(t.name in FLAGS) || (t.rawName.startsWith('--') ? false : t.rawName !== '-h'))
      throw new UsageError(`unknown option ${t.rawName}`);
    const name = t.name as Flag;
    const value = (): string => {
      if (t.value === undefined) throw new UsageError(`${t.rawName} needs a value`);
      return t.value;
    };
    if (FLAGS[name].type === 'boolean' && t.value !== undefined)
      throw new UsageError(`${t.rawName} takes no value`);
    const file = (): string => {
      const v = value();
      if (v === '') throw new UsageError(`${t.rawName} needs a file name`);
      return v;
    };
    switch (name) {
      case 'help':
        return 'help';
      case 'version':
        return 'version';
      case 'format': {
        const f = value();
        if (!FORMATS.includes(f as Format)) throw new UsageError(`unknown format "${f}"`);
        o.format = f as Format;
        formatGiven = true;
        break;
      }
      case 'config':
        o.config = value();
        break;
      case 'profile': {
        const p = value();
        if (!PROFILES.includes(p as Profile)) throw new UsageError(`unknown profile "${p}"`);
        o.settings.profile = p as Profile;
        break;
      }
      case 'kubernetes-version': {
        const k = value();
        if (!/^v?1\.\d+(\.\d+)?$/.test(k)) throw new UsageError(`--kubernetes-version takes 1.N, got "${k}"`);
        o.settings.kubernetesVersion = k;
        break;
      }
      case 'fail-on': {
        const s = value();
        if (!FAIL_ON.includes(s)) throw new UsageError(`unknown --fail-on "${s}"`);
        o.failOn = s as Severity | 'none';
        break;
      }
      case 'rule': {
        const r = value();
        const m = RULE_SETTING.exec(r);
        if (!m?.[1] || !m[2])
          throw new UsageError(`--rule takes <id>=off|on|error|warning|info|hint, got "${r}"`);
        if (!knownRule(m[1])) throw new UsageError(`unknown rule "${m[1]}"`);
        ruleSettings[m[1]] = m[2] as RuleSetting;
        o.settings.rules = ruleSettings;
        break;
      }
      case 'no-syntax-errors':
        o.settings.reportSyntaxErrors = false;
        break;
      case 'max-file-size': {
        const n = Number(value());
        if (!Number.isFinite(n) || n <= 0)
          throw new UsageError('--max-file-size takes a positive number of bytes');
        o.maxFileSize = n;
        break;
      }
      case 'no-progress':
        o.progress = false;
        break;
      case 'fix':
        o.fix ??= 'safe';
        break;
      case 'fix-unsafe':
        o.fix = 'all';
        break;
      case 'fix-dry-run':
        o.fixDryRun = true;
        break;
      case 'baseline':
        o.baseline = file();
        break;
      case 'write-baseline':
        o.writeBaseline = file();
        break;
      case 'helm':
        o.helm.path = file();
        break;
      case 'helm-values':
        o.helm.valueFiles.push(file());
        break;
      case 'set': {
        const v = value();
        if (!/^[^=]+=/.test(v)) throw new UsageError(`--set takes key=value as helm does, got "${v}"`);
        o.helm.set.push(v);
        break;
      }
      case 'no-render':
        o.helm.render = false;
        break;
      case 'kustomize':
        o.kustomize.path = file();
        break;
      case 'kubectl':
        o.kustomize.kubectl = file();
        break;
    }
  }
  if (o.fixDryRun) o.fix ??= 'safe';
  if (o.fix && o.paths.includes('-'))
    throw new UsageError(
      'standard input (-) cannot be fixed: --fix writes files in place; give the files or folders to fix',
    );
  if (o.fixDryRun && formatGiven && o.format !== 'text')
    throw new UsageError(`--fix-dry-run prints a diff; it cannot be combined with --format ${o.format}`);
  if (o.fixDryRun && o.writeBaseline !== undefined)
    throw new UsageError('--fix-dry-run writes nothing; it cannot be combined with --write-baseline');
  return o;
}
