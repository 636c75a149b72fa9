// The findings the server published, as the client received them with its diagnostics: one store
// that the ATT&CK matrix, the findings tree and (through the diagnostics themselves) the Problems
// panel all show. No VS Code imports, so the views' logic is tested in-process.
import type { DiagnosticData, ResourceRef } from '../../../server/src/protocol';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export interface Position {
  line: number;
  character: number;
}

/** One Kubeward finding (a diagnostic that carries Kubeward's data). */
export interface Finding {
  /** Unique for the life of the store: a finding that changes gets a new id. */
  id: string;
  uri: string;
  /** The file as shown to a person (workspace-relative). */
  file: string;
  /** 0-based, as the diagnostic's. */
  range: { start: Position; end: Position };
  severity: Severity;
  message: string;
  ruleId: string;
  attack: string[];
  resource?: ResourceRef;
}

/** The parts of a published diagnostic the store reads (an LSP or a VS Code diagnostic). */
export interface DiagnosticLike {
  range: { start: Position; end: Position };
  severity: Severity;
  message: string;
  data?: unknown;
}

function isData(d: unknown): d is DiagnosticData {
  if (d === null || typeof d !== 'object') return false;
  const o = d as Record<string, unknown>;
  return (
    typeof o.ruleId === 'string' && Array.isArray(o.attack) && o.attack.every((a) => typeof a === 'string')
  );
}

function resourceOf(d: DiagnosticData): ResourceRef | undefined {
  const r = d.resource as unknown;
  if (r === null || typeof r !== 'object') return undefined;
  const o = r as Record<string, unknown>;
  if (typeof o.kind !== 'string' || typeof o.name !== 'string') return undefined;
  return {
    kind: o.kind,
    name: o.name,
    ...(typeof o.namespace === 'string' ? { namespace: o.namespace } : {}),
  };
}

/** `Deployment/web` (`Deployment/web in shop` with the namespace). */
export function resourceLabel(r: ResourceRef | undefined, withNamespace = false): string {
  if (!r) return '(no resource)';
  const name = `${r.kind}/${r.name || '(unnamed)'}`;
  return withNamespace && r.namespace !== undefined ? `${name} in ${r.namespace}` : name;
}

export class FindingsStore {
  private readonly byUri = new Map<string, Finding[]>();
  private readonly byId = new Map<string, Finding>();
  private readonly listeners = new Set<() => void>();
  private next = 0;

  /** Replaces a URI's findings with those among its published diagnostics (others, e.g. YAML syntax errors, are not findings). */
  set(uri: string, file: string, diagnostics: readonly DiagnosticLike[]): void {
    for (const f of this.byUri.get(uri) ?? []) this.byId.delete(f.id);
    const findings: Finding[] = [];
    for (const d of diagnostics) {
      if (!isData(d.data)) continue;
      const resource = resourceOf(d.data);
      const f: Finding = {
        id: `f${++this.next}`,
        uri,
        file,
        range: { start: { ...d.range.start }, end: { ...d.range.end } },
        severity: d.severity,
        message: d.message,
        ruleId: d.data.ruleId,
        attack: [...d.data.attack],
        ...(resource ? { resource } : {}),
      };
      findings.push(f);
      this.byId.set(f.id, f);
    }
    if (findings.length) this.byUri.set(uri, findings);
    else this.byUri.delete(uri);
    this.changed();
  }

  clear(): void {
    this.byUri.clear();
    this.byId.clear();
    this.changed();
  }

  /** Every finding, by file and then position. */
  all(): Finding[] {
    return [...this.byUri.values()]
      .flat()
      .sort(
        (a, b) =>
          (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
          a.range.start.line - b.range.start.line ||
          a.range.start.character - b.range.start.character,
      );
  }

  get(id: string): Finding | undefined {
    return this.byId.get(id);
  }

  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
