import { isScalar, isSeq, type Scalar, type YAMLSeq } from 'yaml';
import { quoteLike, type Edit, type Fix, type FixSafety } from '../../engine/fix';
import { keySpan, type Span } from '../../engine/locate';
import { mapGet, scalarString, type Field } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import type { ContainerView, PodView } from '../../engine/workload';

/**
 * Command-line flags of control-plane containers, read from the container's `command` and `args`
 * lists exactly as the process sees them (`command` followed by `args`).
 *
 * Forms understood (spf13/pflag, which kube-apiserver, kube-controller-manager and kube-scheduler
 * use; etcd's Go `flag` package reads the same forms and also a single leading dash):
 * - `--flag=value` in one item;
 * - `--flag value` in two items, for flags that take a value;
 * - a bare boolean `--flag` (true). A boolean flag never consumes the next item: `--profiling`,
 *   `false` leaves profiling on, and `false` is a stray positional argument;
 * - repeated flags: the last one wins for scalar flags, and the values add up for list flags
 *   (pflag `StringSlice`: `--enable-admission-plugins`, `--authorization-mode`, …).
 *
 * Not read: a shell wrapper (`command: [sh, -c, "kube-apiserver --a=b …"]`). Its flags live inside
 * one string whose word splitting is the shell's; the container is recognised
 * ({@link ControlPlaneProcess.shellWrapped}) and skipped.
 */

export type Component = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd';

/** Binary names (basename of the executable, or a hyperkube sub-command) → component. */
const BINARIES: Readonly<Record<string, Component>> = {
  'kube-apiserver': 'kube-apiserver',
  'kube-controller-manager': 'kube-controller-manager',
  'kube-scheduler': 'kube-scheduler',
  etcd: 'etcd',
};
/** hyperkube's short sub-command names (`hyperkube apiserver`). */
const HYPERKUBE: Readonly<Record<string, Component>> = {
  apiserver: 'kube-apiserver',
  'controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  ...BINARIES,
};
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);

/** Flags that take no value (a following item is never consumed). */
const BOOLEAN_FLAGS = new Set([
  'allow-privileged',
  'anonymous-auth',
  'auto-tls',
  'client-cert-auth',
  'enable-aggregator-routing',
  'enable-bootstrap-token-auth',
  'enable-garbage-collector',
  'enable-pprof',
  'enable-v2',
  'experimental-initial-corrupt-check',
  'leader-elect',
  'peer-auto-tls',
  'peer-client-cert-auth',
  'profiling',
  'service-account-lookup',
  'strict-reconfig-check',
  'use-service-account-credentials',
  'contention-profiling',
]);

/** pflag `StringSlice` flags: repeated occurrences append. */
export const LIST_FLAGS = new Set([
  'authorization-mode',
  'enable-admission-plugins',
  'disable-admission-plugins',
  'tls-cipher-suites',
  'controllers',
]);

export interface FlagItem {
  /** Name without dashes: `authorization-mode`. */
  name: string;
  /** The value; `'true'` for a bare boolean flag; `''` for a bare flag that wants a value. */
  value: string;
  /** The item that holds the flag's name (and its value, in the `--flag=value` form). */
  node: Scalar;
  /** The separate value item of the `--flag value` form. */
  valueNode: Scalar | undefined;
  /** The leading dashes as written (`--` or `-`). */
  dashes: string;
  /** The list that holds the item. */
  seq: YAMLSeq;
}

export interface ControlPlaneProcess {
  component: Component;
  container: ContainerView;
  /** Flags in order (command items first, then args items). */
  flags: FlagItem[];
  /** The list new flags are appended to: `args` when it holds flags, else `command`. */
  appendTo: { field: Field; seq: YAMLSeq } | undefined;
  /** The `command:` (else `args:`) key: where a missing flag is reported. */
  anchor: Span;
  /** The container runs the binary inside a shell string; its flags were not read. */
  shellWrapped: boolean;
}

function basename(s: string): string {
  const i = s.lastIndexOf('/');
  return i < 0 ? s : s.slice(i + 1);
}

function scalars(seq: YAMLSeq | undefined): (Scalar | undefined)[] {
  if (!seq) return [];
  return seq.items.map((it) => (isScalar(it) ? it : undefined));
}

/** The component a container runs, from `command[0]` (or `args[0]` when there is no command). */
function detect(
  command: YAMLSeq | undefined,
  args: YAMLSeq | undefined,
): { component: Component; skip: number; shell: boolean } | undefined {
  const words = [...scalars(command), ...scalars(args)].map((s) => scalarString(s) ?? '');
  const first = words[0];
  if (first === undefined) return undefined;
  const bin = basename(first);
  const direct = BINARIES[bin];
  if (direct) return { component: direct, skip: 1, shell: false };
  if (bin === 'hyperkube') {
    const sub = HYPERKUBE[words[1] ?? ''];
    return sub ? { component: sub, skip: 2, shell: false } : undefined;
  }
  if (SHELLS.has(bin)) {
    const script = words.find((w, i) => i > 0 && w !== '-c' && w !== 'sh' && !w.startsWith('-'));
    const m = script
      ? /(?:^|[\s/;&|])(kube-apiserver|kube-controller-manager|kube-scheduler|etcd)(?=\s|$)/.exec(script)
      : null;
    const comp = m?.[1] as Component | undefined;
    return comp ? { component: comp, skip: words.length, shell: true } : undefined;
  }
  return undefined;
}

/** Parses flag items of a list of words (exported for tests and other callers). */
export function parseFlagItems(
  items: readonly { node: Scalar; seq: YAMLSeq }[],
  singleDash: boolean,
): FlagItem[] {
  const out: FlagItem[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (!it) continue;
    const word = scalarString(it.node);
    if (word === undefined) continue;
    if (word === '--') break; // end of flags
    const m = /^(--?)([A-Za-z0-9][A-Za-z0-9._-]*)(?:=([\s\S]*))?$/.exec(word);
    if (!m) continue;
    const dashes = m[1] ?? '--';
    if (dashes === '-' && !singleDash) continue;
    const name = m[2] ?? '';
    if (m[3] !== undefined) {
      out.push({ name, value: m[3], node: it.node, valueNode: undefined, dashes, seq: it.seq });
      continue;
    }
    if (BOOLEAN_FLAGS.has(name)) {
      out.push({ name, value: 'true', node: it.node, valueNode: undefined, dashes, seq: it.seq });
      continue;
    }
    const next = items[i + 1];
    const nextWord = next ? scalarString(next.node) : undefined;
    if (next && nextWord !== undefined && !/^--?[A-Za-z]/.test(nextWord)) {
      out.push({ name, value: nextWord, node: it.node, valueNode: next.node, dashes, seq: it.seq });
      i++;
    } else {
      out.push({ name, value: '', node: it.node, valueNode: undefined, dashes, seq: it.seq });
    }
  }
  return out;
}

/** Per pod view: its processes, computed once for the ~15 control-plane rules that ask. */
const PROCESSES = new WeakMap<PodView, ControlPlaneProcess[]>();

/**
 * Control-plane processes (kube-apiserver, kube-controller-manager, kube-scheduler, etcd) of a pod
 * (cached per pod view; treat as read-only).
 */
export function controlPlaneProcesses(pod: PodView | undefined): ControlPlaneProcess[] {
  if (!pod) return [];
  let hit = PROCESSES.get(pod);
  if (!hit) PROCESSES.set(pod, (hit = computeProcesses(pod)));
  return hit;
}

function computeProcesses(pod: PodView | undefined): ControlPlaneProcess[] {
  const out: ControlPlaneProcess[] = [];
  for (const c of pod?.containers ?? []) {
    if (c.list !== 'containers') continue;
    const commandF = mapGet(c.map, 'command');
    const argsF = mapGet(c.map, 'args');
    const command = isSeq(commandF?.value) ? commandF.value : undefined;
    const args = isSeq(argsF?.value) ? argsF.value : undefined;
    const found = detect(command, args);
    if (!found) continue;
    const words: { node: Scalar; seq: YAMLSeq }[] = [];
    for (const seq of [command, args]) {
      if (!seq) continue;
      for (const it of seq.items) if (isScalar(it)) words.push({ node: it, seq });
    }
    const flags = found.shell ? [] : parseFlagItems(words.slice(found.skip), found.component === 'etcd');
    const argsHasFlags = args !== undefined && flags.some((f) => f.seq === args);
    const appendTo =
      argsHasFlags && argsF && args
        ? { field: argsF, seq: args }
        : commandF && command && !command.flow
          ? { field: commandF, seq: command }
          : argsF && args
            ? { field: argsF, seq: args }
            : commandF && command
              ? { field: commandF, seq: command }
              : undefined;
    const anchorField = commandF ?? argsF;
    out.push({
      component: found.component,
      container: c,
      flags,
      appendTo,
      anchor: anchorField ? keySpan(anchorField) : c.anchor,
      shellWrapped: found.shell,
    });
  }
  return out;
}

/** The processes of one component (shell-wrapped ones left out: their flags are not known). */
export function processesOf(ctx: RuleContext, ...components: Component[]): ControlPlaneProcess[] {
  return controlPlaneProcesses(ctx.pod).filter((p) => components.includes(p.component) && !p.shellWrapped);
}

/** The effective occurrence of a scalar flag (the last one). */
export function lastFlag(p: ControlPlaneProcess, name: string): FlagItem | undefined {
  let found: FlagItem | undefined;
  for (const f of p.flags) if (f.name === name) found = f;
  return found;
}

export function allFlags(p: ControlPlaneProcess, name: string): FlagItem[] {
  return p.flags.filter((f) => f.name === name);
}

/** Values of a list flag, over all its occurrences (`--a=X,Y --a=Z` → X, Y, Z). */
export function listValues(p: ControlPlaneProcess, name: string): string[] {
  return allFlags(p, name).flatMap((f) => splitList(f.value));
}

export function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Go's `strconv.ParseBool`, which pflag's boolean flags use. */
export function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * Where a finding about a flag points: the item with its value (`--flag=value`, or the value item);
 * the process's `command:`/`args:` key when the item has no position (never offset 0).
 */
export function flagSpan(p: ControlPlaneProcess, f: FlagItem): Span {
  const s = f.node.range?.[0];
  const e = (f.valueNode ?? f.node).range?.[1];
  return s === undefined || e === undefined ? p.anchor : { start: s, end: e };
}

/** A control-plane process as message data: its component and the name of its container. */
export interface ProcessRef {
  component: Component;
  container: string;
}

/** The message data of a process. */
export function processRef(p: ControlPlaneProcess): ProcessRef {
  return { component: p.component, container: p.container.name };
}

/** `kube-apiserver`, or `kube-apiserver (container "apiserver")` when the container is named otherwise. */
export function describeProcess(p: ProcessRef): string {
  return p.container === p.component ? p.component : `${p.component} (container "${p.container}")`;
}

/** Edit that gives an existing flag a new value (only its own item, or its separate value item). */
export function setFlagEdit(ctx: RuleContext, f: FlagItem, value: string): Edit | undefined {
  if (f.valueNode) return ctx.fixer.replaceQuoted(f.valueNode, value, f.seq.flow);
  return ctx.fixer.replaceQuoted(f.node, `${f.dashes}${f.name}=${value}`, f.seq.flow);
}

/** Edit that appends `--name=value` to the process's flag list, in the list's style. */
export function appendFlagEdit(
  ctx: RuleContext,
  p: ControlPlaneProcess,
  name: string,
  value: string,
): Edit | undefined {
  const target = p.appendTo;
  if (!target) return undefined;
  const items = target.seq.items;
  const like = [...items].reverse().find((it): it is Scalar => isScalar(it));
  const dashes = p.flags[p.flags.length - 1]?.dashes ?? '--';
  return ctx.fixer.appendSeqItem(target.seq, quoteLike(like, `${dashes}${name}=${value}`, target.seq.flow));
}

/**
 * One edit that appends several `--name=value` flags at the end of the process's flag list, so that a
 * fix adding them is a single insertion; undefined when they cannot all go there.
 */
export function appendFlagsEdit(
  ctx: RuleContext,
  p: ControlPlaneProcess,
  flags: readonly (readonly [name: string, value: string])[],
): Edit | undefined {
  const edits = flags.map(([name, value]) => appendFlagEdit(ctx, p, name, value));
  const first = edits[0];
  if (first === undefined || !edits.every((e) => e?.start === first.start && e.end === first.end)) {
    return undefined;
  }
  // Appends to an empty flow list (`args: []`) carry no separator of their own.
  const empty = p.appendTo?.seq.flow === true && p.appendTo.seq.items.length === 0;
  return {
    start: first.start,
    end: first.end,
    newText: edits.map((e) => e?.newText ?? '').join(empty ? ', ' : ''),
  };
}

/** A fix setting a flag: edits the last occurrence, or appends the flag. */
export function setFlagFix(
  ctx: RuleContext,
  p: ControlPlaneProcess,
  name: string,
  value: string,
  safety: FixSafety,
  opts: { snippet?: boolean; title?: string } = {},
): Fix | undefined {
  const f = lastFlag(p, name);
  const edit = f ? setFlagEdit(ctx, f, value) : appendFlagEdit(ctx, p, name, value);
  const shown = value.replace(/\$\{\d+:([^}]*)\}/g, '$1');
  const title = opts.title ?? `Set \`--${name}=${shown}\``;
  return opts.snippet ? ctx.fixer.snippetFix(title, safety, edit) : ctx.fixer.fix(title, safety, edit);
}
