// Code actions and hover, answered from the findings of the document version the client sees, and
// from a rendered source's findings placed in it while its text is the one they were placed on.
import type { Session } from '../session';

export function registerLanguage(session: Session): void {
  const { connection, documents, service, rendered } = session;
  /** The document, if its findings were computed on the version the client has: offsets of another are wrong. */
  const current = (uri: string): boolean => {
    const doc = documents.get(uri);
    return doc !== undefined && service.get(uri)?.version === doc.version;
  };
  connection.onCodeAction((params) => {
    const uri = params.textDocument.uri;
    return [...(current(uri) ? service.codeActions(uri, params) : []), ...rendered.codeActions(uri, params)];
  });
  connection.onCodeActionResolve((action) => service.resolveCodeAction(action));
  connection.onHover((params) => {
    const uri = params.textDocument.uri;
    const own = current(uri) ? service.hover(uri, params.position) : null;
    return own ?? rendered.hover(uri, params.position);
  });
}
