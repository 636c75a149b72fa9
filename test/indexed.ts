import { WorkspaceIndex } from '../server/src/engine/workspace-index';

/** A workspace index holding the given files (`file:///0.yaml`, `file:///1.yaml`, …), for cross-file rule cases. */
export function indexed(...files: string[]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  files.forEach((text, i) => index.update(`file:///${String(i)}.yaml`, text));
  return index;
}
