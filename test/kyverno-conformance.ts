import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  PolicyEvaluator,
  readPolicies,
  sourceObjects,
  type AdmissionContext,
  type SourceObject,
} from '../server/src/policies/index';

/** The Kyverno ValidatingPolicy suites (read at run time, never copied into the repository). */
export const KYVERNO_VPOL = join(__dirname, '..', '..', 'shared', 'conformance', 'kyverno-vpol');

export type Expected = 'pass' | 'fail' | 'skip';

/** One expected verdict of a suite, and what Kubeward said. */
export interface ConformanceCase {
  suite: string;
  policy: string;
  kind: string;
  resource: string;
  expected: Expected;
  got: string;
  reason: string | undefined;
}

interface TestFile {
  policies?: string[];
  resources?: string[];
  variables?: string;
  results?: { policy: string; kind?: string; resources?: string[]; resource?: string; result: Expected }[];
}

function objectsOf(file: string): SourceObject[] {
  return existsSync(file) ? sourceObjects(readFileSync(file, 'utf8'), file) : [];
}

function contextOf(testDir: string, t: TestFile): AdmissionContext {
  const labels = new Map<string, Record<string, string>>();
  const namespaceObjects = new Map<string, SourceObject>();
  if (t.variables !== undefined) {
    const values = parseYaml(readFileSync(join(testDir, t.variables), 'utf8')) as {
      namespaces?: { metadata?: { name?: string; labels?: Record<string, string> } }[];
    };
    for (const ns of values.namespaces ?? []) {
      const name = ns.metadata?.name;
      if (name !== undefined) labels.set(name, ns.metadata?.labels ?? {});
    }
  }
  return { namespaceLabels: labels, namespaceObjects };
}

/** Evaluates every policy of a suite on every resource its test names, and pairs the verdicts. */
export function runSuite(dir: string): ConformanceCase[] {
  const testDir = join(dir, 'test');
  const t = parseYaml(readFileSync(join(testDir, 'kyverno-test.yaml'), 'utf8')) as TestFile;
  const policyObjects = (t.policies ?? []).flatMap((p) => objectsOf(join(testDir, p)));
  const evaluator = new PolicyEvaluator(readPolicies(policyObjects));
  const listed = (t.resources ?? []).map((r) => join(testDir, r));
  const files = listed.every((f) => existsSync(f))
    ? listed
    : readdirSync(testDir)
        .filter(
          (f) =>
            /\.ya?ml$/.test(f) &&
            !['kyverno-test.yaml', t.variables, 'context.yaml', 'userinfo.yaml'].includes(f),
        )
        .map((f) => join(testDir, f));
  const resources = files.flatMap((f) => objectsOf(f));
  const ctx = contextOf(testDir, t);
  const suite = dir.split('/').slice(-2).join('/');
  const cases: ConformanceCase[] = [];
  for (const r of t.results ?? []) {
    const names = r.resources ?? (r.resource === undefined ? [] : [r.resource]);
    for (const name of names) {
      const short = name.includes('/') ? (name.split('/').pop() ?? name) : name;
      const target = resources.find(
        (o) => o.object.name === short && (r.kind === undefined || o.object.kind === r.kind),
      );
      if (!target) {
        cases.push({
          suite,
          policy: r.policy,
          kind: r.kind ?? '',
          resource: name,
          expected: r.result,
          got: 'missing',
          reason: 'resource not found',
        });
        continue;
      }
      const outcomes = evaluator.evaluate(target, ctx).filter((o) => o.policy.name === r.policy);
      const verdicts = new Set(outcomes.map((o) => o.verdict));
      const got = verdicts.has('not-evaluated')
        ? 'not-evaluated'
        : verdicts.has('fail') || verdicts.has('error')
          ? 'fail'
          : verdicts.has('pass')
            ? 'pass'
            : 'skip';
      const reason =
        outcomes.find((o) => o.reason !== undefined)?.reason ??
        outcomes.flatMap((o) => o.findings.map((f) => f.message))[0];
      cases.push({
        suite,
        policy: r.policy,
        kind: r.kind ?? target.object.kind,
        resource: name,
        expected: r.result,
        got,
        reason,
      });
    }
  }
  return cases;
}

/** Every suite folder under {@link KYVERNO_VPOL}. */
export function suites(root = KYVERNO_VPOL): string[] {
  const out: string[] = [];
  for (const set of readdirSync(root, { withFileTypes: true })) {
    if (!set.isDirectory()) continue;
    for (const p of readdirSync(join(root, set.name), { withFileTypes: true })) {
      if (p.isDirectory() && existsSync(join(root, set.name, p.name, 'test', 'kyverno-test.yaml')))
        out.push(join(root, set.name, p.name));
    }
  }
  return out.sort();
}

export { dirname };
