// Workspace events: the configuration changed, files changed on disk.
import { TrustNotification } from '../../protocol';
import type { Session } from '../session';
import { onWatchedFiles } from '../watchers';

export function registerWorkspace(session: Session): void {
  const { connection } = session;
  connection.onDidChangeConfiguration(() => session.configChanged());
  connection.onNotification(TrustNotification, () => {
    if (session.renderAllowed) return;
    session.renderAllowed = true;
    connection.console.info('the workspace is trusted: Helm charts are rendered');
    session.configChanged();
  });
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
