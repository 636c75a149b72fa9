/**
 * Template tag for YAML literals in rule docs and tests: strips the first newline and the common
 * indentation, so a manifest can be written indented inside TypeScript source.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  let raw = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  raw = raw.replace(/\\`/g, '`').replace(/\\\$/g, '$');
  const lines = raw.replace(/^\r?\n/, '').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, line.length - line.trimStart().length);
  }
  if (!Number.isFinite(indent)) indent = 0;
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}
