import { describe, expect, it } from 'vitest';
import { Globs, normalizePath } from '../../server/src/engine/glob';

describe('globs', () => {
  const globs = new Globs();
  it('matches paths', () => {
    expect(globs.pathMatches('charts/**/*.yaml', 'charts/a/b/c.yaml')).toBe(true);
    expect(globs.pathMatches('charts/**/*.yaml', 'charts/c.yaml')).toBe(true);
    expect(globs.pathMatches('charts/*.yaml', 'charts/a/c.yaml')).toBe(false);
    expect(globs.pathMatches('vendor/**', '/home/u/repo/vendor/x/y.yml')).toBe(true);
    expect(globs.pathMatches('/vendor/**', '/home/u/repo/vendor/x/y.yml')).toBe(false);
    expect(globs.pathMatches('vendor/**', 'other/vendor/x.yaml')).toBe(false);
    expect(globs.pathMatches('**/*.{yaml,yml}', 'a/b.yml')).toBe(true);
    expect(globs.pathMatches('file?.yaml', 'file1.yaml')).toBe(true);
    expect(globs.pathMatches('[ab].yaml', 'c.yaml')).toBe(false);
    expect(globs.pathMatches('[!ab].yaml', 'c.yaml')).toBe(true);
  });
  it('normalizes URIs and Windows paths', () => {
    expect(normalizePath('file:///home/u/my%20repo/a.yaml')).toBe('/home/u/my repo/a.yaml');
    expect(normalizePath('file:///c%3A/repo/a.yaml')).toBe('c:/repo/a.yaml');
    expect(normalizePath('.\\charts\\a.yaml')).toBe('charts/a.yaml');
  });
  it('matches plain names', () => {
    expect(globs.matches('kube-*', 'kube-system')).toBe(true);
    expect(globs.matches('kube-*', 'default')).toBe(false);
    expect(globs.matches('a.b', 'aXb')).toBe(false);
  });
  it('a glob picomatch rejects matches nothing', () => {
    const long = 'a'.repeat(70_000);
    expect(globs.matches(long, long)).toBe(false);
  });
  it('keeps compiled globs per instance, bounded', () => {
    const a = new Globs(2);
    const b = new Globs(2);
    expect(a.regExp('x/*')).toBe(a.regExp('x/*'));
    expect(b.regExp('x/*')).not.toBe(a.regExp('x/*'));
    const first = a.regExp('x/*');
    for (const g of ['a', 'b', 'c']) a.regExp(g);
    expect(a.regExp('x/*')).not.toBe(first);
    expect(a.regExp('x/*').source).toBe(first.source);
  });
});
