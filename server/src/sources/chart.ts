// The Helm chart source: render a chart with the user's helm (from a shadow copy that carries the
// editor's unsaved text and the traced twins of its templates), check every rendered document with
// the engine, and put each finding on the template or values line a person edits (helm/map.ts),
// carrying its fix there (helm/fix-translate.ts) or offering none. Used by the CLI, the workspace
// scan and the editor alike.
import { isAbsolute, join } from 'node:path';
import { pathAt, pathText, type PathElem } from '../engine/path';
import type { Finding, RelatedLocation } from '../engine/run';
import { isExpired, isoToday, parseDirectiveLine } from '../engine/suppress/grammar';
import { LineIndex, lineStartOf } from '../engine/text';
import { splitChunks } from '../engine/parse';
import { checkUnit, type CheckContext } from '../pipeline/check';
import type { Settings } from '../protocol';
import { missingDependencies, type ChartFiles } from './helm/chart';
import { translateFix } from './helm/fix-translate';
import { mapRender, type HelmMap, type MappedDoc, type Origin } from './helm/map';
import type { HelmError } from './helm/render';
import { renderTraced, type ChartShadow } from './helm/shadow';
import type { ValuesSource } from './helm/values';
import { fileResult, type FileResult } from './mapped';

/** How one chart is rendered. */
export interface ChartRun {
  /** The user's helm binary (absolute). */
  helm: string;
  /** `1.N`: `--kube-version`, so `.Capabilities.KubeVersion` is what Kubeward checks against. */
  kubeVersion: string;
  timeoutMs: number;
  release: string;
  namespace: string;
  /** Values files after the chart's own values.yaml, in order: absolute paths and their texts. */
  valueFiles: readonly { path: string; text: string }[];
  /** `--set` values, last, with where each is written (a config file's entry; `<command line>`). */
  set: readonly { expression: string; path: string; start: number; end: number }[];
  signal?: AbortSignal;
}

/** Where a `--set` given on the command line is written: nowhere a finding can point at. */
export const COMMAND_LINE = '<command line>';

export type ChartRender =
  | { ok: true; map: HelmMap; chart: ChartFiles; ms: number }
  | { ok: false; results: FileResult[]; ms: number; reason: string };

/** The meta rules judge suppression comments in the checked text; rendered text is not what a person wrote. */
const META_OFF = {
  'unused-suppression': 'off',
  'suppression-without-reason': 'off',
  'suppression-expired': 'off',
  'suppression-not-allowed': 'off',
} as const;

function abs(root: string, file: string): string {
  return isAbsolute(file) ? file : join(root, ...file.split('/'));
}

/** The problems of a failed render, each at the place Helm names (Chart.yaml when it names none). */
function renderProblems(chart: ChartFiles, errors: readonly HelmError[], message: string): FileResult[] {
  const byFile = new Map<string, FileResult>();
  const list = errors.length > 0 ? errors : [{ message }];
  for (const e of list) {
    const rel = e.file !== undefined && chart.files.has(e.file) ? e.file : 'Chart.yaml';
    const text = chart.files.get(rel) ?? '';
    let r = byFile.get(rel);
    if (!r) byFile.set(rel, (r = fileResult(abs(chart.root, rel), text)));
    const lines = new LineIndex(text);
    const start =
      e.file === rel && e.line !== undefined ? lines.offset(e.line - 1, Math.max(0, (e.column ?? 1) - 1)) : 0;
    const lineEnd = text.indexOf('\n', start);
    const end =
      e.column === undefined ? (lineEnd < 0 ? text.length : lineEnd) : Math.min(text.length, start + 1);
    r.problems.push({
      code: 'helm-render',
      severity: 'error',
      start,
      end: Math.max(start, end),
      message: `helm template failed: ${e.message}`,
    });
  }
  return [...byFile.values()];
}

/**
 * Renders a chart from its shadow copy. A dependency missing from `charts/` is reported on its
 * entry in Chart.yaml (helm would fail on it, and fetching it needs the network: never done here).
 */
export async function renderChart(
  shadow: ChartShadow,
  run: ChartRun,
  previous?: HelmMap,
): Promise<ChartRender> {
  const started = performance.now();
  const chart = shadow.chartFiles();
  const ms = (): number => Math.round(performance.now() - started);
  const missing = missingDependencies(chart.root, chart.files.get('Chart.yaml'));
  if (missing.length > 0) {
    const r = fileResult(abs(chart.root, 'Chart.yaml'), chart.files.get('Chart.yaml') ?? '');
    for (const m of missing)
      r.problems.push({
        code: 'helm-dependency',
        severity: 'error',
        start: m.start,
        end: m.end,
        message: `${m.message} (Kubeward never runs it: it needs the network).`,
      });
    return { ok: false, results: [r], ms: ms(), reason: 'missing dependency' };
  }
  const set = run.set.map((s) => s.expression);
  const { result } = await renderTraced(shadow, {
    helm: run.helm,
    release: run.release,
    namespace: run.namespace,
    kubeVersion: run.kubeVersion,
    valuesFiles: run.valueFiles.map((v) => v.path),
    set,
    timeoutMs: run.timeoutMs,
    ...(run.signal ? { signal: run.signal } : {}),
  });
  if (!result.ok)
    return {
      ok: false,
      results: renderProblems(chart, result.errors, result.message),
      ms: ms(),
      reason: result.reason,
    };
  const values: ValuesSource[] = [
    ...run.valueFiles.map((v) => ({ kind: 'file' as const, file: v.path, text: v.text })),
    ...(run.set.length > 0
      ? [
          {
            kind: 'set' as const,
            entries: run.set.map((s) => ({
              expression: s.expression,
              file: s.path,
              start: s.start,
              end: s.end,
            })),
          },
        ]
      : []),
  ];
  const map = mapRender({
    chart,
    values,
    stdout: result.stdout,
    nonce: shadow.nonce,
    ...(previous ? { previous } : {}),
  });
  return { ok: true, map, chart, ms: ms() };
}

/** The texts origins may point into: the chart's files, the values files, the config files of `--set`s. */
class OriginTexts {
  private readonly lines = new Map<string, LineIndex>();

  constructor(
    private readonly chart: ChartFiles,
    private readonly run: ChartRun,
    private readonly readFile: (path: string) => string | undefined,
  ) {}

  text(file: string): string | undefined {
    if (!isAbsolute(file)) return this.chart.files.get(file);
    return this.run.valueFiles.find((v) => v.path === file)?.text ?? this.readFile(file);
  }

  lineIndex(file: string): LineIndex | undefined {
    let li = this.lines.get(file);
    if (!li) {
      const t = this.text(file);
      if (t === undefined) return undefined;
      this.lines.set(file, (li = new LineIndex(t)));
    }
    return li;
  }

  related(file: string, start: number, end: number, message: string): RelatedLocation | undefined {
    const li = this.lineIndex(file);
    if (!li) return undefined;
    return {
      path: abs(this.chart.root, file),
      range: { start: li.position(start), end: li.position(end) },
      message,
    };
  }
}

/**
 * The object path a finding is about, in its rendered document: a missing field's path, except when
 * the field is written misspelled or misplaced, where the finding is on the key as written.
 */
function findingPathOf(ctx: CheckContext, doc: MappedDoc, f: Finding): PathElem[] {
  if (f.missing && f.missingPath && !f.misspelled) return f.missingPath;
  const chunk = splitChunks(doc.text).find((c) => c.start <= f.start && f.start <= c.end);
  if (!chunk) return [];
  const parsed = ctx.engine.parse(chunk.text);
  const at = f.start - chunk.start;
  const obj =
    parsed.objects.find((o) => o.root.range && o.root.range[0] <= at && at <= o.root.range[2]) ??
    parsed.objects[0];
  return obj ? pathAt(obj.root, at) : [];
}

/**
 * A `# kubeward-disable-next-line` (or `{{/* kubeward-disable-next-line … *\/}}` in a template) on
 * the lines just above `offset` that covers `ruleId` and has not expired.
 */
export function commentSuppression(
  text: string,
  offset: number,
  ruleId: string,
  today: string,
): { reason: string | undefined; until: string | undefined; start: number; end: number } | undefined {
  let ls = lineStartOf(text, offset);
  while (ls > 0) {
    const prevStart = lineStartOf(text, ls - 1);
    const line = text.slice(prevStart, ls).replace(/\r?\n$/, '');
    const goComment = /^([ \t]*)\{\{-?\s*\/\*(.*?)\*\/\s*-?\}\}[ \t]*$/.exec(line);
    const probe = goComment ? `${goComment[1] ?? ''}#${goComment[2] ?? ''}` : line;
    if (!/^[ \t]*#/.test(probe)) return undefined;
    const d = parseDirectiveLine(probe);
    if (d?.kind === 'disable-next-line' && d.rules.some((r) => r.id === ruleId) && !isExpired(d.until, today))
      return {
        reason: d.reason,
        until: d.until,
        start: prevStart + d.hash,
        end: prevStart + line.trimEnd().length,
      };
    ls = prevStart;
  }
  return undefined;
}

/** Container names of grouped findings, for the message of a line several iterations share. */
function groupNote(group: readonly Finding[]): string {
  if (group.length < 2) return '';
  const names = new Set<string>();
  for (const f of group) {
    const c = (f.data as { container?: { name?: unknown } }).container;
    names.add(typeof c?.name === 'string' ? `container "${c.name}"` : `${f.object.kind} "${f.object.name}"`);
  }
  return ` The chart renders this line ${group.length} times (${[...names].join(', ')}).`;
}

/** Settings for checking rendered text: the meta rules off (they judge what a person wrote). */
export function renderedSettings(settings: Partial<Settings>): Partial<Settings> {
  return { ...settings, rules: { ...(settings.rules ?? {}), ...META_OFF } };
}

/**
 * Checks every rendered document and places each finding in the file a person edits: one finding
 * per place and rule (iterations of a `range` that share a line are one), fixes carried to that
 * file or dropped, suppression comments above the place honoured, nothing outside the chart.
 */
export function checkChart(
  render: Extract<ChartRender, { ok: true }>,
  run: ChartRun,
  ctx: CheckContext,
  settings: Partial<Settings>,
  readFile: (path: string) => string | undefined,
  today = isoToday(),
): FileResult[] {
  const { map, chart } = render;
  const texts = new OriginTexts(chart, run, readFile);
  const results = new Map<string, FileResult>();
  const resultFor = (file: string): FileResult | undefined => {
    const path = abs(chart.root, file);
    let r = results.get(path);
    if (!r) {
      const text = texts.text(file);
      if (text === undefined) return undefined;
      results.set(path, (r = fileResult(path, text)));
    }
    return r;
  };
  const groups = new Map<string, { file: FileResult; findings: Finding[] }>();
  const checkSettings = renderedSettings(settings);
  map.docs.forEach((doc, i) => {
    const template = abs(chart.root, doc.template);
    const r = checkUnit(
      ctx,
      { path: template, key: `${template}#${String(i)}`, text: doc.text, rendered: true },
      checkSettings,
    );
    if (!r.result) return;
    for (const s of r.result.syntax) {
      const o = doc.locate([], {});
      const file = resultFor(o.file);
      file?.problems.push({
        code: 'helm-render',
        severity: 'error',
        start: o.start,
        end: o.end,
        message: `${doc.template} renders YAML that does not parse (${s.code}): ${s.message.split('\n')[0] ?? ''}`,
      });
    }
    const place = (f: Finding): { file: FileResult; finding: Finding; origin: Origin } | undefined => {
      const path = findingPathOf(ctx, doc, f);
      let origin = doc.locate(path, { missing: f.missing === true && !f.misspelled });
      // A `--set` on the command line is written nowhere a person edits: the template line that uses it.
      if (origin.file === COMMAND_LINE && origin.pulledInAt)
        origin = { ...origin, ...origin.pulledInAt, via: 'template' };
      const file = resultFor(origin.file);
      if (!file) return undefined;
      const related: RelatedLocation[] = [];
      if (origin.pulledInAt && (origin.via === 'values' || origin.via === 'set')) {
        const rel = texts.related(
          origin.pulledInAt.file,
          origin.pulledInAt.start,
          origin.pulledInAt.end,
          `${doc.template} uses this value here`,
        );
        if (rel) related.push(rel);
      }
      const fixes = f.fixes.flatMap((fx) => {
        const edits = translateFix({ doc, files: chart.files }, fx.edits);
        if (!edits || edits.length === 0 || edits.some((e) => e.file !== origin.file)) return [];
        return [{ ...fx, edits: edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText })) }];
      });
      const note = origin.via === 'fallback' ? ` (In the rendered ${doc.template}: ${pathText(path)}.)` : '';
      return {
        file,
        origin,
        finding: {
          ...f,
          message: `${f.message}${note}`,
          start: origin.start,
          end: origin.end,
          fixes,
          rendered: { template: doc.template, path: pathText(path), via: origin.via, related },
        },
      };
    };
    for (const f of r.result.findings) {
      const p = place(f);
      if (!p) continue;
      const c = commentSuppression(p.file.text, p.finding.start, f.ruleId, today);
      if (c) {
        p.file.suppressed.push({
          finding: p.finding,
          how: 'comment-line',
          reason: c.reason,
          until: c.until,
          at: { start: c.start, end: c.end },
        });
        continue;
      }
      // Iterations of a `range` that land on one line are one finding; distinct messages stay apart.
      const key = `${p.file.path}\u0000${String(p.finding.start)}\u0000${String(p.finding.end)}\u0000${f.ruleId}\u0000${f.messageId}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { file: p.file, findings: [] }));
      g.findings.push(p.finding);
    }
    for (const s of r.result.suppressed) {
      const p = place(s.finding);
      if (p) p.file.suppressed.push({ ...s, finding: p.finding });
    }
  });
  for (const { file, findings } of groups.values()) {
    const first = findings[0];
    if (!first) continue;
    file.findings.push({ ...first, message: `${first.message}${groupNote(findings)}` });
  }
  for (const r of results.values()) {
    r.findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : 1));
    const seen = new Map<string, number>();
    for (const f of [...r.findings, ...r.suppressed.map((s) => s.finding)]) {
      const base = `chart:${f.ruleId}@${String(f.start)}-${String(f.end)}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      f.key = n === 0 ? base : `${base}#${String(n)}`;
    }
  }
  return [...results.values()];
}
