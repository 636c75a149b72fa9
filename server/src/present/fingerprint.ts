// A finding's fingerprint: what a baseline records and SARIF's `partialFingerprints` carry. It names the
// rule, the object (kind, namespace, name), the field path in the object and the file, never a line
// number, so it survives edits elsewhere in the file.
import { createHash } from 'node:crypto';
import type { Finding } from '../engine/run';

/** What a fingerprint is made of; a baseline entry shows them so a reviewer can read it. */
export interface FingerprintFields {
  ruleId: string;
  /** As the output shows it: relative to the working directory, `/`-separated. */
  file: string;
  kind: string;
  namespace: string;
  name: string;
  /** The field path in the object (see `engine/path.ts`). */
  path: string;
}

/** The fields of a finding's fingerprint, for a finding in the file shown as `file`. */
export function fingerprintFields(file: string, f: Finding): FingerprintFields {
  return {
    ruleId: f.ruleId,
    file,
    kind: f.object.kind,
    namespace: f.object.namespace ?? '',
    name: f.object.name,
    path: f.path,
  };
}

/** SARIF `partialFingerprints` key of {@link fingerprint}. */
export const FINGERPRINT_KEY = 'kubewardFinding/v1';

/** 32 hex digits (SHA-256) of the fields, in a fixed order. */
export function fingerprint(x: FingerprintFields): string {
  const canonical = JSON.stringify([x.ruleId, x.file, x.kind, x.namespace, x.name, x.path]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The fingerprint of a finding in the file shown as `file`. */
export function findingFingerprint(file: string, f: Finding): string {
  return fingerprint(fingerprintFields(file, f));
}
