// Open documents: checked on open, while typing (debounced) or on save, and cleared on close. A
// file of a rendered source (a chart's template, values.yaml, _helpers.tpl, Chart.yaml) also
// renders its root again, with the buffer's text.
import type { Session } from '../session';

export function registerDocuments(session: Session): void {
  const { documents, checker, settings, rendered } = session;
  documents.onDidOpen((e) => {
    checker.schedule(e.document, 0);
    rendered.changed(e.document.uri, () => e.document.getText(), 0);
  });
  documents.onDidChangeContent((e) => {
    void settings.for(e.document.uri).then((s) => {
      if (s.run !== 'onType') return;
      checker.schedule(e.document, s.debounceMs);
      const current = documents.get(e.document.uri);
      // The text is read only for a file a rendered source owns (its whole string is built then).
      if (current) rendered.changed(current.uri, () => current.getText(), s.debounceMs);
    });
  });
  documents.onDidSave((e) => {
    checker.schedule(e.document, 0);
    rendered.changed(e.document.uri, () => e.document.getText(), 0);
  });
  documents.onDidClose((e) => {
    checker.closed(e.document.uri);
    // The copy takes the disk's text again (an unsaved buffer was thrown away).
    rendered.changed(e.document.uri, undefined, 0);
  });
}
