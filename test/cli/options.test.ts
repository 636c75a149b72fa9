// `kubeward scan`'s options: what each argument vector parses to, and the exact message of every
// usage error (exit 2). Options are taken in order, so the first problem is the one reported.
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../server/src/cli/options';
import { rules } from '../../server/src/rules/index';

const known = (id: string): boolean => rules.some((r) => r.id === id);
const parse = (...argv: string[]): ReturnType<typeof parseOptions> => parseOptions(argv, known);
const error = (...argv: string[]): string => {
  try {
    parseOptions(argv, known);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('kubeward scan options', () => {
  it('defaults, and `scan` may be left out', () => {
    const want = {
      format: 'text',
      config: undefined,
      settings: {},
      failOn: 'warning',
      maxFileSize: 5242880,
      progress: true,
      fix: undefined,
      fixDryRun: false,
      baseline: undefined,
      writeBaseline: undefined,
      helm: { path: undefined, valueFiles: [], set: [], render: true },
      kustomize: { path: undefined, kubectl: undefined },
      paths: [],
    };
    expect(parse()).toEqual(want);
    expect(parse('scan')).toEqual(want);
    expect(parse('scan', 'a', '-', 'b')).toEqual({ ...want, paths: ['a', '-', 'b'] });
  });

  it('takes values after a blank or an equals sign, and repeats --rule', () => {
    expect(
      parse(
        '--format=json',
        '--profile',
        'all',
        '--kubernetes-version',
        'v1.30.1',
        '--fail-on=none',
        '--rule',
        'host-pid=off',
        '--rule=host-ipc=error',
        '--no-syntax-errors',
        '--max-file-size',
        '100',
        '--no-progress',
        '--config',
        'c.yaml',
        'x',
      ),
    ).toEqual({
      format: 'json',
      config: 'c.yaml',
      settings: {
        profile: 'all',
        kubernetesVersion: 'v1.30.1',
        rules: { 'host-pid': 'off', 'host-ipc': 'error' },
        reportSyntaxErrors: false,
      },
      failOn: 'none',
      maxFileSize: 100,
      progress: false,
      fix: undefined,
      fixDryRun: false,
      baseline: undefined,
      writeBaseline: undefined,
      helm: { path: undefined, valueFiles: [], set: [], render: true },
      kustomize: { path: undefined, kubectl: undefined },
      paths: ['x'],
    });
  });

  it('fix, baseline and navigator options', () => {
    expect(parse('--fix', 'a')).toMatchObject({ fix: 'safe', fixDryRun: false, paths: ['a'] });
    expect(parse('--fix-unsafe', 'a')).toMatchObject({ fix: 'all', fixDryRun: false });
    expect(parse('--fix-unsafe', '--fix', 'a')).toMatchObject({ fix: 'all' });
    expect(parse('--fix-dry-run', 'a')).toMatchObject({ fix: 'safe', fixDryRun: true });
    expect(parse('--fix-dry-run', '--fix-unsafe', 'a')).toMatchObject({ fix: 'all', fixDryRun: true });
    expect(parse('--baseline', 'b.json', '--write-baseline=c.json')).toMatchObject({
      baseline: 'b.json',
      writeBaseline: 'c.json',
    });
    expect(parse('--format', 'navigator')).toMatchObject({ format: 'navigator' });
    expect(parse('--fix', '--baseline', 'b.json', '--format', 'sarif', 'a')).toMatchObject({
      fix: 'safe',
      baseline: 'b.json',
      format: 'sarif',
    });
  });

  it('Helm: the binary, values files and --set values repeat; --no-render turns rendering off', () => {
    const o = parse(
      '--helm',
      '/opt/helm',
      '--helm-values',
      'a.yaml',
      '--helm-values=b.yaml',
      '--set',
      'x=1',
      '--set=y.z=2',
      '--no-render',
    );
    expect(o !== 'help' && o !== 'version' ? o.helm : undefined).toEqual({
      path: '/opt/helm',
      valueFiles: ['a.yaml', 'b.yaml'],
      set: ['x=1', 'y.z=2'],
      render: false,
    });
    expect(error('--set', 'novalue')).toBe('--set takes key=value as helm does, got "novalue"');
    expect(error('--helm')).toBe('--helm needs a value');
  });

  it('Kustomize: --kustomize and --kubectl name the binaries; --no-render is shared with Helm', () => {
    const o = parse('--kustomize', '/opt/kustomize', '--kubectl=/opt/kubectl', '--no-render');
    expect(o !== 'help' && o !== 'version' ? [o.kustomize, o.helm.render] : undefined).toEqual([
      { path: '/opt/kustomize', kubectl: '/opt/kubectl' },
      false,
    ]);
    expect(error('--kustomize')).toBe('--kustomize needs a value');
  });

  it('help and version', () => {
    expect(parse('-h')).toBe('help');
    expect(parse('scan', 'x', '--help')).toBe('help');
    expect(parse('--version')).toBe('version');
  });

  it.each([
    [['--format'], '--format needs a value'],
    [['--format', 'xml'], 'unknown format "xml"'],
    // A value that starts with a dash is still the value (then reported as what it is).
    [['--format', '--profile'], 'unknown format "--profile"'],
    [['--profile', 'paranoid'], 'unknown profile "paranoid"'],
    [['--kubernetes-version', '2.0'], '--kubernetes-version takes 1.N, got "2.0"'],
    [['--fail-on', 'x'], 'unknown --fail-on "x"'],
    [['--rule', 'x'], '--rule takes <id>=off|on|error|warning|info|hint, got "x"'],
    [['--rule', 'no-such-rule=off'], 'unknown rule "no-such-rule"'],
    [['--max-file-size', '-5'], '--max-file-size takes a positive number of bytes'],
    [['--max-file-size', 'abc'], '--max-file-size takes a positive number of bytes'],
    [['--bogus'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['-5'], 'unknown option -5'],
    [['--bogus', '--help'], 'unknown option --bogus'],
    [['a', '--config'], '--config needs a value'],
    [['--format', 'layer'], 'unknown format "layer"'],
    [['--fix=yes'], '--fix takes no value'],
    [['--fix-unsafe=1'], '--fix-unsafe takes no value'],
    [['--no-progress=false'], '--no-progress takes no value'],
    [['--fixes'], 'unknown option --fixes'],
    [
      ['--fix', '-'],
      'standard input (-) cannot be fixed: --fix writes files in place; give the files or folders to fix',
    ],
    [
      ['--fix-unsafe', 'a', '-'],
      'standard input (-) cannot be fixed: --fix writes files in place; give the files or folders to fix',
    ],
    [
      ['--fix-dry-run', '-'],
      'standard input (-) cannot be fixed: --fix writes files in place; give the files or folders to fix',
    ],
    [
      ['--fix-dry-run', '--format', 'json'],
      '--fix-dry-run prints a diff; it cannot be combined with --format json',
    ],
    [
      ['--fix-dry-run', '--write-baseline', 'b.json'],
      '--fix-dry-run writes nothing; it cannot be combined with --write-baseline',
    ],
    [['--baseline'], '--baseline needs a value'],
    [['--baseline='], '--baseline needs a file name'],
    [['--write-baseline'], '--write-baseline needs a value'],
    [['--write-baseline', ''], '--write-baseline needs a file name'],
  ])('%j: %s', (argv, message) => {
    expect(error(...argv)).toBe(message);
  });
});
