// Files that changed on disk (the client's file watchers): config and project files re-plan every
// document; closed manifests the scan covered are checked again; deleted ones leave the index.
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { isManifestPath } from '../discover';
import { isConfigFileName } from '../project-config';
import { pathOf, type Checker, type OpenDocuments, type ScannedFiles } from './checker';
import type { PublishedDiagnostics } from './published';

/** Glob patterns the server asks the client to watch. */
export const WATCHED = ['**/*.{yaml,yml,json}', '**/{.gitignore,Kustomization}'];

const PROJECT_FILE = /^(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|\.gitignore)$/;

export interface WatcherDeps {
  documents: OpenDocuments;
  checker: Checker;
  published: PublishedDiagnostics;
  scanned: ScannedFiles;
  /** Config or project files changed: re-plan open documents, rescan if the workspace was scanned. */
  projectChanged(): void;
}

export function onWatchedFiles(d: WatcherDeps, changes: readonly FileEvent[]): void {
  let projectChanged = false;
  for (const c of changes) {
    const path = pathOf(c.uri);
    if (!path) continue;
    const name = basename(path);
    if (isConfigFileName(name) || PROJECT_FILE.test(name)) {
      projectChanged = true;
      if (isConfigFileName(name) && !d.documents.get(c.uri)) {
        if (c.type === FileChangeType.Deleted) d.published.publish(c.uri, []);
        else
          void fsp.readFile(path, 'utf8').then(
            (t) => d.published.publish(c.uri, d.checker.configDiagnostics(path, t)),
            () => undefined,
          );
      }
      if (!isManifestPath(name) || isConfigFileName(name)) continue;
    }
    if (d.documents.get(c.uri)) continue; // the live buffer is the truth for open documents
    if (/(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(path)) continue;
    if (c.type === FileChangeType.Deleted) {
      if (d.scanned.has(c.uri) || d.published.has(c.uri)) d.checker.forgetFile(c.uri);
      else d.checker.reindex(c.uri, undefined);
    } else if (d.scanned.hasRun || d.scanned.has(c.uri)) {
      void d.checker.recheckDisk(c.uri);
    }
  }
  if (projectChanged) d.projectChanged();
}
