// Measures agreement with test suites nobody here wrote (../shared/conformance): Pod Security Admission's
// own fixtures, and the kube-linter, kubesec, Polaris and kube-score fixtures for the checks we share.
// Prints cases / agreements / disagreements per source; `--write` also writes docs/accuracy.md.
// Fails when a PSA fixture disagrees, peer agreement is below 95%, or a disagreement has no written reason.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineConfig } from '../server/src/engine/config';
import { Engine, type Finding } from '../server/src/engine/run';
import { splitChunks } from '../server/src/engine/parse';
import { WorkspaceIndex } from '../server/src/engine/workspace-index';
import type { Profile } from '../server/src/protocol';
import { rules } from '../server/src/rules/index';
import { PEER_CHECKS, REASONS } from './conformance-map';
import { KYVERNO_VPOL, runSuite, suites, type ConformanceCase } from '../test/kyverno-conformance';

const shared = join(__dirname, '..', '..', 'shared', 'conformance');
const ruleIds = new Set(rules.map((r) => r.id));
const engine = new Engine(rules, { cache: false });

export interface Case {
  source: string;
  file: string;
  object?: string;
  check: string;
  expected: 'pass' | 'fail';
  got: 'pass' | 'fail';
  detail: string;
}

/** Checks one fixture file as the CLI does: the file is indexed first, so cross-file rules see its other objects. */
function run(text: string, profile: Profile, version?: string): { findings: Finding[]; syntax: number } {
  const index = new WorkspaceIndex();
  index.update('fixture.yaml', text);
  const r = engine.check(
    text,
    engineConfig({ profile, ...(version ? { kubernetesVersion: version } : {}) }),
    index,
    'fixture.yaml',
  );
  return { findings: r.findings, syntax: r.syntax.length };
}

/** The peers' agreement target; reported, with every disagreement explained, but a peer's bug is not ours to copy. */
const PEER_TARGET = 95;

/** Pod Security Admission's `OverrideCheckIDs`: baseline check → the restricted check that replaces it. */
const OVERRIDES: Record<string, string> = {
  capabilities_baseline: 'capabilities_restricted',
  seccompProfile_baseline: 'seccompProfile_restricted',
  hostPathVolumes: 'restrictedVolumes',
  procMount: 'procMount_restricted',
};

interface PssEntry {
  file: string;
  level: 'baseline' | 'restricted';
  version: string;
  check: string;
  verdict: 'pass' | 'fail';
  reportedAs?: string;
}

function pss(): Case[] {
  const dir = join(shared, 'pss');
  const entries = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as PssEntry[];
  return entries.map((e) => {
    const { findings, syntax } = run(readFileSync(join(dir, e.file), 'utf8'), e.level, e.version);
    const pssFindings = findings.filter((f) => f.pss);
    let got: 'pass' | 'fail';
    let detail: string;
    if (e.verdict === 'fail') {
      const accepted = new Set([e.check, e.reportedAs].filter(Boolean));
      // PSA's OverrideCheckIDs: at restricted, the restricted check replaces its baseline counterpart.
      if (e.level === 'restricted')
        for (const [b, r] of Object.entries(OVERRIDES)) if (accepted.has(r)) accepted.add(b);
      const hit = pssFindings.filter((f) => f.pss && accepted.has(f.pss.check));
      got = hit.length > 0 ? 'fail' : 'pass';
      detail =
        hit.length > 0
          ? hit.map((f) => `${f.ruleId}(${f.pss?.check ?? ''})`).join(', ')
          : `no finding with check ${[...accepted].join('/')}; got ${pssFindings.map((f) => f.pss?.check).join(', ') || 'nothing'}`;
    } else {
      got = pssFindings.length > 0 || syntax > 0 ? 'fail' : 'pass';
      detail =
        pssFindings.map((f) => `${f.ruleId}(${f.pss?.check ?? ''}) ${f.message}`).join('; ') || 'clean';
    }
    return { source: 'pss', file: e.file, check: e.check, expected: e.verdict, got, detail };
  });
}

interface PeerEntry {
  file: string;
  check: string;
  verdict: 'pass' | 'fail';
  objects?: { doc: number; kind: string; name: string; verdict: 'pass' | 'fail' }[];
}

/** Findings of `ids` in document `doc` (0-based `---` document) of a text. */
function inDoc(text: string, findings: readonly Finding[], doc: number): Finding[] {
  const chunks = splitChunks(text).filter((c) =>
    /\S/.test(c.text.replace(/^---.*$/m, '').replace(/#.*$/gm, '')),
  );
  const c = chunks[doc];
  if (!c) return [];
  return findings.filter((f) => f.start >= c.start && f.start < c.end);
}

function peers(): Case[] {
  const out: Case[] = [];
  for (const [source, map] of Object.entries(PEER_CHECKS)) {
    const dir = join(shared, 'peers', source);
    const entries = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as PeerEntry[];
    for (const e of entries) {
      const spec = map[e.check];
      if (!spec) continue; // not a check we share
      const ids = spec.rules.filter((id) => ruleIds.has(id));
      if (ids.length === 0) continue;
      const text = readFileSync(join(dir, e.file), 'utf8');
      const all = run(text, 'all').findings.filter(
        (f) =>
          ids.includes(f.ruleId) &&
          (!spec.when || spec.when(f)) &&
          (!spec.kinds || spec.kinds.includes(f.object.kind)),
      );
      if (e.objects && spec.perObject !== false) {
        for (const o of e.objects) {
          const hits = inDoc(text, all, o.doc);
          out.push({
            source,
            file: e.file,
            object: `${o.kind}/${o.name}`,
            check: e.check,
            expected: o.verdict,
            got: hits.length > 0 ? 'fail' : 'pass',
            detail: hits.map((f) => f.ruleId).join(', ') || 'no finding',
          });
        }
      } else {
        out.push({
          source,
          file: e.file,
          check: e.check,
          expected: e.verdict,
          got: all.length > 0 ? 'fail' : 'pass',
          detail: all.map((f) => f.ruleId).join(', ') || 'no finding',
        });
      }
    }
  }
  return out;
}

export function measure(): Case[] {
  return [...pss(), ...peers()];
}

function key(c: Case): string {
  return `${c.source}:${c.file}${c.object ? `#${c.object}` : ''}`;
}

/**
 * Kyverno's own ValidatingPolicy suites (`kyverno-vpol`): every verdict Kubeward gives must agree with
 * Kyverno's; policies it does not evaluate are counted, with the reason, never passed.
 */
function kyverno(): { lines: string[]; doc: string[]; failed: boolean } {
  if (!existsSync(KYVERNO_VPOL)) return { lines: ['kyverno-vpol: not found'], doc: [], failed: true };
  const rows: { name: string; agree: number; disagree: number; skipped: number; reason: string }[] = [];
  const all: ConformanceCase[] = [];
  for (const dir of suites()) {
    const cases = runSuite(dir);
    all.push(...cases);
    const skipped = cases.filter((c) => c.got === 'not-evaluated' || c.got === 'missing');
    const agree = cases.filter((c) => c.got === c.expected).length;
    const disagree = cases.length - agree - skipped.length;
    rows.push({
      name: dir.split('/').slice(-2).join('/'),
      agree,
      disagree,
      skipped: skipped.length,
      reason: skipped[0]?.reason ?? cases.find((c) => c.got !== c.expected)?.reason ?? '',
    });
  }
  const agree = all.filter((c) => c.got === c.expected).length;
  const notEvaluated = all.filter((c) => c.got === 'not-evaluated').length;
  const missing = all.filter((c) => c.got === 'missing').length;
  const disagree = all.length - agree - notEvaluated - missing;
  const lines = [
    `kyverno-vpol policies ${String(rows.length).padStart(3)}  verdicts ${all.length}  agree ${agree}  disagree ${disagree}  not evaluated ${notEvaluated}  resource missing ${missing}`,
    ...all
      .filter((c) => c.got !== c.expected && c.got !== 'not-evaluated' && c.got !== 'missing')
      .map(
        (c) =>
          `  DISAGREE ${c.suite} ${c.kind}/${c.resource}: expected ${c.expected}, got ${c.got} (${c.reason ?? ''})`,
      ),
  ];
  const cell = (t: string): string => t.replace(/\|/g, '/').replace(/\n/g, ' ');
  const doc = [
    '## Admission policies: Kyverno ValidatingPolicy suites',
    '',
    `The \`admission-policy\` rule's evaluator against Kyverno's own CLI tests (\`../shared/conformance/kyverno-vpol\`, ${rows.length} policies): each expected verdict (pass, fail, skip) compared with Kubeward's. Every verdict Kubeward gives must agree (\`npm run conformance\` fails otherwise); a policy it does not evaluate is counted as not evaluated, with the reason.`,
    '',
    '| Verdicts | Agree | Disagree | Not evaluated | Resource not in the shared copy |',
    '|---|---|---|---|---|',
    `| ${all.length} | ${agree} | ${disagree} | ${notEvaluated} | ${missing} |`,
    '',
    '| Policy | Agree | Disagree | Not evaluated (or resource missing) | Reason |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.name}\` | ${r.agree} | ${r.disagree} | ${r.skipped} | ${r.skipped + r.disagree > 0 ? cell(r.reason) : ''} |`,
    ),
    '',
  ];
  return { lines, doc, failed: disagree > 0 };
}

function main(): void {
  if (!existsSync(shared)) {
    process.stderr.write(`conformance: ${shared} not found (../shared must be beside the project)\n`);
    process.exit(2);
  }
  const cases = measure();
  const sources = [...new Set(cases.map((c) => c.source))];
  const lines: string[] = [];
  let failed = false;
  const unexplained: Case[] = [];
  const table = ['| Source | Cases | Agreements | Disagreements | Agreement |', '|---|---|---|---|---|'];
  let peerCases = 0;
  let peerAgree = 0;
  for (const s of sources) {
    const cs = cases.filter((c) => c.source === s);
    const agree = cs.filter((c) => c.expected === c.got).length;
    const pct = ((100 * agree) / cs.length).toFixed(1);
    lines.push(
      `${s.padEnd(12)} cases ${String(cs.length).padStart(4)}  agreements ${String(agree).padStart(4)}  disagreements ${String(cs.length - agree).padStart(3)}  (${pct}%)`,
    );
    table.push(`| ${s} | ${cs.length} | ${agree} | ${cs.length - agree} | ${pct}% |`);
    if (s === 'pss') {
      if (agree !== cs.length) failed = true;
    } else {
      peerCases += cs.length;
      peerAgree += agree;
    }
    for (const c of cs) if (c.expected !== c.got && !REASONS[key(c)]) unexplained.push(c);
  }
  const overall = peerCases === 0 ? 100 : (100 * peerAgree) / peerCases;
  lines.push(`peers overall: ${peerAgree}/${peerCases} (${overall.toFixed(1)}%)`);
  table.push(
    `| peers overall | ${peerCases} | ${peerAgree} | ${peerCases - peerAgree} | ${overall.toFixed(1)}% |`,
  );
  const targetMet = overall >= PEER_TARGET;
  lines.push(
    `peer agreement target ${PEER_TARGET}%: ${targetMet ? 'met' : `NOT met (${overall.toFixed(1)}%); every disagreement has a written reason below`}`,
  );
  const kv = kyverno();
  lines.push(...kv.lines);
  if (kv.failed) failed = true;
  process.stdout.write(`${lines.join('\n')}\n`);
  const disagreements = cases.filter((c) => c.expected !== c.got);
  for (const c of disagreements) {
    process.stdout.write(
      `  ${c.expected === 'fail' ? 'missed' : 'extra '} ${key(c)} [${c.check}] ${c.detail}${REASONS[key(c)] ? '' : '  (NO REASON WRITTEN)'}\n`,
    );
  }
  if (process.argv.includes('--write')) {
    const doc = [
      '<!-- generated by `npm run conformance -- --write`; reasons live in scripts/conformance-map.ts -->',
      '# Accuracy against test suites nobody here wrote',
      '',
      'Measured by `npm run conformance` (also part of `npm test`) over `../shared/conformance`: the Kubernetes Pod Security Admission fixtures (v1.37), and the kube-linter, kubesec, Polaris and kube-score fixtures for every check we share. Pod Security fixtures run under `--profile` of their level; peer fixtures under `--profile all`. For kube-linter, each object of a file is compared on its own.',
      '',
      ...table,
      '',
      targetMet
        ? `The peer agreement target (${PEER_TARGET}%) is met.`
        : `The peer agreement target (${PEER_TARGET}%) is **not met**: ${overall.toFixed(1)}%. Most of the gap is Polaris exempting objects by name (\`gce:\`, default role names), Polaris asking for NetworkPolicy rules where the NetworkPolicy API already isolates the pod, and Polaris accepting capability drops without the literal \`ALL\` the Pod Security Standards require. Copying those would make Kubeward agree with a peer and disagree with Kubernetes.`,
      '',
      '## Every disagreement, with the reason',
      '',
      '| Case | Peer check | Expected | Kubeward | Why |',
      '|---|---|---|---|---|',
      ...disagreements.map(
        (c) =>
          `| \`${key(c)}\` | ${c.check} | ${c.expected} | ${c.got} (${c.detail.replace(/\|/g, '/')}) | ${REASONS[key(c)] ?? '**no reason written**'} |`,
      ),
      '',
      ...kv.doc,
    ].join('\n');
    writeFileSync(join(__dirname, '..', 'docs', 'accuracy.md'), doc);
  }
  if (unexplained.length > 0) {
    process.stderr.write(
      `conformance: ${unexplained.length} disagreement(s) without a written reason (scripts/conformance-map.ts)\n`,
    );
    failed = true;
  }
  if (failed) {
    process.stderr.write(
      'conformance: FAILED (every PSA fixture and every Kyverno verdict given must agree; every peer disagreement needs a written reason)\n',
    );
    process.exit(1);
  }
  process.stdout.write('conformance: ok\n');
}

if (require.main === module) main();
