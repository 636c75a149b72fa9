// The source step of the scan pipeline: what is on disk (or in an open buffer) becomes the texts the
// engine checks, and each text knows the file its findings belong to. A plain file is one text of its
// own; a rendered chart or overlay (later) is one text per rendered template, mapped back to the
// template, values or patch line a person edits.

/** A text the engine checks. */
export interface Unit {
  /**
   * The file the text is: the path its config (`.kubeward.yaml`, excludes, exceptions) is planned
   * for. Stdin is `<stdin>` in the working directory.
   */
  path: string;
  /** What the workspace index files it under (the CLI: the path; the editor: the file's URI). */
  key: string;
  text: string;
  /** The text a chart template rendered to (checked, not skipped as a template). */
  rendered?: boolean;
}

/** One input of a scan, before it is read. */
export interface Source {
  /**
   * How its units are made: a plain file's text, standard input, a Helm chart (its folder) or a
   * Kustomize tree (the folder whose kustomizations are built), rendered by the scan's
   * rendered-source step and mapped back to the files a person edits.
   */
  readonly kind: 'file' | 'stdin' | 'chart' | 'kustomize';
  /** The path it is planned under (see {@link Unit.path}). */
  readonly path: string;
  /** What it is indexed under, when not its path (see {@link Unit.key}). */
  readonly key?: string;
}

/** Reads a source's text; throws when it cannot be read, undefined when it is to be skipped. */
export type SourceReader = (source: Source) => string | undefined;

/** The units of a source: a plain file or stdin is one unit, its own text. */
export function unitsOf(source: Source, read: SourceReader): Unit[] {
  if (isRendered(source)) return [];
  const text = read(source);
  return text === undefined ? [] : [{ path: source.path, key: source.key ?? source.path, text }];
}

/** A source the scan's rendered-source step renders (a chart) or builds (a Kustomize tree). */
export function isRendered(source: Source): boolean {
  return source.kind === 'chart' || source.kind === 'kustomize';
}
