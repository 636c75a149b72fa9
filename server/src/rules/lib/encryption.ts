import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { mapGet, seqStrings, type Field } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import { inGroup } from './config-file';

/** One provider item of an EncryptionConfiguration entry (`- aescbc: {...}`). */
export interface Provider {
  type: string;
  pair: Pair;
  body: YAMLMap | undefined;
  index: number;
}

export interface EncryptionEntry {
  map: YAMLMap;
  resources: { value: string; node: Scalar }[];
  providersField: Field | undefined;
  providers: Provider[];
  providersSeq: YAMLSeq | undefined;
}

/** Entries of `resources:` of an apiserver.config.k8s.io EncryptionConfiguration, in order. */
export function encryptionEntries(ctx: RuleContext): EncryptionEntry[] | undefined {
  if (!inGroup(ctx, 'apiserver.config.k8s.io')) return undefined;
  const top = mapGet(ctx.object.root, 'resources')?.value;
  if (!isSeq(top)) return [];
  const out: EncryptionEntry[] = [];
  for (const item of top.items) {
    if (!isMap(item)) continue;
    const providersField = mapGet(item, 'providers');
    const seq = isSeq(providersField?.value) ? providersField.value : undefined;
    const providers: Provider[] = [];
    seq?.items.forEach((p, index) => {
      if (!isMap(p)) return;
      const first = p.items[0];
      if (!isPair(first) || !isScalar(first.key)) return;
      providers.push({
        type: String(first.key.value),
        pair: first,
        body: isMap(first.value) ? first.value : undefined,
        index,
      });
    });
    out.push({
      map: item,
      resources: seqStrings(mapGet(item, 'resources')?.value),
      providersField,
      providers,
      providersSeq: seq,
    });
  }
  return out;
}

/** Whether a `resources` name covers core `secrets` (`secrets`, `*.` for the core group, `*.*`). */
export function coversSecrets(name: string): boolean {
  return name === 'secrets' || name === '*.' || name === '*.*';
}
