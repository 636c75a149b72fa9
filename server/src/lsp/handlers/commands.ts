// The server's commands (`workspace/executeCommand`): the workspace scan and fix all in file.
import { ServerCommands } from '../../protocol';
import { fixAllEdit, type FixAllMode } from '../fix-all';
import type { Session } from '../session';

export function registerCommands(session: Session): void {
  const { connection, documents, service } = session;
  connection.onExecuteCommand(async (params, token) => {
    if (params.command === ServerCommands.scanWorkspace) {
      if (session.scan.folders.length === 0) return { files: 0, findings: 0, skipped: 0, cancelled: false };
      return session.scan.run(token);
    }
    if (params.command === ServerCommands.fixAllInFile) {
      const uri = params.arguments?.[0] as string | undefined;
      const mode = (params.arguments?.[1] as FixAllMode | undefined) ?? 'safe';
      const checked = uri ? service.get(uri) : undefined;
      if (!checked || checked.version !== (uri ? documents.get(uri)?.version : undefined))
        return { applied: false };
      const fix = fixAllEdit(service, checked, mode);
      if (!fix) return { applied: false, count: 0 };
      const r = await connection.workspace.applyEdit({ label: 'Kubeward: fix all', edit: fix.edit });
      return { applied: r.applied, count: fix.count };
    }
    return undefined;
  });
}
