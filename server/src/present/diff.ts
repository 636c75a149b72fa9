// A unified diff of two texts (`kubeward scan --fix-dry-run`), as `diff -u` and `git apply` read it.

interface Op {
  kind: ' ' | '-' | '+';
  line: string;
}

/** The lines of a text, each with its line break (`\n` or `\r\n`); the last may have none. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Shortest edit script between two line arrays (Myers' O(ND) algorithm). */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))
          ? (v[offset + k + 1] ?? 0)
          : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const t = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (t[offset + k - 1] ?? 0) < (t[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = t[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: ' ', line: a[x] ?? '' });
    }
    if (d === 0) break;
    if (down) {
      y--;
      ops.push({ kind: '+', line: b[y] ?? '' });
    } else {
      x--;
      ops.push({ kind: '-', line: a[x] ?? '' });
    }
  }
  return ops.reverse();
}

function body(op: Op): string {
  const text = `${op.kind}${op.line}`;
  return op.line.endsWith('\n') ? text : `${text}\n\\ No newline at end of file\n`;
}

/**
 * The unified diff (`--- a/<name>`, `+++ b/<name>`, hunks with `context` lines around each change)
 * that turns `before` into `after`; empty when they are equal. Lines keep their own line breaks, so a
 * CRLF file's diff applies to it as it is.
 */
export function unifiedDiff(before: string, after: string, name: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const ops: Op[] = [
    ...a.slice(0, head).map((line): Op => ({ kind: ' ', line })),
    ...editScript(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })),
  ];
  let out = `--- a/${name}\n+++ b/${name}\n`;
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  while (i < ops.length) {
    if (ops[i]?.kind === ' ') {
      i++;
      oldLine++;
      newLine++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    for (let gap = 0; end < ops.length; end++) {
      if (ops[end]?.kind === ' ') {
        if (++gap > 2 * context) break;
      } else gap = 0;
    }
    let last = end - 1;
    while (last >= i && ops[last]?.kind === ' ') last--;
    end = Math.min(ops.length, last + 1 + context);
    const lead = i - start;
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = oldCount === 0 ? oldLine - lead - 1 : oldLine - lead;
    const newStart = newCount === 0 ? newLine - lead - 1 : newLine - lead;
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    for (const op of hunk) out += body(op);
    for (let j = i; j < end; j++) {
      const kind = ops[j]?.kind;
      if (kind !== '+') oldLine++;
      if (kind !== '-') newLine++;
    }
    i = end;
  }
  return out;
}
