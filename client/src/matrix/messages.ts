// The messages between the extension and the ATT&CK matrix webview, typed in this one place and
// checked on arrival on both sides (a webview's messages are data from another process). No VS Code
// or DOM imports: the extension bundle and the webview bundle both import it.
import type { Severity } from '../findings/store';

/** A finding as a cell lists it. */
export interface CellFinding {
  /** The store's id: the webview asks to open a finding by it. */
  id: string;
  ruleId: string;
  severity: Severity;
  /** `Deployment/web in shop`. */
  resource: string;
  file: string;
  /** 1-based. */
  line: number;
  message: string;
}

export interface MatrixCell {
  id: string;
  name: string;
  /** Findings mapped to this technique (each finding once). */
  count: number;
  /** The highest severity among them. */
  severity?: Severity;
  /** Sub-techniques (empty for a sub-technique). */
  subs: MatrixCell[];
}

export interface MatrixColumn {
  /** `TA0004`. */
  id: string;
  name: string;
  cells: MatrixCell[];
}

export interface MatrixModel {
  attackVersion: string;
  columns: MatrixColumn[];
  /** Techniques with findings that ATT&CK does not list on its Containers platform. */
  other: MatrixCell[];
  /** The findings of each technique that has any. */
  findings: Record<string, CellFinding[]>;
  /** The highest count of any technique (for shading). */
  maxCount: number;
  /** Findings in all, and how many of them map to at least one technique. */
  total: number;
  mapped: number;
}

/** Extension → webview. */
export type ToWebview =
  /** The matrix to draw (again, whenever the findings change). */
  | { type: 'model'; model: MatrixModel }
  /** Select this technique's cell and list its findings (from a hover's link or the command's argument). */
  | { type: 'select'; technique: string };

/** Webview → extension. */
export type FromWebview =
  /** The webview's script runs and listens: send it the model. */
  | { type: 'ready' }
  /** Open the finding with this id at its exact range. */
  | { type: 'open'; finding: string }
  /** "Export Navigator layer…". */
  | { type: 'export' };

function record(x: unknown): Record<string, unknown> | undefined {
  return x !== null && typeof x === 'object' && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

/** The message, if it is a well-formed webview → extension message. */
export function parseFromWebview(x: unknown): FromWebview | undefined {
  const o = record(x);
  switch (o?.type) {
    case 'ready':
      return { type: 'ready' };
    case 'export':
      return { type: 'export' };
    case 'open':
      return typeof o.finding === 'string' && o.finding.length > 0
        ? { type: 'open', finding: o.finding }
        : undefined;
    default:
      return undefined;
  }
}

/** The message, if it is a well-formed extension → webview message. */
export function parseToWebview(x: unknown): ToWebview | undefined {
  const o = record(x);
  switch (o?.type) {
    case 'model': {
      const m = record(o.model);
      return m && Array.isArray(m.columns) && Array.isArray(m.other) && record(m.findings)
        ? { type: 'model', model: m as unknown as MatrixModel }
        : undefined;
    }
    case 'select':
      return typeof o.technique === 'string' ? { type: 'select', technique: o.technique } : undefined;
    default:
      return undefined;
  }
}

/** What the matrix controller needs from its host (the VS Code webview panel, or a test). */
export interface MatrixHost {
  post(message: ToWebview): void;
  open(findingId: string): void;
  exportLayer(): void;
}

/**
 * The extension's side of the protocol: answers the webview's messages and sends it the model and
 * selections, holding them until the webview says it is ready.
 */
export class MatrixController {
  private ready = false;
  private model: MatrixModel | undefined;
  private pendingSelect: string | undefined;

  constructor(private readonly host: MatrixHost) {}

  /** A message from the webview; malformed ones are ignored. Returns what it understood. */
  receive(raw: unknown): FromWebview | undefined {
    const msg = parseFromWebview(raw);
    if (!msg) return undefined;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (this.model) this.host.post({ type: 'model', model: this.model });
        if (this.pendingSelect) this.host.post({ type: 'select', technique: this.pendingSelect });
        this.pendingSelect = undefined;
        break;
      case 'open':
        this.host.open(msg.finding);
        break;
      case 'export':
        this.host.exportLayer();
        break;
    }
    return msg;
  }

  update(model: MatrixModel): void {
    this.model = model;
    if (this.ready) this.host.post({ type: 'model', model });
  }

  select(technique: string): void {
    if (this.ready) this.host.post({ type: 'select', technique });
    else this.pendingSelect = technique;
  }

  /** The webview was reloaded (its script starts again and will say ready). */
  reset(): void {
    this.ready = false;
  }
}
