// LSP wiring only: the connection and its documents, the session that holds the server's state
// (lsp/session.ts), and one handler module per concern (lsp/handlers/).
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { ChunkedDocument } from './lsp/chunked-document';
import { registerCommands } from './lsp/handlers/commands';
import { registerDocuments } from './lsp/handlers/documents';
import { registerLanguage } from './lsp/handlers/language';
import { registerLifecycle } from './lsp/handlers/lifecycle';
import { registerWorkspace } from './lsp/handlers/workspace';
import { Session } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(ChunkedDocument);
const session = new Session(connection, documents);

registerLifecycle(session);
registerDocuments(session);
registerLanguage(session);
registerCommands(session);
registerWorkspace(session);

documents.listen(connection);
connection.listen();
