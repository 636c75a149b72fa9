// In-process stand-ins for the parts of the LSP connection the server's state objects use.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';
import { Checker, ScannedFiles, type OpenDocuments } from '../../server/src/lsp/checker';
import { ChunkedDocument } from '../../server/src/lsp/chunked-document';
import { PublishedDiagnostics } from '../../server/src/lsp/published';
import { SettingsStore } from '../../server/src/lsp/settings';
import { WorkspaceIndex } from '../../server/src/engine/workspace-index';
import { Project } from '../../server/src/project';
import type { Settings, StatusParams } from '../../server/src/protocol';
import { rules } from '../../server/src/rules/index';
import { KubewardService } from '../../server/src/service';

/** Open documents as the server holds them (chunked, lsp/chunked-document.ts). */
export class Docs implements OpenDocuments {
  private readonly docs = new Map<string, TextDocument>();
  open(uri: string, text: string, version = 1): TextDocument {
    const d = ChunkedDocument.create(uri, 'yaml', version, text);
    this.docs.set(uri, d);
    return d;
  }
  close(uri: string): void {
    this.docs.delete(uri);
  }
  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }
  all(): TextDocument[] {
    return [...this.docs.values()];
  }
}

/** The server's state objects over an in-memory client that answers settings per URI. */
export function state(settingsOf: (uri: string) => Partial<Settings> = () => ({})) {
  const sent: { uri: string; diagnostics: Diagnostic[]; version?: number }[] = [];
  const statuses: StatusParams[] = [];
  const asked: string[] = [];
  const documents = new Docs();
  const settings = new SettingsStore({
    getConfiguration: (item) => {
      asked.push(`${item.section} ${item.scopeUri}`);
      return Promise.resolve(item.section === 'kubeward' ? settingsOf(item.scopeUri) : {});
    },
  });
  settings.pull = true;
  const published = new PublishedDiagnostics({
    sendDiagnostics: (p) => sent.push(p),
    sendStatus: (p) => statuses.push(p),
  });
  const service = new KubewardService();
  const index = new WorkspaceIndex();
  const project = new Project([], new Set(rules.map((r) => r.id)));
  const scanned = new ScannedFiles();
  const logs: string[] = [];
  const log = { info: (m: string) => logs.push(m), error: (m: string) => logs.push(`error: ${m}`) };
  const checker = new Checker({ documents, service, index, project, settings, published, scanned, log });
  /** The last diagnostics sent for a URI. */
  const last = (uri: string) => sent.filter((p) => p.uri === uri).at(-1);
  return {
    sent,
    statuses,
    asked,
    documents,
    settings,
    published,
    service,
    index,
    project,
    scanned,
    logs,
    log,
    checker,
    last,
  };
}
