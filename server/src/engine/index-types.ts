import type { K8sObject } from './parse';

/** An object of another file (or another document of this one), as the workspace index records it. */
export interface IndexedObject {
  uri: string;
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string | undefined;
  /** Plain data of the parts cross-file rules read (labels, selectors, rules, roleRef, …). */
  data: Record<string, unknown>;
}

/**
 * What cross-file rules may look up: objects from all files of the workspace (or the CLI's inputs).
 * `WorkspaceIndex` (workspace-index.ts) is the index that implements it.
 */
export interface IndexLookup {
  /** Version that changes whenever an indexed object changes; cached results depend on it. */
  readonly version: number;
  find(kind: string, namespace: string | undefined, name: string): IndexedObject | undefined;
  all(kind: string): readonly IndexedObject[];
  /** Every kind with objects in the index (for admission policy params, whose kind the policy names). */
  kinds?(): readonly string[];
}

export const EMPTY_INDEX: IndexLookup = {
  version: 0,
  find: () => undefined,
  all: () => [],
};

export type { K8sObject };
