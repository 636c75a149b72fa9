// The matrix model (client/src/matrix/model.ts) over literal findings, and the webview page's
// Content Security Policy (client/src/matrix/html.ts, dist/matrix.js, dist/matrix.css).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingsStore, type DiagnosticLike } from '../../client/src/findings/store';
import { matrixHtml } from '../../client/src/matrix/html';
import type { MatrixCell } from '../../client/src/matrix/messages';
import { buildMatrix } from '../../client/src/matrix/model';

function diag(
  line: number,
  ruleId: string,
  attack: string[],
  severity: DiagnosticLike['severity'],
): DiagnosticLike {
  return {
    range: { start: { line, character: 4 }, end: { line, character: 9 } },
    severity,
    message: `${ruleId} here`,
    data: { ruleId, attack, fixable: false, key: `k${line}`, resource: { kind: 'DaemonSet', name: 'agent' } },
  };
}

const store = new FindingsStore();
store.set('file:///ws/a.yaml', 'a.yaml', [
  diag(3, 'privileged-container', ['T1611', 'T1543.005'], 'error'),
  diag(7, 'host-pid', ['T1611'], 'warning'),
  diag(9, 'host-network', ['T1040'], 'warning'),
]);
const model = buildMatrix(store.all());
const cells = (tactic: string): MatrixCell[] => model.columns.find((c) => c.id === tactic)?.cells ?? [];

describe('buildMatrix', () => {
  it('has the Containers matrix tactics as columns, in matrix order, only those with techniques', () => {
    expect(model.columns.map((c) => c.name)).toEqual([
      'Initial Access',
      'Execution',
      'Persistence',
      'Privilege Escalation',
      'Defense Evasion',
      'Credential Access',
      'Discovery',
      'Lateral Movement',
      'Impact',
    ]);
  });

  it('counts each technique, shades by the highest severity, and lists its findings with file and 1-based line', () => {
    const escape = cells('TA0004').find((c) => c.id === 'T1611');
    expect(escape).toMatchObject({ name: 'Escape to Host', count: 2, severity: 'error', subs: [] });
    expect(model.findings.T1611?.map((f) => [f.ruleId, f.resource, `${f.file}:${f.line}`])).toEqual([
      ['privileged-container', 'DaemonSet/agent', 'a.yaml:4'],
      ['host-pid', 'DaemonSet/agent', 'a.yaml:8'],
    ]);
    expect(model.maxCount).toBe(2);
    expect(model.total).toBe(3);
    expect(model.mapped).toBe(3);
  });

  it('folds sub-techniques under their parent in every tactic the parent is in', () => {
    for (const tactic of ['TA0003', 'TA0004']) {
      const parent = cells(tactic).find((c) => c.id === 'T1543');
      expect(parent, tactic).toMatchObject({ name: 'Create or Modify System Process', count: 0 });
      expect(parent?.subs).toEqual([
        { id: 'T1543.005', name: 'Container Service', count: 1, severity: 'error', subs: [] },
      ]);
      expect(cells(tactic).some((c) => c.id === 'T1543.005')).toBe(false);
    }
  });

  it('keeps a sub-technique whose parent is not on the Containers platform as a cell, named with its parent', () => {
    expect(cells('TA0002').find((c) => c.id === 'T1059.013')?.name).toBe(
      'Command and Scripting Interpreter: Container CLI/API',
    );
  });

  it('lists techniques outside the Containers matrix beside it', () => {
    expect(model.other).toEqual([
      { id: 'T1040', name: 'Network Sniffing', count: 1, severity: 'warning', subs: [] },
    ]);
  });

  it('is empty but complete without findings', () => {
    const empty = buildMatrix([]);
    expect(empty.columns.length).toBe(9);
    expect(empty.other).toEqual([]);
    expect(empty.maxCount).toBe(0);
    expect(empty.columns.flatMap((c) => c.cells).every((c) => c.count === 0)).toBe(true);
  });
});

describe('the webview page', () => {
  const html = matrixHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'bm9uY2U=',
    script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/matrix.js',
    style: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/matrix.css',
  });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';

  it('has a strict Content Security Policy: nothing by default, scripts only with the nonce', () => {
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      'style-src https://file+.vscode-resource.vscode-cdn.net',
      "script-src 'nonce-bm9uY2U='",
      'img-src https://file+.vscode-resource.vscode-cdn.net',
      'font-src https://file+.vscode-resource.vscode-cdn.net',
    ]);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('loads one script, with the nonce, and no inline script or style', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.[1]).toContain('nonce="bm9uY2U="');
    expect(scripts[0]?.[2]).toBe('');
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
  });

  it('ships a script and a stylesheet that reach for nothing remote', () => {
    const dist = join(__dirname, '..', '..', 'dist');
    for (const f of ['matrix.js', 'matrix.css']) {
      expect(existsSync(join(dist, f)), `dist/${f} (run npm run build)`).toBe(true);
      const text = readFileSync(join(dist, f), 'utf8');
      expect(text, f).not.toMatch(/https?:\/\/|@import|url\(/);
    }
  });
});
