// The declared Pod Security level of a Namespace tells which findings the cluster will actually reject.
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../server/src/engine/config';
import { Engine } from '../server/src/engine/run';
import { WorkspaceIndex } from '../server/src/engine/workspace-index';
import { findingText } from '../server/src/present/message';
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
  return (id: string) => r.findings.find((f) => f.ruleId === id);
}

describe('namespace Pod Security enforcement', () => {
  it('tells which findings a restricted namespace rejects', () => {
    const find = check('restricted');
    expect(find('host-network')?.enforcement).toEqual({ namespace: 'shop', level: 'restricted', pod: false });
    expect(find('run-as-non-root')?.enforcement).toEqual({
      namespace: 'shop',
      level: 'restricted',
      pod: false,
    });
  });

  it('a baseline namespace rejects baseline findings only', () => {
    const find = check('baseline');
    expect(find('host-network')?.enforcement?.level).toBe('baseline');
    expect(find('run-as-non-root')).toBeDefined();
    expect(find('run-as-non-root')?.enforcement).toBeUndefined();
  });

  it('says nothing for a privileged namespace or one not in the workspace', () => {
    expect(check('privileged')('host-network')?.enforcement).toBeUndefined();
    expect(check(undefined)('host-network')?.enforcement).toBeUndefined();
  });

  it('every presenter shows the enforcement after the rule text, then ATT&CK', () => {
    const f = check('restricted')('host-network');
    if (!f) throw new Error('no finding');
    expect(findingText(f)).toBe(
      `${f.message} Namespace "shop" enforces Pod Security "restricted": the API server will reject the pods it creates. ATT&CK: T1611 Escape to Host; T1046 Network Service Discovery.`,
    );
  });
});
