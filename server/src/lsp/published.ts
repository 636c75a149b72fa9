// What the server has published per URI, and the status item's counts and health derived from it.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { StatusParams } from '../protocol';

type Counts = StatusParams['counts'];

/** The part of the connection diagnostics and status go out through. */
export interface PublishTarget {
  sendDiagnostics(params: { uri: string; diagnostics: Diagnostic[]; version?: number }): void;
  sendStatus(params: StatusParams): void;
}

/** The layer of a file's own check (the others: a rendered source's, such as `helm`). */
export const OWN_LAYER = 'own';

/**
 * Publishes diagnostics and keeps their severity counts per URI; sends the status item's counts
 * (debounced, or at once) with whether a workspace scan runs. A URI's diagnostics are layered: the
 * file's own check, and what a rendered source (a Helm chart) placed in it; each layer is replaced
 * on its own, and the client gets them all together.
 */
export class PublishedDiagnostics {
  private readonly counts = new Map<string, Counts>();
  private readonly layers = new Map<string, Map<string, Diagnostic[]>>();
  private statusTimer: NodeJS.Timeout | undefined;
  /** Whether a workspace scan runs (the status item shows it). */
  scanning: () => boolean = () => false;
  /** What renders for longer than a moment (`Rendering Helm chart webapp…`), if anything. */
  rendering: () => string | undefined = () => undefined;
  /** Something the user should know once (why charts are not rendered), in the status item's tooltip. */
  notice: string | undefined;

  constructor(private readonly target: PublishTarget) {}

  has(uri: string): boolean {
    return this.counts.has(uri);
  }

  /** The URI's own diagnostics (its own check), with the other layers it has. */
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    this.publishLayer(uri, OWN_LAYER, diagnostics, version);
  }

  /** The diagnostics of one layer: `[]` clears that layer only. */
  layer(uri: string, name: string): readonly Diagnostic[] {
    return this.layers.get(uri)?.get(name) ?? [];
  }

  /** Replaces one layer of a URI's diagnostics and sends the URI's diagnostics of every layer. */
  publishLayer(uri: string, name: string, layer: Diagnostic[], version?: number): void {
    let byLayer = this.layers.get(uri);
    if (layer.length > 0) {
      if (!byLayer) this.layers.set(uri, (byLayer = new Map<string, Diagnostic[]>()));
      byLayer.set(name, layer);
    } else if (byLayer) {
      byLayer.delete(name);
      if (byLayer.size === 0) this.layers.delete(uri);
    }
    const diagnostics = byLayer ? [...byLayer.values()].flat() : [];
    const c: Counts = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const d of diagnostics) {
      if (d.severity === DiagnosticSeverity.Error) c.error++;
      else if (d.severity === DiagnosticSeverity.Warning) c.warning++;
      else if (d.severity === DiagnosticSeverity.Information) c.info++;
      else c.hint++;
    }
    if (diagnostics.length === 0) this.counts.delete(uri);
    else this.counts.set(uri, c);
    this.target.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
    this.sendStatus();
  }

  /** The totals over every URI. */
  totals(): Counts {
    const t: Counts = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const c of this.counts.values()) {
      t.error += c.error;
      t.warning += c.warning;
      t.info += c.info;
      t.hint += c.hint;
    }
    return t;
  }

  /** Sends the status: within 100 ms (bursts of publishes send one), or at once with `now`. */
  sendStatus(now = false): void {
    const send = (): void => {
      this.statusTimer = undefined;
      const scanning = this.scanning();
      const rendering = this.rendering();
      this.target.sendStatus({
        health: 'ok',
        scanning,
        counts: this.totals(),
        ...(scanning ? { message: 'Scanning the workspace…' } : {}),
        ...(rendering ? { rendering } : {}),
        ...(this.notice ? { notice: this.notice } : {}),
      });
    };
    if (now) {
      if (this.statusTimer) clearTimeout(this.statusTimer);
      send();
    } else this.statusTimer ??= setTimeout(send, 100);
  }
}
