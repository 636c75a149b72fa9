import { isMap, type YAMLMap } from 'yaml';
import { mapGet, scalarString, type Field } from '../../engine/node';
import type { RuleContext } from '../../engine/rule';
import { apiGroup } from '../../engine/workload';
import { mapItems } from './util';

/** A PodSecurityConfiguration: inline in an AdmissionConfiguration's PodSecurity plugin, or a file of its own. */
export interface PodSecurityConfig {
  map: YAMLMap;
  /** The key that owns the configuration (`configuration:`), absent for a standalone file. */
  owner: Field | undefined;
}

export function podSecurityConfigs(ctx: RuleContext): PodSecurityConfig[] {
  const o = ctx.object;
  if (o.kind === 'PodSecurityConfiguration') {
    return apiGroup(o.apiVersion) === 'pod-security.admission.config.k8s.io'
      ? [{ map: o.root, owner: undefined }]
      : [];
  }
  if (o.kind !== 'AdmissionConfiguration') return [];
  const g = apiGroup(o.apiVersion);
  if (g !== 'apiserver.config.k8s.io' && g !== 'apiserver.k8s.io') return [];
  const out: PodSecurityConfig[] = [];
  for (const { map } of mapItems(mapGet(o.root, 'plugins'))) {
    if (scalarString(mapGet(map, 'name')?.value) !== 'PodSecurity') continue;
    // A plugin configured through `path:` lives in another file, which that file's own check covers.
    const conf = mapGet(map, 'configuration');
    if (conf && isMap(conf.value)) out.push({ map: conf.value, owner: conf });
  }
  return out;
}
