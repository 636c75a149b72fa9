// Workspace events: the configuration changed, files changed on disk.
import type { Session } from '../session';
import { onWatchedFiles } from '../watchers';

export function registerWorkspace(session: Session): void {
  const { connection } = session;
  connection.onDidChangeConfiguration(() => session.configChanged());
  connection.onDidChangeWatchedFiles((params) =>
    onWatchedFiles(
      {
        documents: session.documents,
        checker: session.checker,
        published: session.published,
        scanned: session.scanned,
        projectChanged: () => session.configChanged(),
      },
      params.changes,
    ),
  );
}
