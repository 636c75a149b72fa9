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
export const WATCHED = ['**/*.{yaml,yml,json,tpl}', '**/{.gitignore,Kustomization}'];

/** A burst of changes on disk (a checkout) renders a root once. */
export const DISK_RENDER_DELAY_MS = 100;

const PROJECT_FILE = /^(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|\.gitignore)$/;

export interface WatcherDeps {
  documents: OpenDocuments;
  checker: Checker;
  published: PublishedDiagnostics;
  scanned: ScannedFiles;
  /** Config or project files changed: re-plan open documents, rescan if the workspace was scanned. */
  projectChanged(): void;
  /**
   * A file of a rendered source changed on disk (`null`: deleted): its root takes the disk's text and
   * renders again. Returns whether a root owns the file.
   */
  renderedChanged?(uri: string, deleted: boolean): boolean;
}

export function onWatchedFiles(d: WatcherDeps, changes: readonly FileEvent[]): void {
  let projectChanged = false;
  for (const c of changes) {
    const path = pathOf(c.uri);
    if (!path) continue;
    const name = basename(path);
    const open = d.documents.get(c.uri) !== undefined;
    // An open buffer is the truth for its own file; a chart's helpers are not manifests.
    const owned = !open && d.renderedChanged?.(c.uri, c.type === FileChangeType.Deleted) === true;
    if (owned && !isManifestPath(name)) continue;
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
    if (open) continue; // the live buffer is the truth for open documents
    if (!isManifestPath(name)) continue;
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
