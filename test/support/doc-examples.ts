// The fenced examples of a Markdown page, each named by the comment above it:
// `<!-- example: <id> (<the test that runs it>) -->`. A fenced block without one is an error, so
// every example on the page has a test that runs it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocExample {
  id: string;
  /** The fence's language (`sh`, `yaml`, `json`, `text`). */
  lang: string;
  code: string;
  /** What the comment says runs it (a test file first). */
  runner: string;
}

const MARKER = /^<!-- example: ([a-z0-9-]+) \((.+)\) -->$/;

/** The examples of `file` (relative to the repository root), by id. Throws on an unnamed block. */
export function docExamples(file: string): Map<string, DocExample> {
  const lines = readFileSync(join(__dirname, '..', '..', file), 'utf8').split('\n');
  const out = new Map<string, DocExample>();
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)$/.exec(lines[i] ?? '');
    if (!fence) continue;
    const marker = MARKER.exec(lines[i - 1] ?? '');
    if (!marker?.[1] || !marker[2])
      throw new Error(`${file}:${i + 1}: a fenced block without an example comment`);
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: an unclosed fenced block`);
    if (out.has(marker[1])) throw new Error(`${file}:${i}: example "${marker[1]}" twice`);
    out.set(marker[1], {
      id: marker[1],
      lang: fence[1] ?? '',
      code: `${lines.slice(i + 1, end).join('\n')}\n`,
      runner: marker[2],
    });
    i = end;
  }
  return out;
}

/** One example of docs/ci.md; throws when it is missing. */
export function ciExample(id: string): DocExample {
  const e = docExamples('docs/ci.md').get(id);
  if (!e) throw new Error(`docs/ci.md has no example "${id}"`);
  return e;
}
