// What the server has published per URI, and the status item's counts and health derived from it.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { StatusParams } from '../protocol';

type Counts = StatusParams['counts'];

/** The part of the connection diagnostics and status go out through. */
export interface PublishTarget {
  sendDiagnostics(params: { uri: string; diagnostics: Diagnostic[]; version?: number }): void;
  sendStatus(params: StatusParams): void;
}

/**
 * Publishes diagnostics and keeps their severity counts per URI; sends the status item's counts
 * (debounced, or at once) with whether a workspace scan runs.
 */
export class PublishedDiagnostics {
  private readonly counts = new Map<string, Counts>();
  private statusTimer: NodeJS.Timeout | undefined;
  /** Whether a workspace scan runs (the status item shows it). */
  scanning: () => boolean = () => false;

  constructor(private readonly target: PublishTarget) {}

  has(uri: string): boolean {
    return this.counts.has(uri);
  }

  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
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
      this.target.sendStatus({
        health: 'ok',
        scanning,
        counts: this.totals(),
        ...(scanning ? { message: 'Scanning the workspace…' } : {}),
      });
    };
    if (now) {
      if (this.statusTimer) clearTimeout(this.statusTimer);
      send();
    } else this.statusTimer ??= setTimeout(send, 100);
  }
}
