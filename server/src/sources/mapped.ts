// What a rendered source (a Helm chart; a Kustomize overlay) gives back after checking: findings
// placed in the files a person edits, each with its text, and the problems of the source itself.
import type { Finding, SyntaxFinding } from '../engine/run';
import type { SuppressedFinding } from '../engine/suppress/apply';

/** A problem of the source, not of a manifest: a render that failed, a dependency not fetched. */
export interface SourceProblem {
  /** `helm-render`, `helm-dependency`, `kustomize-build`, `remote-resource`. */
  code: string;
  severity: 'error' | 'warning';
  start: number;
  end: number;
  message: string;
}

/** Findings placed in one file a person edits (a template, a values file, Chart.yaml). */
export interface FileResult {
  /** Absolute path. */
  path: string;
  /** The text the offsets refer to (an open buffer's, or the disk's). */
  text: string;
  findings: Finding[];
  suppressed: SuppressedFinding<Finding>[];
  syntax: SyntaxFinding[];
  problems: SourceProblem[];
}

/** A new, empty result for a file. */
export function fileResult(path: string, text: string): FileResult {
  return { path, text, findings: [], suppressed: [], syntax: [], problems: [] };
}
