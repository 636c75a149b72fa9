// The workspace's admission policies are built once per set of objects they come from, not once per
// index version: typing in a Role or a ServiceAccount changes the index but not one policy, and every
// index change compiled every policy's CEL again.
import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/src/engine/workspace-index';
import { yaml } from '../../server/src/engine/yaml-tag';
import { workspacePolicies } from '../../server/src/policies/workspace';
import { replicasPolicy, shopNamespace } from '../support/manifests';

const SERVICE_ACCOUNT = (name: string) => yaml`
  apiVersion: v1
  kind: ServiceAccount
  metadata: { name: ${name}, namespace: shop }
`;

describe('workspace policies across index versions', () => {
  it('keeps the built policies while only other objects change, and rebuilds when theirs do', () => {
    const index = new WorkspaceIndex();
    index.update('file:///policy.yaml', replicasPolicy('object.spec.replicas <= 3'));
    index.update('file:///ns.yaml', shopNamespace('prod'));
    index.update('file:///sa.yaml', SERVICE_ACCOUNT('web'));
    const first = workspacePolicies(index);
    expect(first.context.namespaceLabels?.get('shop')).toEqual({ env: 'prod' });

    // Renaming the ServiceAccount is a new index version with the same policy objects.
    const before = index.version;
    expect(index.update('file:///sa.yaml', SERVICE_ACCOUNT('web-2'))).toBe(true);
    expect(index.version).not.toBe(before);
    expect(workspacePolicies(index)).toBe(first);

    // A Namespace's labels are what bindings select by: rebuilt.
    index.update('file:///ns.yaml', shopNamespace('dev'));
    const relabelled = workspacePolicies(index);
    expect(relabelled).not.toBe(first);
    expect(relabelled.context.namespaceLabels?.get('shop')).toEqual({ env: 'dev' });

    // An edited policy: rebuilt, with the new expression.
    index.update('file:///policy.yaml', replicasPolicy('object.spec.replicas <= 10'));
    const edited = workspacePolicies(index);
    expect(edited).not.toBe(relabelled);
    expect(edited.evaluator).not.toBe(relabelled.evaluator);
  });
});
