// Applying suppressions (server/src/engine/suppress/apply.ts): which findings directives and config
// exceptions hide, and what the meta rules then report about each directive (message ids and data).
import { describe, expect, it } from 'vitest';
import type { ConfigException } from '../../../server/src/engine/config';
import { applyEdits, snippetDefaults } from '../../../server/src/engine/fix';
import { Engine } from '../../../server/src/engine/run';
import { findingText } from '../../../server/src/present/message';
import { rules } from '../../../server/src/rules/index';
import { META_RULE_IDS } from '../../../server/src/rules/lib/meta';
import { KubewardService } from '../../../server/src/service';
import { cfg, check, metaOf, POD } from '../../support/suppress';

describe('expiry', () => {
  const at = (until: string): string =>
    POD(
      `  # kubeward-disable-next-line host-network -- r until ${until}\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    );
  it('holds through its last day', () => {
    expect(check(at('2026-06-01')).suppressed).toEqual(['host-network comment-line r 2026-06-01']);
  });
  it('stops the day after, is reported, and is not also called unused', () => {
    const c = check(at('2026-05-31'));
    expect(c.suppressed).toEqual([]);
    expect(c.ids).toContain('host-network');
    expect(c.meta.map((m) => `${m.ruleId} ${m.severity}`)).toEqual(['suppression-expired warning']);
    expect(c.meta.map(metaOf)).toEqual([
      {
        ruleId: 'suppression-expired',
        messageId: 'expired',
        data: { rules: ['host-network'], until: '2026-05-31' },
      },
    ]);
  });
  it('an expired annotation stops suppressing and is reported; unused annotations can be removed', () => {
    const t = POD(
      `  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
      `  name: web\n  annotations:\n    kubeward.dev/ignore.host-network: "migrating until 2026-05-31"\n`,
    );
    const c = check(t);
    expect(c.ids).toContain('host-network');
    expect(c.meta.map((m) => m.ruleId)).toEqual(['suppression-expired']);
    const u = POD(
      `  containers: [{name: app, image: a:1}]\n`,
      `  name: web\n  annotations:\n    kubeward.dev/ignore.host-network: "x"\n`,
    );
    const cu = check(u);
    expect(cu.meta.map((m) => m.ruleId)).toEqual(['unused-suppression']);
    expect(applyEdits(u, cu.meta[0]?.fixes[0]?.edits ?? [])).toBe(
      POD(`  containers: [{name: app, image: a:1}]\n`),
    );
  });
});

describe('reasons', () => {
  const t = POD(
    `  # kubeward-disable-next-line host-network\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
  );
  it('a suppression without a reason still suppresses and is reported (info), with an add-reason snippet', () => {
    const c = check(t);
    expect(c.suppressed).toEqual(['host-network comment-line -']);
    expect(c.meta.map((m) => `${m.ruleId} ${m.severity}`)).toEqual(['suppression-without-reason info']);
    const fixed = applyEdits(t, c.meta[0]?.fixes[0]?.edits ?? []);
    expect(fixed).toContain('# kubeward-disable-next-line host-network -- ${1:reason}\n');
    expect(check(snippetDefaults(fixed)).meta).toEqual([]);
  });
  it('is configurable, and the meta rule can be turned off', () => {
    expect(check(t, { requireSuppressionReason: false }).meta).toEqual([]);
    expect(check(t, { rules: { 'suppression-without-reason': 'off' } }).meta).toEqual([]);
  });
});

describe('strict rules', () => {
  it('cannot be suppressed; the suppression is reported as having no effect', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-network, host-pid -- please\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    );
    const c = check(t, { strict: ['host-network'] });
    expect(c.ids).toContain('host-network');
    expect(c.suppressed).toEqual([]);
    const m = c.meta.map((x) => x.ruleId).sort();
    expect(m).toEqual(['suppression-not-allowed', 'unused-suppression']);
    const na = c.meta.find((x) => x.ruleId === 'suppression-not-allowed');
    expect(na && metaOf(na)).toEqual({
      ruleId: 'suppression-not-allowed',
      messageId: 'stillReported',
      data: { rules: ['host-network'] },
    });
    // Its fix drops only the strict id.
    expect(applyEdits(t, na?.fixes[0]?.edits ?? [])).toContain(
      '# kubeward-disable-next-line host-pid -- please',
    );
  });
  it('also beats annotations and config exceptions', () => {
    const t = POD(
      `  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
      `  name: web\n  annotations:\n    kubeward.dev/ignore.host-network: "x"\n`,
    );
    const c = check(t, { strict: ['host-network'], exceptions: [{ rules: ['*'], reason: 'vendor' }] });
    expect(c.ids).toContain('host-network');
    expect(c.suppressed.some((s) => s.startsWith('host-network'))).toBe(false);
  });
});

describe('unused suppressions', () => {
  it('are reported as hints; the fix drops only the unused ids', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-pid, host-network -- r\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    );
    const c = check(t);
    expect(c.meta.map((m) => `${m.ruleId} ${m.severity}`)).toEqual(['unused-suppression hint']);
    expect(t.slice(c.meta[0]?.start, c.meta[0]?.end)).toBe('host-pid');
    expect(applyEdits(t, c.meta[0]?.fixes[0]?.edits ?? [])).toContain(
      '# kubeward-disable-next-line host-network -- r\n',
    );
  });
  it('name unknown rule ids', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-netwrk -- r\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    );
    expect(check(t).meta.map(metaOf)).toEqual([
      {
        ruleId: 'unused-suppression',
        messageId: 'unused',
        data: { unknown: ['host-netwrk'], unused: [], how: 'comment-line' },
      },
    ]);
  });
  it('are never claimed for a rule the profile or settings do not run', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-network -- r\n  containers: [{name: app, image: a:1}]\n`,
    );
    expect(check(t).meta.map((m) => m.ruleId)).toEqual(['unused-suppression']);
    expect(check(t, { rules: { 'host-network': 'off' } }).meta).toEqual([]);
  });
  it('count a finding the profile hides as a use', () => {
    // capabilities-not-dropped is a Restricted rule: under the Baseline profile it runs but is not reported.
    const t = POD(
      `  containers:\n    # kubeward-disable-next-line capabilities-not-dropped -- legacy image\n    - name: app\n      image: a:1\n`,
    );
    const all = check(t);
    expect(all.suppressed).toContain('capabilities-not-dropped comment-container legacy image');
    const base = check(t, { profile: 'baseline' });
    expect(base.meta).toEqual([]);
    expect(base.suppressed).toEqual([]);
  });
  it('are not claimed in a Helm template or a document with syntax errors', () => {
    const helm = POD(
      `  # kubeward-disable-next-line host-network -- r\n  hostNetwork: {{ .Values.x }}\n  containers: []\n`,
    );
    expect(check(helm).meta).toEqual([]);
  });
});

describe('config-file exceptions', () => {
  const ns = POD(
    `  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    '  name: web\n  namespace: kube-system\n',
  );
  const ex = (e: Partial<ConfigException>): ConfigException[] => [
    { rules: ['host-network'], reason: 'vendor', ...e },
  ];
  it('match by path glob against the file given to check', () => {
    expect(check(ns, { exceptions: ex({ paths: ['charts/**'] }) }, 'charts/x/pod.yaml').suppressed).toEqual([
      'host-network config vendor',
    ]);
    expect(check(ns, { exceptions: ex({ paths: ['charts/**'] }) }, 'apps/pod.yaml').suppressed).toEqual([]);
    expect(check(ns, { exceptions: ex({ paths: ['charts/**'] }) }).suppressed).toEqual([]);
  });
  it('match by namespace, kind, name and `*`', () => {
    expect(check(ns, { exceptions: ex({ namespaces: ['kube-*'] }) }).suppressed).toHaveLength(1);
    expect(check(ns, { exceptions: ex({ namespaces: ['default'] }) }).suppressed).toHaveLength(0);
    expect(check(ns, { exceptions: ex({ kinds: ['Pod'], names: ['web'] }) }).suppressed).toHaveLength(1);
    expect(check(ns, { exceptions: ex({ kinds: ['Deployment'] }) }).suppressed).toHaveLength(0);
    expect(
      check(ns, { exceptions: [{ rules: ['*'], names: ['web'] }] }).ids.filter(
        (i) => !i.includes('suppression'),
      ),
    ).toEqual([]);
  });
  it('expire, and report their use per file', () => {
    const c = check(ns, { exceptions: ex({ until: '2026-05-01' }) });
    expect(c.suppressed).toEqual([]);
    expect(c.r.exceptionUse).toEqual([{ index: 0, suppressed: 0, expired: true }]);
    expect(check(ns, { exceptions: ex({}) }).r.exceptionUse).toEqual([
      { index: 0, suppressed: 1, expired: false },
    ]);
  });
  it('work with the per-chunk cache: the file and today are applied on every call', () => {
    const engine = new Engine(rules);
    const e = ex({ paths: ['charts/**'] });
    expect(check(ns, { exceptions: e }, 'charts/a.yaml', engine).suppressed).toHaveLength(1);
    expect(check(ns, { exceptions: e }, 'apps/a.yaml', engine).suppressed).toHaveLength(0);
    const t = POD(
      `  # kubeward-disable-next-line host-network -- r until 2026-06-01\n  hostNetwork: true\n  containers: []\n`,
    );
    expect(check(t, {}, undefined, engine).suppressed).toHaveLength(1);
    expect(check(t, { today: '2026-06-02' }, undefined, engine).suppressed).toHaveLength(0);
  });
  it('keeps path-based exceptions in every round of fix-all', () => {
    const svc = new KubewardService();
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: c:1\n';
    const config = cfg({
      profile: 'restricted',
      // Anchored at the config folder: matches the relative path, not the tail of the URI.
      exceptions: [{ rules: ['seccomp-profile-missing'], paths: ['/vendor/**'], reason: 'vendored' }],
    });
    const checked = svc.validate(
      'file:///repo/vendor/pod.yaml',
      1,
      text,
      config,
      undefined,
      'vendor/pod.yaml',
    );
    expect(checked.result.findings.some((f) => f.ruleId === 'seccomp-profile-missing')).toBe(false);
    const edits = svc.fixAllEdits(
      checked,
      () => true,
      (fx) => fx.safety === 'safe',
    );
    const fixed = applyEdits(text, edits);
    expect(fixed).toContain('allowPrivilegeEscalation: false');
    // The suppressed finding's safe fix must not sneak in on a later round.
    expect(fixed).not.toContain('seccompProfile');
  });
});

describe('the meta rules', () => {
  it('are the rules that judge suppressions', () => {
    expect(rules.filter((r) => r.checkSuppressions !== undefined).map((r) => r.id)).toEqual(
      expect.arrayContaining([...META_RULE_IDS]),
    );
    expect(rules.filter((r) => r.checkSuppressions !== undefined)).toHaveLength(META_RULE_IDS.length);
  });
  const t = POD(
    `  # kubeward-disable-next-line host-pid -- r\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
  );
  it('report under every profile, with their ATT&CK, shown without the ATT&CK suffix', () => {
    for (const profile of ['baseline', 'restricted', 'recommended', 'all'] as const) {
      const m = check(t, { profile }).meta;
      expect(m.map((f) => `${f.ruleId} ${f.attack.join()}`)).toEqual(['unused-suppression T1562.001']);
      expect(findingText(m[0]!)).toBe(m[0]?.message);
    }
  });
  it('cannot be suppressed: naming one in a suppression is naming no rule', () => {
    const c = check(`# kubeward-disable unused-suppression -- keep\n${t}`);
    expect(c.meta.map(metaOf)).toEqual([
      {
        ruleId: 'unused-suppression',
        messageId: 'unused',
        data: { unknown: ['unused-suppression'], unused: [], how: 'comment-document' },
      },
      {
        ruleId: 'unused-suppression',
        messageId: 'unused',
        data: { unknown: [], unused: ['host-pid'], how: 'comment-line' },
      },
    ]);
  });
  it('a crash in one is an internal error, not a thrown check', () => {
    const broken = {
      ...rules.find((r) => r.id === 'unused-suppression')!,
      checkSuppressions() {
        throw new Error('boom');
      },
    };
    const r = new Engine([broken]).check(t, cfg());
    expect(r.internalErrors).toEqual([expect.stringContaining('unused-suppression: Error: boom')]);
  });
});
