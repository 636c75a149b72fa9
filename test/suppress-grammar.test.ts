import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Pattern {
  begin?: string;
  end?: string;
  match?: string;
  include?: string;
  patterns?: Pattern[];
}

const root = resolve(__dirname, '..');
const grammar = JSON.parse(
  readFileSync(resolve(root, 'syntaxes/kubeward-suppression.injection.json'), 'utf8'),
) as { scopeName: string; injectionSelector: string; repository: Record<string, Pattern> };
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  contributes?: { grammars?: { scopeName: string; path: string; injectTo?: string[] }[] };
};

const directive = grammar.repository.directive!;
const expiry = grammar.repository.expiry!;
const re = (s: string | undefined): RegExp => new RegExp(s ?? '(?!)');

describe('suppression comment grammar', () => {
  it('is contributed as an injection into YAML', () => {
    const g = pkg.contributes?.grammars?.find((x) => x.scopeName === grammar.scopeName);
    expect(g?.path).toBe('./syntaxes/kubeward-suppression.injection.json');
    expect(g?.injectTo).toContain('source.yaml');
  });
  it('recognises the directives the engine recognises, and nothing else', () => {
    const begin = re(directive.begin);
    expect(begin.exec('  # kubeward-disable-next-line host-network -- r')?.[3]).toBe(
      'kubeward-disable-next-line',
    );
    expect(begin.exec('# kubeward-disable host-network')?.[3]).toBe('kubeward-disable');
    expect(begin.test('# kubeward-disabled x')).toBe(false);
    expect(begin.test('a: 1 # kubeward-disable x')).toBe(false);
  });
  it('splits ids, reason and expiry', () => {
    const line = '# kubeward-disable-next-line host-network, host-pid -- CNI agent until 2027-03-01';
    expect(re(expiry.match).exec(line)?.slice(1)).toEqual(['until', '2027-03-01']);
    const reason = directive.patterns?.[1];
    const start = re(reason?.begin).exec(line);
    expect(start?.[1]).toBe('--');
    const end = re(reason?.end).exec(line.slice((start?.index ?? 0) + 2));
    expect(line.slice((start?.index ?? 0) + 2, (start?.index ?? 0) + 2 + (end?.index ?? 0)).trim()).toBe(
      'CNI agent',
    );
    const ids = new RegExp(directive.patterns?.[3]?.match ?? '(?!)', 'g');
    expect(line.slice(29, line.indexOf(' --')).match(ids)).toEqual(['host-network', 'host-pid']);
  });
});
