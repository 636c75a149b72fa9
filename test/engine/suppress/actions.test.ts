// The "Ignore … on this line / for this container / for this resource" code actions
// (server/src/engine/suppress/actions.ts builds their edits; server/src/service.ts offers them).
import { describe, expect, it } from 'vitest';
import { rules } from '../../../server/src/rules/index';
import { KubewardService } from '../../../server/src/service';
import { indexed } from '../../indexed';
import { cfg, check, POD } from '../../support/suppress';

describe('"Ignore" code actions', () => {
  const t = POD(
    [
      '  hostNetwork: true',
      '  containers:',
      '    - name: app',
      '      image: a:1',
      '      securityContext:',
      '        privileged: true',
      '',
    ].join('\n'),
  );
  function actionsFor(text: string, ruleId: string, snippets: boolean) {
    const svc = new KubewardService({ rules: rules, snippets });
    const checked = svc.validate('file:///w/a.yaml', 1, text, cfg());
    const d = checked.diagnostics.find((x) => x.code === ruleId);
    if (!d) throw new Error(`no ${ruleId}`);
    return svc
      .codeActions('file:///w/a.yaml', { range: d.range, context: { diagnostics: [d] } })
      .filter((a) => a.title.startsWith('Ignore'));
  }
  function apply(
    text: string,
    a: {
      edit?: {
        changes?: Record<
          string,
          { range: { start: { line: number; character: number } }; newText: string }[]
        >;
      };
    },
  ): string {
    const edits = Object.values(a.edit?.changes ?? {})[0] ?? [];
    const lines = text.split('\n');
    for (const e of [...edits].reverse()) {
      const l = lines[e.range.start.line] ?? '';
      const at = e.range.start.character;
      lines[e.range.start.line] = l.slice(0, at) + e.newText + l.slice(at);
    }
    return lines.join('\n');
  }
  it('offers line, container and annotation; each one suppresses the finding', () => {
    const acts = actionsFor(t, 'privileged-container', false);
    expect(acts.map((a) => a.title)).toEqual([
      'Ignore privileged-container on this line',
      'Ignore privileged-container for container "app"',
      'Ignore privileged-container for this resource (annotation)',
    ]);
    const [line, container, annotation] = acts.map((a) => apply(t, a as never));
    expect(line).toContain(
      '      securityContext:\n        # kubeward-disable-next-line privileged-container\n        privileged: true',
    );
    expect(container).toContain(
      '  containers:\n    # kubeward-disable-next-line privileged-container\n    - name: app',
    );
    expect(annotation).toContain(
      'metadata:\n  name: web\n  annotations:\n    kubeward.dev/ignore.privileged-container: ""\n',
    );
    for (const [text, how] of [
      [line, 'comment-line'],
      [container, 'comment-container'],
      [annotation, 'annotation'],
    ] as const) {
      const c = check(text ?? '');
      expect(c.suppressed).toContain(`privileged-container ${how} -`);
      // No reason was written, so one is asked for.
      expect(c.meta.map((m) => m.ruleId)).toEqual(['suppression-without-reason']);
    }
  });
  it('uses snippets with a reason placeholder when the client takes them', () => {
    const svc = new KubewardService({ rules: rules, snippets: true });
    const checked = svc.validate('file:///w/a.yaml', 1, t, cfg());
    const d = checked.diagnostics.find((x) => x.code === 'host-network');
    const acts = svc
      .codeActions('file:///w/a.yaml', { range: d!.range, context: { diagnostics: [d!] } })
      .filter((a) => a.title.startsWith('Ignore'));
    const change = acts[0]?.edit?.documentChanges?.[0] as { edits: { snippet?: { value: string } }[] };
    expect(change.edits[0]?.snippet?.value).toBe(
      '  # kubeward-disable-next-line host-network -- ${1:reason}\n',
    );
  });
  it('adds to existing annotations and keeps the file’s style (flow map, CRLF)', () => {
    const text = POD(
      '  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n',
      '  name: web\n  annotations: {team: a}\n',
    ).replace(/\n/g, '\r\n');
    const svc = new KubewardService({ rules: rules });
    const checked = svc.validate('u', 1, text, cfg());
    const d = checked.diagnostics.find((x) => x.code === 'host-network')!;
    const a = svc
      .codeActions('u', { range: d.range, context: { diagnostics: [d] } })
      .find((x) => x.title.includes('annotation'));
    const e = a?.edit?.changes?.u?.[0];
    expect(e?.newText).toBe(', kubeward.dev/ignore.host-network: ""');
    const line = svc
      .codeActions('u', { range: d.range, context: { diagnostics: [d] } })
      .find((x) => x.title.includes('line'));
    expect(line?.edit?.changes?.u?.[0]?.newText).toBe('  # kubeward-disable-next-line host-network\r\n');
  });
  it("name the admission policy of a policy's finding; each suppresses that policy only", () => {
    const policy = (name: string) =>
      [
        'apiVersion: admissionregistration.k8s.io/v1',
        'kind: ValidatingAdmissionPolicy',
        `metadata: { name: ${name} }`,
        'spec:',
        '  matchConstraints:',
        "    resourceRules: [{ apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }]",
        "  validations: [{ expression: '!object.spec.?hostNetwork.orValue(false)' }]",
        '---',
        'apiVersion: admissionregistration.k8s.io/v1',
        'kind: ValidatingAdmissionPolicyBinding',
        `metadata: { name: ${name} }`,
        `spec: { policyName: ${name}, validationActions: [Deny] }`,
        '',
      ].join('\n');
    const index = indexed(policy('no-host-network'), policy('audit-host-network'));
    const text = POD('  hostNetwork: true\n  containers:\n    - name: app\n      image: a:1\n');
    const svc = new KubewardService({ rules: rules, snippets: false });
    const denials = (t: string) =>
      svc
        .validate('file:///w/a.yaml', 1, t, cfg(), index)
        .diagnostics.filter((x) => x.code === 'admission-policy');
    const policyOf = (x: { message: string | { value: string } }) =>
      /"([a-z-]+)", binding/.exec(typeof x.message === 'string' ? x.message : x.message.value)?.[1];
    const d = denials(text).find((x) => policyOf(x) === 'no-host-network');
    if (!d) throw new Error('no finding of no-host-network');
    const acts = svc
      .codeActions('file:///w/a.yaml', { range: d.range, context: { diagnostics: [d] } })
      .filter((a) => a.title.startsWith('Ignore'));
    expect(acts.map((a) => a.title)).toEqual([
      'Ignore admission-policy/no-host-network on this line',
      'Ignore admission-policy/no-host-network for this resource (annotation)',
    ]);
    const [line, annotation] = acts.map((a) => apply(text, a as never));
    expect(line).toContain(
      '  # kubeward-disable-next-line admission-policy/no-host-network\n  hostNetwork: true',
    );
    expect(annotation).toContain(
      '  annotations:\n    kubeward.dev/ignore.admission-policy.no-host-network: ""\n',
    );
    for (const t of [line, annotation]) {
      // The other policy's finding stays.
      expect(denials(t ?? '').map(policyOf)).toEqual(['audit-host-network']);
    }
  });
  it('is not offered for meta findings or strict rules', () => {
    const text = POD(`  # kubeward-disable-next-line host-pid -- r\n  hostNetwork: true\n  containers: []\n`);
    expect(actionsFor(text, 'unused-suppression', false)).toEqual([]);
    const svc = new KubewardService({ rules: rules });
    const checked = svc.validate('u', 1, t, cfg({ strict: ['host-network'] }));
    const d = checked.diagnostics.find((x) => x.code === 'host-network')!;
    expect(
      svc
        .codeActions('u', { range: d.range, context: { diagnostics: [d] } })
        .filter((a) => a.title.startsWith('Ignore')),
    ).toEqual([]);
  });
  it('marks unused suppressions as unnecessary code', () => {
    const svc = new KubewardService({ rules: rules });
    const text = POD(`  # kubeward-disable-next-line host-pid -- r\n  hostNetwork: true\n  containers: []\n`);
    const d = svc.validate('u', 1, text, cfg()).diagnostics.find((x) => x.code === 'unused-suppression');
    expect(d?.tags).toEqual([1]);
  });
});
