// Evaluates the Kyverno ValidatingPolicy suites (../shared/conformance/kyverno-vpol) with Kubeward's
// admission-policy evaluator and prints, per policy, how many expected verdicts it agrees with, how many
// it contradicts and how many it did not evaluate (with the reason). Exits non-zero on any disagreement.
import { runSuite, suites, type ConformanceCase } from '../test/kyverno-conformance';

const all: ConformanceCase[] = [];
const rows: string[] = [];
for (const dir of suites()) {
  const cases = runSuite(dir);
  all.push(...cases);
  const agree = cases.filter((c) => c.got === c.expected).length;
  const skipped = cases.filter((c) => c.got === 'not-evaluated');
  const missing = cases.filter((c) => c.got === 'missing').length;
  const disagree = cases.length - agree - skipped.length - missing;
  const name = dir.split('/').slice(-2).join('/');
  const note =
    skipped[0]?.reason ?? (disagree > 0 ? cases.find((c) => c.got !== c.expected)?.reason : '') ?? '';
  rows.push(
    `${name.padEnd(80)} ${String(agree).padStart(5)} ${String(disagree).padStart(8)} ${String(skipped.length).padStart(13)}  ${note}`,
  );
}
console.log(
  `${'policy'.padEnd(80)} ${'agree'.padStart(5)} ${'disagree'.padStart(8)} ${'not evaluated'.padStart(13)}  reason`,
);
for (const r of rows) console.log(r);
const agree = all.filter((c) => c.got === c.expected).length;
const notEvaluated = all.filter((c) => c.got === 'not-evaluated').length;
const missing = all.filter((c) => c.got === 'missing').length;
const disagree = all.length - agree - notEvaluated - missing;
console.log(
  `\n${all.length} verdicts: ${agree} agree, ${disagree} disagree, ${notEvaluated} not evaluated, ${missing} without their resource file in the shared copy`,
);
for (const c of all.filter((x) => x.got !== x.expected && x.got !== 'not-evaluated' && x.got !== 'missing')) {
  console.log(
    `DISAGREE ${c.suite} ${c.kind}/${c.resource}: expected ${c.expected}, got ${c.got} (${c.reason ?? ''})`,
  );
}
process.exitCode = disagree > 0 ? 1 : 0;
