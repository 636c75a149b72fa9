import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { TRACE_DIR } from './instrument';

/** One entry of `dependencies:` in Chart.yaml, with the offsets of the whole entry. */
export interface ChartDependency {
  name: string;
  version?: string;
  repository?: string;
  alias?: string;
  condition?: string;
  /** The sequence item in Chart.yaml (from its first key to the end of its last value). */
  start: number;
  end: number;
}

/** What mapping and rendering need from Chart.yaml. */
export interface ChartMeta {
  name: string;
  version?: string;
  appVersion?: string;
  type?: string;
  dependencies: ChartDependency[];
}

function str(v: unknown): string | undefined {
  if (!isScalar(v) || v.value === null || v.value === undefined) return undefined;
  const x = v.value;
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined;
}

/** Reads Chart.yaml; undefined when it is not a map with a `name`. */
export function readChartYaml(text: string): ChartMeta | undefined {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const get = (m: unknown, k: string): unknown => {
    if (!isMap(m)) return undefined;
    for (const it of m.items)
      if (isPair(it) && isScalar(it.key) && String(it.key.value) === k) return it.value;
    return undefined;
  };
  const name = str(get(root, 'name'));
  if (!name) return undefined;
  const meta: ChartMeta = { name, dependencies: [] };
  const version = str(get(root, 'version'));
  const appVersion = str(get(root, 'appVersion'));
  const type = str(get(root, 'type'));
  if (version !== undefined) meta.version = version;
  if (appVersion !== undefined) meta.appVersion = appVersion;
  if (type !== undefined) meta.type = type;
  const deps = get(root, 'dependencies');
  if (isSeq(deps)) {
    for (const item of deps.items) {
      if (!isMap(item)) continue;
      const depName = str(get(item, 'name'));
      const first = item.items[0];
      const last = item.items[item.items.length - 1];
      const start = isPair(first) && isScalar(first.key) ? first.key.range?.[0] : undefined;
      const lastValue = isPair(last) ? (last.value as { range?: number[] } | null) : null;
      const end =
        lastValue?.range?.[1] ?? (isPair(last) && isScalar(last.key) ? last.key.range?.[1] : undefined);
      if (!depName || start === undefined || end === undefined) continue;
      const dep: ChartDependency = { name: depName, start, end };
      for (const k of ['version', 'repository', 'alias', 'condition'] as const) {
        const v = str(get(item, k));
        if (v !== undefined) dep[k] = v;
      }
      meta.dependencies.push(dep);
    }
  }
  return meta;
}

/** A dependency Chart.yaml declares that `charts/` does not hold (helm refuses to render then). */
export interface MissingDependency {
  dependency: ChartDependency;
  /** Always `Chart.yaml` (chart-relative). */
  file: string;
  start: number;
  end: number;
  message: string;
  /** What fetches it, run in the chart's folder: `helm dependency build` (needs the network; Kubeward never runs it). */
  command: string;
}

/** One regular file of a tar archive. */
export interface TarFile {
  path: string;
  data: Buffer;
}

const TGZ_LIMIT = 64 * 1024 * 1024;

/**
 * The regular files of a gzipped tar archive (a packaged chart), with GNU long names and pax `path`
 * records. Entries that would land outside the archive (`..`, absolute paths) are dropped; a damaged
 * or oversized archive gives what was read before the damage.
 */
export function readTgz(tgz: Buffer): TarFile[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(tgz, { maxOutputLength: TGZ_LIMIT });
  } catch {
    return [];
  }
  const out: TarFile[] = [];
  let longName: string | undefined;
  for (let p = 0; p + 512 <= tar.length;) {
    const header = tar.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number): string => {
      const s = header.toString('utf8', from, from + len);
      const nul = s.indexOf('\0');
      return nul < 0 ? s : s.slice(0, nul);
    };
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) break;
    const type = field(156, 1);
    const body = p + 512;
    const data = tar.subarray(body, Math.min(tar.length, body + size));
    p = body + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m?.[1]) longName = m[1];
      continue;
    }
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type !== '0' && type !== '' && type !== '7') continue;
    const path = name.replace(/^\.\//, '');
    if (path.startsWith('/') || path.split('/').includes('..') || path === '') continue;
    out.push({ path, data });
  }
  return out;
}

/** The `name:` of the Chart.yaml at the top of a packaged chart (`.tgz`). */
export function packagedChartName(tgz: Buffer): string | undefined {
  const chart = readTgz(tgz).find((f) => /^[^/]+\/Chart\.yaml$/.test(f.path));
  return chart ? readChartYaml(chart.data.toString('utf8'))?.name : undefined;
}

/**
 * The files of a packaged chart by path below its top folder (`Chart.yaml`, `templates/x.yaml`, …),
 * and that folder's name.
 */
export function packagedChart(tgz: Buffer): { name: string; files: Map<string, Buffer> } | undefined {
  const files = readTgz(tgz);
  const top = files.find((f) => /^[^/]+\/Chart\.yaml$/.test(f.path))?.path.split('/')[0];
  if (!top) return undefined;
  const out = new Map<string, Buffer>();
  for (const f of files) if (f.path.startsWith(`${top}/`)) out.set(f.path.slice(top.length + 1), f.data);
  return { name: top, files: out };
}

/** Names of the charts in a chart's `charts/` folder (unpacked folders and `.tgz` packages). */
export function vendoredCharts(chartDir: string): Map<string, { path: string; packaged: boolean }> {
  const out = new Map<string, { path: string; packaged: boolean }>();
  const dir = join(chartDir, 'charts');
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    try {
      if (statSync(p).isDirectory()) {
        const cy = join(p, 'Chart.yaml');
        const name = existsSync(cy) ? readChartYaml(readFileSync(cy, 'utf8'))?.name : undefined;
        if (name) out.set(name, { path: `charts/${entry}`, packaged: false });
      } else if (entry.endsWith('.tgz')) {
        const name = packagedChartName(readFileSync(p));
        if (name) out.set(name, { path: `charts/${entry}`, packaged: true });
      }
    } catch {
      // An unreadable entry is as good as missing.
    }
  }
  return out;
}

/**
 * Dependencies of Chart.yaml that `charts/` lacks, each with the range of its entry in Chart.yaml and
 * the command that fetches them.
 */
export function missingDependencies(chartDir: string, chartYaml?: string): MissingDependency[] {
  const text = chartYaml ?? readFileSync(join(chartDir, 'Chart.yaml'), 'utf8');
  const meta = readChartYaml(text);
  if (!meta) return [];
  const have = vendoredCharts(chartDir);
  // Run in the chart's folder: the message stays the same on every machine (CI logs, baselines).
  const command = 'helm dependency build';
  return meta.dependencies
    .filter((d) => !have.has(d.name))
    .map((d) => ({
      dependency: d,
      file: 'Chart.yaml',
      start: d.start,
      end: d.end,
      message: `Dependency "${d.name}"${d.version ? ` (${d.version})` : ''} is declared in Chart.yaml but missing from charts/; the chart cannot be rendered until it is fetched: run \`${command}\` in the chart's folder`,
      command,
    }));
}

/** The texts of a chart that mapping reads, by chart-relative path (`/` separators). */
export interface ChartFiles {
  /** Absolute path of the chart folder. */
  root: string;
  /** Chart.yaml `name` (the first component of helm's `# Source:` paths). */
  name: string;
  files: Map<string, string>;
  /**
   * Folders (`charts/redis/`) whose files come from a packaged subchart (`charts/redis-19.6.4.tgz`):
   * read for mapping, never an origin (a person cannot edit inside the archive).
   */
  packaged?: Map<string, string>;
}

/**
 * Reads a chart for mapping: Chart.yaml, values.yaml, everything under `templates/`, and the same
 * for each subchart under `charts/`: folders as they are, `.tgz` packages read into
 * `charts/<name>/…` and listed in `packaged`. `overrides` (chart-relative path → text) replace what is
 * on disk, for open editor buffers.
 */
export function loadChartFiles(root: string, overrides?: ReadonlyMap<string, string>): ChartFiles {
  const files = new Map<string, string>();
  const read = (rel: string): void => {
    const text = overrides?.get(rel) ?? readText(join(root, rel));
    if (text !== undefined) files.set(rel, text);
  };
  const walk = (rel: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(join(root, rel)).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = `${rel}/${e}`;
      if (e === TRACE_DIR || e === '.git') continue;
      let dir: boolean;
      try {
        dir = statSync(join(root, p)).isDirectory();
      } catch {
        continue;
      }
      if (dir) walk(p);
      else read(p);
    }
  };
  const chart = (prefix: string, depth: number): void => {
    read(`${prefix}Chart.yaml`);
    read(`${prefix}values.yaml`);
    walk(`${prefix}templates`);
    if (depth > 5) return;
    let subs: string[];
    try {
      subs = readdirSync(join(root, `${prefix}charts`)).sort();
    } catch {
      return;
    }
    for (const s of subs) {
      try {
        const p = join(root, `${prefix}charts`, s);
        if (statSync(p).isDirectory()) chart(`${prefix}charts/${s}/`, depth + 1);
        else if (s.endsWith('.tgz')) unpack(`${prefix}charts/`, `${prefix}charts/${s}`, readFileSync(p));
      } catch {
        // An unreadable entry is skipped; helm reports it when it renders.
      }
    }
  };
  const packaged = new Map<string, string>();
  const unpack = (dir: string, archive: string, tgz: Buffer): void => {
    const pc = packagedChart(tgz);
    if (!pc || files.has(`${dir}${pc.name}/Chart.yaml`)) return;
    packaged.set(`${dir}${pc.name}/`, archive);
    for (const [rel, data] of pc.files) {
      if (rel === 'Chart.yaml' || rel === 'values.yaml' || rel.startsWith('templates/')) {
        files.set(`${dir}${pc.name}/${rel}`, data.toString('utf8'));
      }
    }
  };
  chart('', 0);
  for (const [rel, text] of overrides ?? []) if (!files.has(rel)) files.set(rel, text);
  const name = readChartYaml(files.get('Chart.yaml') ?? '')?.name ?? '';
  return packaged.size > 0 ? { root, name, files, packaged } : { root, name, files };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
