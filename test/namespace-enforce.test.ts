// The declared Pod Security level of a Namespace tells which findings the cluster will actually reject.
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../server/src/engine/config';
import { Engine } from '../server/src/engine/run';
import { WorkspaceIndex } from '../server/src/engine/workspace-index';
import { rules } from '../server/src/rules/index';

const NS = (level: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;
const DEPLOY =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: web, image: web:1.0}]\n';

function check(nsLevel: string | undefined) {
  const index = new WorkspaceIndex();
  if (nsLevel) index.update('ns.yaml', NS(nsLevel));
  index.update('deploy.yaml', DEPLOY);
  const r = new Engine(rules, { cache: false }).check(
    DEPLOY,
    engineConfig({ profile: 'restricted' }),
    index,
    'deploy.yaml',
  );
  return (id: string) => r.findings.find((f) => f.ruleId === id)?.message ?? '';
}

describe('namespace Pod Security enforcement', () => {
  it('tells which findings a restricted namespace rejects', () => {
    const msg = check('restricted');
    expect(msg('host-network')).toContain(
      'Namespace "shop" enforces Pod Security "restricted": the API server will reject the pods it creates.',
    );
    expect(msg('run-as-non-root')).toContain('will reject');
  });

  it('a baseline namespace rejects baseline findings only', () => {
    const msg = check('baseline');
    expect(msg('host-network')).toContain('enforces Pod Security "baseline"');
    expect(msg('run-as-non-root')).not.toContain('will reject');
  });

  it('says nothing for a privileged namespace or one not in the workspace', () => {
    expect(check('privileged')('host-network')).not.toContain('will reject');
    expect(check(undefined)('host-network')).not.toContain('will reject');
  });
});
