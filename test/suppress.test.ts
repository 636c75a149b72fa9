import { describe, expect, it } from 'vitest';
import { engineConfig, type ConfigException, type EngineConfig } from '../server/src/engine/config';
import { applyEdits, snippetDefaults } from '../server/src/engine/fix';
import type { Rule } from '../server/src/engine/rule';
import { Engine } from '../server/src/engine/run';
import { parseDirectiveLine, splitUntil } from '../server/src/engine/suppress/grammar';
import { yaml } from '../server/src/engine/yaml-tag';
import { rules } from '../server/src/rules/index';
import { suppressionExpired } from '../server/src/rules/suppression-expired';
import { suppressionNotAllowed } from '../server/src/rules/suppression-not-allowed';
import { suppressionWithoutReason } from '../server/src/rules/suppression-without-reason';
import { unusedSuppression } from '../server/src/rules/unused-suppression';
import { KubewardService } from '../server/src/service';

const META = [unusedSuppression, suppressionWithoutReason, suppressionExpired, suppressionNotAllowed];
/** The registry plus the meta rules (once, whether or not the registry lists them yet). */
const ALL_RULES: Rule[] = [...rules, ...META.filter((m) => !rules.some((r) => r.id === m.id))];

function cfg(over: Partial<EngineConfig> = {}): EngineConfig {
  return { ...engineConfig({ profile: 'all' }), today: '2026-06-01', ...over };
}

function check(
  text: string,
  over: Partial<EngineConfig> = {},
  file?: string,
  engine = new Engine(ALL_RULES),
) {
  const r = engine.check(text, cfg(over), undefined, file);
  return {
    r,
    ids: r.findings.map((f) => f.ruleId),
    suppressed: r.suppressed.map(
      (s) => `${s.finding.ruleId} ${s.how} ${s.reason ?? '-'}${s.until ? ` ${s.until}` : ''}`,
    ),
    meta: r.findings.filter((f) => META.some((m) => m.id === f.ruleId)),
  };
}

const POD = (spec: string, meta = '  name: web\n'): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n${meta}spec:\n${spec}`;

const HOSTNET = POD(`  hostNetwork: true\n  containers:\n    - name: app\n      image: a:1\n`);

describe('directive grammar', () => {
  it('parses ids, reason and expiry', () => {
    const p = parseDirectiveLine(
      '  # kubeward-disable-next-line host-network, host-pid -- CNI agent until 2027-03-01',
    );
    expect(p?.kind).toBe('disable-next-line');
    expect(p?.rules.map((r) => r.id)).toEqual(['host-network', 'host-pid']);
    expect(p?.reason).toBe('CNI agent');
    expect(p?.until).toBe('2027-03-01');
    expect(p?.hash).toBe(2);
  });
  it('accepts blank-separated ids, no reason, expiry without reason', () => {
    const p = parseDirectiveLine('#kubeward-disable a b until 2027-01-31');
    expect(p?.kind).toBe('disable');
    expect(p?.rules.map((r) => r.id)).toEqual(['a', 'b']);
    expect(p?.reason).toBeUndefined();
    expect(p?.until).toBe('2027-01-31');
  });
  it('keeps an invalid date in the reason and an empty `--` as no reason', () => {
    expect(parseDirectiveLine('# kubeward-disable x -- wait until 2027-02-30')?.until).toBeUndefined();
    expect(parseDirectiveLine('# kubeward-disable x -- wait until 2027-02-30')?.reason).toBe(
      'wait until 2027-02-30',
    );
    expect(parseDirectiveLine('# kubeward-disable x --')?.reason).toBeUndefined();
  });
  it('is not fooled by look-alikes', () => {
    expect(parseDirectiveLine('# kubeward-disabled x')).toBeUndefined();
    expect(parseDirectiveLine('a: 1 # kubeward-disable-next-line x')).toBeUndefined();
    expect(parseDirectiveLine('# kubeward-disable-next-line')?.rules).toEqual([]);
  });
  it('splits an annotation value', () => {
    expect(splitUntil('legacy  until 2027-03-01 ')).toEqual({ rest: 'legacy', until: '2027-03-01' });
    expect(splitUntil('until 2027-03-01')).toEqual({ rest: '', until: '2027-03-01' });
  });
});

describe('comment suppressions', () => {
  it('next-line: suppresses the finding on the next line and records how and why', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-network -- CNI agent\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    );
    const c = check(t);
    expect(c.ids).not.toContain('host-network');
    expect(c.suppressed).toContain('host-network comment-line CNI agent');
    expect(c.meta).toEqual([]);
  });
  it('next-line: covers only the next line; stacked directives all apply', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-pid -- x\n  # kubeward-disable-next-line host-network -- y\n  hostNetwork: true\n  hostPID: true\n  containers: [{name: app, image: a:1}]\n`,
    );
    const c = check(t);
    expect(c.ids).toContain('host-pid');
    expect(c.suppressed).toContain('host-network comment-line y');
    // host-pid reports on the line after, so its directive is unused.
    expect(c.meta.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([
      'unused-suppression: Unused suppression: `host-pid` reports nothing on the next line.',
    ]);
  });
  it('container: a directive above `- name:` covers every finding in that container only', () => {
    const t = POD(
      [
        '  containers:',
        '    # kubeward-disable-next-line privileged-container, capabilities-not-dropped -- device plugin',
        '    - name: dev',
        '      image: a:1',
        '      securityContext:',
        '        privileged: true',
        '    - name: other',
        '      image: a:1',
        '      securityContext:',
        '        privileged: true',
        '',
      ].join('\n'),
    );
    const c = check(t);
    expect(c.suppressed).toContain('privileged-container comment-container device plugin');
    expect(c.suppressed).toContain('capabilities-not-dropped comment-container device plugin');
    expect(c.r.findings.filter((f) => f.ruleId === 'privileged-container').map((f) => f.message)).toEqual([
      expect.stringContaining('"other"'),
    ]);
    expect(c.meta).toEqual([]);
  });
  it('document: `kubeward-disable` before the first key covers the document, and only it', () => {
    const t = `# kubeward-disable host-network -- node agent\n${HOSTNET}---\n${HOSTNET}`;
    const c = check(t);
    expect(c.suppressed.filter((s) => s.startsWith('host-network comment-document'))).toHaveLength(1);
    expect(c.ids.filter((i) => i === 'host-network')).toHaveLength(1);
    const second = c.r.findings.find((f) => f.ruleId === 'host-network');
    expect(second?.start).toBeGreaterThan(t.indexOf('---'));
  });
  it('document: a comment after `---` and a comment-only stretch before `---` both count', () => {
    expect(check(`---\n# kubeward-disable host-network -- a\n${HOSTNET}`).suppressed).toContain(
      'host-network comment-document a',
    );
    expect(check(`# kubeward-disable host-network -- b\n---\n${HOSTNET}`).suppressed).toContain(
      'host-network comment-document b',
    );
  });
  it('document: anywhere but the top it has no effect and says so', () => {
    const t = HOSTNET.replace('spec:\n', 'spec:\n  # kubeward-disable host-network -- late\n');
    const c = check(t);
    expect(c.ids).toContain('host-network');
    expect(c.meta.map((m) => m.ruleId)).toEqual(['unused-suppression']);
    expect(c.meta[0]?.message).toContain('before the first key');
  });
  it('a `#` line inside a block scalar is text, not a directive', () => {
    const t = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  s: |\n    # kubeward-disable-next-line host-network\n    x\n---\n${HOSTNET}`;
    const c = check(t);
    expect(c.meta).toEqual([]);
    expect(c.ids).toContain('host-network');
  });
  it('CRLF text: directives work and the removal fix takes the whole line', () => {
    const t = POD(
      `  # kubeward-disable-next-line host-pid -- x\n  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
    ).replace(/\n/g, '\r\n');
    const c = check(t);
    const unused = c.meta.find((m) => m.ruleId === 'unused-suppression');
    expect(unused).toBeDefined();
    const fixed = applyEdits(t, unused?.fixes[0]?.edits ?? []);
    expect(fixed).toBe(t.replace('  # kubeward-disable-next-line host-pid -- x\r\n', ''));
    const t2 = t.replace('host-pid', 'host-network');
    expect(check(t2).suppressed).toContain('host-network comment-line x');
  });
});

describe('annotations', () => {
  it('on the object metadata', () => {
    const t = POD(
      `  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
      `  name: web\n  annotations:\n    kubeward.dev/ignore.host-network: "CNI agent"\n`,
    );
    expect(check(t).suppressed).toContain('host-network annotation CNI agent');
  });
  it('on the pod template metadata of a Deployment and a CronJob', () => {
    const dep = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        template:
          metadata:
            annotations:
              kubeward.dev/ignore.host-network: "node exporter"
          spec:
            hostNetwork: true
            containers: [{name: app, image: a:1}]
    `;
    expect(check(dep).suppressed).toContain('host-network annotation node exporter');
    const cron = yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: c}
      spec:
        jobTemplate:
          spec:
            template:
              metadata: {annotations: {kubeward.dev/ignore.host-network: "backup agent until 2027-01-01"}}
              spec:
                hostNetwork: true
                containers: [{name: app, image: a:1}]
    `;
    expect(check(cron).suppressed).toContain('host-network annotation backup agent 2027-01-01');
  });
  it('an empty or `"true"` value suppresses but asks for a reason; turning the requirement off silences that', () => {
    for (const v of ['""', '"true"']) {
      const t = POD(
        `  hostNetwork: true\n  containers: [{name: app, image: a:1}]\n`,
        `  name: web\n  annotations:\n    kubeward.dev/ignore.host-network: ${v}\n`,
      );
      const c = check(t);
      expect(c.suppressed).toContain('host-network annotation -');
      expect(c.meta.map((m) => m.ruleId)).toEqual(['suppression-without-reason']);
      const fx = c.meta[0]?.fixes[0];
      expect(fx?.snippet).toBe(true);
      expect(applyEdits(t, fx?.edits ?? [])).toContain('kubeward.dev/ignore.host-network: "${1:reason}"');
      expect(check(t, { requireSuppressionReason: false }).meta).toEqual([]);
    }
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
    expect(c.meta[0]?.message).toContain('2026-05-31');
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
    expect(na?.message).toContain('the finding is still reported');
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
    expect(check(t).meta[0]?.message).toContain('`host-netwrk` is not a Kubeward rule');
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
    const engine = new Engine(ALL_RULES);
    const e = ex({ paths: ['charts/**'] });
    expect(check(ns, { exceptions: e }, 'charts/a.yaml', engine).suppressed).toHaveLength(1);
    expect(check(ns, { exceptions: e }, 'apps/a.yaml', engine).suppressed).toHaveLength(0);
    const t = POD(
      `  # kubeward-disable-next-line host-network -- r until 2026-06-01\n  hostNetwork: true\n  containers: []\n`,
    );
    expect(check(t, {}, undefined, engine).suppressed).toHaveLength(1);
    expect(check(t, { today: '2026-06-02' }, undefined, engine).suppressed).toHaveLength(0);
  });
});

describe('multi-document and List files', () => {
  it('keys stay unique and suppressed findings keep their own', () => {
    const t = `${HOSTNET}---\n# kubeward-disable host-network -- r\n${HOSTNET}`;
    const c = check(t);
    const keys = [...c.r.findings, ...c.r.suppressed.map((s) => s.finding)].map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(c.suppressed).toHaveLength(1);
  });
  it('an annotation on one item of a kind: List covers that item only', () => {
    const t = yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: a, annotations: {kubeward.dev/ignore.host-network: "r"}}
          spec: {hostNetwork: true, containers: [{name: app, image: a:1}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: b}
          spec: {hostNetwork: true, containers: [{name: app, image: a:1}]}
    `;
    const c = check(t);
    expect(c.suppressed).toEqual(['host-network annotation r']);
    expect(c.r.findings.filter((f) => f.ruleId === 'host-network').map((f) => f.object.name)).toEqual(['b']);
  });
});

describe('fixes near anchors and merge keys', () => {
  it('a fix inside an anchor that an alias reuses is not offered; an unshared anchor is fine', () => {
    const shared = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: one
            image: a:1
            securityContext: &sc
              privileged: true
          - name: two
            image: a:1
            securityContext: *sc
    `;
    const f = check(shared).r.findings.find((x) => x.ruleId === 'privileged-container');
    expect(f).toBeDefined();
    expect(f?.fixes).toEqual([]);
    const alone = shared.replace('securityContext: *sc', 'securityContext: {}');
    expect(
      check(alone).r.findings.find((x) => x.ruleId === 'privileged-container')?.fixes.length,
    ).toBeGreaterThan(0);
  });
  it('a fix inside a map with a `<<` merge key is not offered', () => {
    const t = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers:
          - name: one
            image: a:1
            securityContext:
              <<: {runAsUser: 1000}
              privileged: true
    `;
    expect(check(t).r.findings.find((x) => x.ruleId === 'privileged-container')?.fixes).toEqual([]);
  });
});

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
    const svc = new KubewardService({ rules: ALL_RULES, snippets });
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
    const svc = new KubewardService({ rules: ALL_RULES, snippets: true });
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
    const svc = new KubewardService({ rules: ALL_RULES });
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
  it('is not offered for meta findings or strict rules', () => {
    const text = POD(`  # kubeward-disable-next-line host-pid -- r\n  hostNetwork: true\n  containers: []\n`);
    expect(actionsFor(text, 'unused-suppression', false)).toEqual([]);
    const svc = new KubewardService({ rules: ALL_RULES });
    const checked = svc.validate('u', 1, t, cfg({ strict: ['host-network'] }));
    const d = checked.diagnostics.find((x) => x.code === 'host-network')!;
    expect(
      svc
        .codeActions('u', { range: d.range, context: { diagnostics: [d] } })
        .filter((a) => a.title.startsWith('Ignore')),
    ).toEqual([]);
  });
  it('marks unused suppressions as unnecessary code', () => {
    const svc = new KubewardService({ rules: ALL_RULES });
    const text = POD(`  # kubeward-disable-next-line host-pid -- r\n  hostNetwork: true\n  containers: []\n`);
    const d = svc.validate('u', 1, text, cfg()).diagnostics.find((x) => x.code === 'unused-suppression');
    expect(d?.tags).toEqual([1]);
  });
});

describe('meta rule docs examples', () => {
  for (const m of META) {
    it(`${m.id}: the example reports it, the fixed version does not`, () => {
      const over = m.id === 'suppression-not-allowed' ? { strict: ['privileged-container'] } : {};
      expect(check(m.docs.example, over).ids).toContain(m.id);
      expect(check(m.docs.useInstead, over).ids).not.toContain(m.id);
    });
  }
});

describe('fix-all and config-file exceptions', () => {
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
