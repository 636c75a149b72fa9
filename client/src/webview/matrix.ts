// The ATT&CK matrix webview's script (bundled by esbuild into dist/matrix.js for the browser; no
// framework). Draws the model the extension sends, lists a cell's findings, and asks the extension
// to open a finding or export the layer. Keyboard: arrow keys move between cells, Enter opens.
import {
  parseToWebview,
  type CellFinding,
  type FromWebview,
  type MatrixCell,
  type MatrixModel,
} from '../matrix/messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

interface State {
  selected?: string;
  expanded: string[];
}
const saved = vscode.getState() as Partial<State> | undefined;
const state: State = {
  ...(typeof saved?.selected === 'string' ? { selected: saved.selected } : {}),
  expanded: Array.isArray(saved?.expanded) ? saved.expanded.filter((x) => typeof x === 'string') : [],
};
let model: MatrixModel | undefined;

function save(): void {
  vscode.setState(state);
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** Shading steps 1–5 by count relative to the busiest technique. */
function level(count: number, max: number): string {
  return String(Math.max(1, Math.ceil((count / Math.max(1, max)) * 5)));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function cellButton(c: MatrixCell, max: number, sub: boolean): HTMLElement {
  const label = `${c.id} ${c.name}: ${c.count === 0 ? 'no findings' : plural(c.count, 'finding')}`;
  const b = el(
    'button',
    {
      class: `cell${sub ? ' sub' : ''}${c.count ? ' hit' : ''}`,
      'data-technique': c.id,
      'aria-label': label,
      title: label,
      tabindex: '-1',
      'aria-pressed': String(state.selected === c.id),
    },
    el('span', { class: 'name' }, el('span', { class: 'tid' }, c.id), ' ', c.name),
  );
  if (c.count) {
    b.dataset.severity = c.severity ?? 'info';
    b.dataset.level = level(c.count, max);
    b.append(el('span', { class: 'count' }, String(c.count)));
  }
  b.addEventListener('click', () => select(c.id));
  return b;
}

function column(title: string, cells: MatrixCell[], max: number): HTMLElement {
  const col = el('section', { class: 'column', role: 'group', 'aria-label': title }, el('h2', {}, title));
  for (const c of cells) {
    col.append(cellButton(c, max, false));
    if (c.subs.length === 0) continue;
    const subHits = c.subs.reduce((s, x) => s + x.count, 0);
    const open = state.expanded.includes(c.id) || subHits > 0;
    const toggle = el(
      'button',
      {
        class: 'toggle',
        'aria-expanded': String(open),
        tabindex: '-1',
        'data-parent': c.id,
        title: `${open ? 'Fold' : 'Unfold'} the sub-techniques of ${c.id}`,
      },
      `${open ? '▾' : '▸'} ${plural(c.subs.length, 'sub-technique')}${subHits ? ` (${subHits})` : ''}`,
    );
    toggle.addEventListener('click', () => {
      state.expanded = open ? state.expanded.filter((x) => x !== c.id) : [...state.expanded, c.id];
      save();
      render(`toggle:${c.id}`);
    });
    col.append(toggle);
    if (open) for (const s of c.subs) col.append(cellButton(s, max, true));
  }
  return col;
}

function findingsList(technique: string): HTMLElement {
  const list: CellFinding[] = model?.findings[technique] ?? [];
  const name = findCell(technique)?.name ?? '';
  const box = el(
    'section',
    { class: 'findings', 'aria-label': `Findings of ${technique}` },
    el(
      'h2',
      {},
      `${technique} ${name}: ${list.length === 0 ? 'no findings' : plural(list.length, 'finding')}`,
    ),
  );
  if (list.length === 0) return box;
  const ul = el('ul', {});
  for (const f of list) {
    const b = el(
      'button',
      { class: 'finding', 'data-finding': f.id, 'data-severity': f.severity, title: f.message },
      el('span', { class: 'rule' }, f.ruleId),
      el('span', { class: 'resource' }, f.resource),
      el('span', { class: 'where' }, `${f.file}:${f.line}`),
    );
    b.addEventListener('click', () => vscode.postMessage({ type: 'open', finding: f.id }));
    ul.append(el('li', {}, b));
  }
  box.append(ul);
  return box;
}

function findCell(id: string): MatrixCell | undefined {
  if (!model) return undefined;
  for (const c of [...model.columns.flatMap((col) => col.cells), ...model.other]) {
    if (c.id === id) return c;
    const s = c.subs.find((x) => x.id === id);
    if (s) return s;
  }
  return undefined;
}

function select(technique: string): void {
  state.selected = technique;
  // A selected sub-technique is shown: unfold its parent.
  const parent = technique.split('.')[0] ?? technique;
  if (parent !== technique && !state.expanded.includes(parent)) state.expanded.push(parent);
  save();
  render(technique);
}

function render(focusTechnique?: string): void {
  if (!model) return;
  const active = document.activeElement as HTMLElement | null;
  const hadFocus = active !== null && app.contains(active);
  const focusKey =
    focusTechnique ??
    active?.dataset.technique ??
    (active?.dataset.parent ? `toggle:${active.dataset.parent}` : undefined);
  const max = model.maxCount;
  const header = el(
    'header',
    {},
    el('h1', {}, 'MITRE ATT\u0026CK for Containers'),
    el(
      'p',
      { class: 'summary' },
      `${plural(model.total, 'finding')}, ${model.mapped} mapped to techniques · ATT\u0026CK v${model.attackVersion}`,
    ),
  );
  const exportButton = el('button', { class: 'export' }, 'Export Navigator layer…');
  exportButton.addEventListener('click', () => vscode.postMessage({ type: 'export' }));
  header.append(exportButton);
  const grid = el('div', { class: 'matrix', role: 'application', 'aria-label': 'ATT&CK matrix' });
  for (const col of model.columns) grid.append(column(col.name, col.cells, max));
  const parts: HTMLElement[] = [header, grid];
  if (model.other.length)
    parts.push(
      el(
        'div',
        { class: 'matrix other' },
        column('Outside the Containers matrix (other platforms)', model.other, max),
      ),
    );
  if (state.selected) parts.push(findingsList(state.selected));
  app.replaceChildren(...parts);
  for (const b of app.querySelectorAll<HTMLElement>('.cell[aria-pressed="true"]'))
    b.classList.add('selected');
  // One cell is in the Tab order (roving tabindex): the focused, the selected or the first.
  const target =
    (focusKey?.startsWith('toggle:')
      ? app.querySelector<HTMLElement>(`.toggle[data-parent="${CSS.escape(focusKey.slice(7))}"]`)
      : focusKey
        ? app.querySelector<HTMLElement>(`.cell[data-technique="${CSS.escape(focusKey)}"]`)
        : null) ??
    (state.selected
      ? app.querySelector<HTMLElement>(`.cell[data-technique="${CSS.escape(state.selected)}"]`)
      : null) ??
    app.querySelector<HTMLElement>('.cell');
  if (target) {
    target.tabIndex = 0;
    if (focusTechnique !== undefined || hadFocus) target.focus();
  }
}

/** Arrow keys: up/down within a column, left/right to the nearest item of the next column. */
function onKey(e: KeyboardEvent): void {
  const current = e.target as HTMLElement;
  if (!current.matches('.cell, .toggle')) return;
  const col = current.closest('.column');
  if (!col) return;
  const items = (c: Element): HTMLElement[] => [...c.querySelectorAll<HTMLElement>('.cell, .toggle')];
  let next: HTMLElement | undefined;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const list = items(col);
    const i = list.indexOf(current) + (e.key === 'ArrowDown' ? 1 : -1);
    next = list[Math.max(0, Math.min(list.length - 1, i))];
  } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const columns = [...app.querySelectorAll('.column')];
    const target = columns[columns.indexOf(col) + (e.key === 'ArrowRight' ? 1 : -1)];
    if (target) {
      const y = current.getBoundingClientRect().top;
      next = items(target).reduce<HTMLElement | undefined>(
        (best, it) =>
          !best ||
          Math.abs(it.getBoundingClientRect().top - y) < Math.abs(best.getBoundingClientRect().top - y)
            ? it
            : best,
        undefined,
      );
    }
  } else if (e.key === 'Home' || e.key === 'End') {
    const list = items(col);
    next = e.key === 'Home' ? list[0] : list[list.length - 1];
  } else return;
  e.preventDefault();
  if (!next) return;
  for (const it of app.querySelectorAll<HTMLElement>('.cell, .toggle')) it.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

app.addEventListener('keydown', onKey);

window.addEventListener('message', (e: MessageEvent) => {
  const msg = parseToWebview(e.data);
  if (!msg) return;
  if (msg.type === 'model') {
    model = msg.model;
    render();
  } else select(msg.technique);
});

vscode.postMessage({ type: 'ready' });
