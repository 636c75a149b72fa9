// "Kubeward: Fix All in File": one WorkspaceEdit with every safe fix, or with every fix after the
// editor shows what will change.
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import type { Checked, KubewardService } from '../service';

/** `safe`: the fixes fix-all on save applies; `all`: unsafe ones too, confirmed by the user first. */
export type FixAllMode = 'safe' | 'all';

const UNSAFE_ANNOTATION = 'kubeward-unsafe';

/**
 * The edit that applies every wanted fix of a checked document, or undefined when there is none.
 * Unsafe fixes may change how workloads run: with `all`, the edit carries a change annotation that
 * needs confirmation, so the editor shows what will change (VS Code's refactor preview) first.
 */
export function fixAllEdit(
  service: KubewardService,
  checked: Checked,
  mode: FixAllMode,
): { edit: WorkspaceEdit; count: number } | undefined {
  const edits = service.fixAllEdits(
    checked,
    () => true,
    (fx) => mode === 'all' || fx.safety === 'safe',
  );
  if (edits.length === 0) return undefined;
  const textEdits = service.textEdits(checked, edits);
  if (mode === 'safe') return { edit: { changes: { [checked.uri]: textEdits } }, count: edits.length };
  return {
    count: edits.length,
    edit: {
      documentChanges: [
        {
          textDocument: { uri: checked.uri, version: checked.version },
          edits: textEdits.map((e) => ({ ...e, annotationId: UNSAFE_ANNOTATION })),
        },
      ],
      changeAnnotations: {
        [UNSAFE_ANNOTATION]: {
          label: 'Kubeward: fix all, including unsafe fixes',
          needsConfirmation: true,
          description: 'Unsafe fixes may take away something the workload relies on; review before applying.',
        },
      },
    },
  };
}
