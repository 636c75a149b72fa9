import { isSeq } from 'yaml';
import { mapGet } from './node';
import type { ReportBase } from './rule';
import type { PodView } from './workload';

/**
 * Whether a workload is a partial object on its face: its pod template has no `containers` list, which
 * the API server rejects, so it can only be a patch merged into a base (Kustomize strategic merge).
 * Containers without `image` are not taken as a sign: peer scanners' fixtures and hand-written
 * examples omit it on complete objects. Files named in a kustomization's `patches` are marked partial
 * by the caller through `EngineConfig.partial`.
 */
export function isPartialObject(pod: PodView | undefined): boolean {
  return pod !== undefined && !isSeq(mapGet(pod.spec, 'containers')?.value);
}

/** Whether a report is about an absent field: `missing: true`, or a span from `missingSpan`. */
export function isMissingReport(r: ReportBase): boolean {
  if (r.missing !== undefined) return r.missing;
  const at = r.at as { missing?: unknown };
  return at.missing === true;
}
