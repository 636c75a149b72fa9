import { parseChunk, splitChunks } from '../engine/parse';
import type { SourceObject } from './model';

/**
 * The Kubernetes objects of a text, each with its chunk text and the chunk's offset in the text
 * (spans in results are chunk-relative; add `offset` for positions in the whole text).
 */
export function sourceObjects(text: string, uri?: string): (SourceObject & { offset: number })[] {
  const out: (SourceObject & { offset: number })[] = [];
  for (const chunk of splitChunks(text)) {
    const parsed = parseChunk(chunk.text);
    if (parsed.templated) continue;
    for (const object of parsed.objects) {
      out.push({ object, text: chunk.text, offset: chunk.start, ...(uri === undefined ? {} : { uri }) });
    }
  }
  return out;
}
