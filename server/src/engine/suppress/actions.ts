import { isMap, isSeq } from 'yaml';
import { Fixer, type Edit } from '../fix';
import { mapGet } from '../node';
import type { ParsedChunk } from '../parse';
import { lineEndOf, lineStartOf } from '../text';
import { podView } from '../workload';
import { annotationKey } from './grammar';

/** Edits that add a suppression for one finding, chunk-relative; each is absent where it does not apply. */
export interface SuppressionEdits {
  /** `# kubeward-disable-next-line <rule>` above the finding's line. */
  line: Edit | undefined;
  /** The same comment above the `- name:` line of the container that holds the finding. */
  container: (Edit & { name: string }) | undefined;
  /** `kubeward.dev/ignore.<rule>` in the object's `metadata.annotations` (created when missing). */
  annotation: Edit | undefined;
}

/**
 * Builds the edits of the "Ignore <rule> …" code actions. `ruleId` is the suppression id
 * (`admission-policy/<policy name>` for one policy's finding). With `snippet`, the reason is a snippet
 * placeholder; without, no reason is written (so `suppression-without-reason` asks for one, rather
 * than a placeholder word being taken for a reason).
 */
export function suppressionEdits(
  parsed: ParsedChunk,
  offset: number,
  ruleId: string,
  snippet: boolean,
): SuppressionEdits {
  const text = parsed.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comment = `# kubeward-disable-next-line ${ruleId}${snippet ? ' -- ${1:reason}' : ''}`;
  const above = (at: number): Edit | undefined => {
    const ls = lineStartOf(text, at);
    const indent = /^[ \t]*/.exec(text.slice(ls, lineEndOf(text, ls)))?.[0] ?? '';
    return { start: ls, end: ls, newText: `${indent}${comment}${eol}` };
  };
  const obj = parsed.objects
    .filter((o) => o.root.range && o.root.range[0] <= offset && offset <= o.root.range[1])
    .sort((a, b) => (a.listItem === b.listItem ? 0 : a.listItem ? -1 : 1))[0];
  let container: SuppressionEdits['container'];
  let annotation: Edit | undefined;
  // In a document with syntax errors the tree is the parser's guess: only the comment line is safe.
  if (obj && parsed.errors.length === 0) {
    const pod = podView(obj);
    const fixer = new Fixer(text, obj.doc.contents);
    for (const c of pod?.containers ?? []) {
      const r = c.map.range;
      if (!r || offset < r[0] || offset > r[1]) continue;
      const seq = mapGet(pod?.spec, c.list)?.value;
      if (!isSeq(seq) || seq.flow) break;
      const dash = fixer.dashOf(seq, c.index);
      if (dash === undefined || !/^[ \t]*$/.test(text.slice(lineStartOf(text, dash), dash))) break;
      const e = above(dash);
      if (e) container = { ...e, name: c.name };
      break;
    }
    // Only on objects that have metadata: config-file kinds (an audit Policy) carry none to annotate.
    // Not where Kubernetes would refuse the key (a policy name too long for an annotation key).
    const key = annotationKey(ruleId);
    if (key !== undefined && isMap(mapGet(obj.root, 'metadata')?.value))
      annotation = fixer.ensure(obj.root, ['metadata', 'annotations', key], {
        scalar: snippet ? '"${1:reason}"' : '""',
      });
  }
  return { line: above(offset), container, annotation };
}
