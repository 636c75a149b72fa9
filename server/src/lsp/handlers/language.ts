// Code actions and hover, answered from the findings of the document version the client sees.
import type { Session } from '../session';

export function registerLanguage(session: Session): void {
  const { connection, documents, service } = session;
  /** The document, if its findings were computed on the version the client has: offsets of another are wrong. */
  const current = (uri: string): boolean => {
    const doc = documents.get(uri);
    return doc !== undefined && service.get(uri)?.version === doc.version;
  };
  connection.onCodeAction((params) =>
    current(params.textDocument.uri) ? service.codeActions(params.textDocument.uri, params) : [],
  );
  connection.onHover((params) =>
    current(params.textDocument.uri) ? service.hover(params.textDocument.uri, params.position) : null,
  );
}
