// Open documents: checked on open, while typing (debounced) or on save, and cleared on close.
import type { Session } from '../session';

export function registerDocuments(session: Session): void {
  const { documents, checker, settings } = session;
  documents.onDidOpen((e) => checker.schedule(e.document, 0));
  documents.onDidChangeContent((e) => {
    void settings.for(e.document.uri).then((s) => {
      if (s.run === 'onType') checker.schedule(e.document, s.debounceMs);
    });
  });
  documents.onDidSave((e) => checker.schedule(e.document, 0));
  documents.onDidClose((e) => checker.closed(e.document.uri));
}
