// `unknown-field` and `invalid-value` over real manifests: ../shared/corpus/real, every folder of
// ../shared/conformance, the repo's examples/ and the rules' docs examples, and the public charts of
// ../shared/charts rendered with real helm. Each finding is listed below as a real mistake of its file,
// with the reason; any other finding is a bug of the rules or of the field table.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../server/src/engine/config';
import { Engine, type Finding } from '../server/src/engine/run';
import { LineIndex } from '../server/src/engine/text';
import { NEWEST_KUBERNETES } from '../server/src/protocol';
import { rules } from '../server/src/rules';
import { invalidValue } from '../server/src/rules/invalid-value';
import { unknownField } from '../server/src/rules/unknown-field';
import { manifestFiles } from './support/files';
import { plainRender } from './support/helm';

const ROOT = join(__dirname, '..');
const SHARED = join(ROOT, '..', 'shared');
const FOLDERS = [
  'corpus/real',
  'conformance/pss',
  'conformance/peers',
  'conformance/kyverno-vpol',
  'conformance/attack',
];

interface Expected {
  /** `file:line:column`, the file relative to ../shared. */
  at: string;
  ruleId: string;
  messageId: string;
  why: string;
}

const STORAGE_CLASS = 'a StorageClass parameter of the provisioner, never a field of the volume source';
const RUN_AS_USER = 'runAsUser written on the container itself instead of its securityContext';
const SELECTOR = 'selector labels without matchLabels: apps/v1 takes a LabelSelector';
const KL = 'conformance/peers/kube-linter/tests/checks';
const POLARIS = 'conformance/peers/polaris/test/checks';
const PROTOCOL =
  'protocol `tcp`: validation accepts TCP, UDP and SCTP only, case-sensitive (validateContainerPorts)';

/** Real mistakes in the files: fields the API server drops. */
const EXPECTED: readonly Expected[] = [
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml:12:11',
    ruleId: 'invalid-value',
    messageId: 'invalidValue',
    why: PROTOCOL,
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/cinder/cinder-web.yaml:12:11',
    ruleId: 'invalid-value',
    messageId: 'invalidValue',
    why: PROTOCOL,
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/rbd/rbd.yaml:25:9',
    ruleId: 'unknown-field',
    messageId: 'unknown',
    why: STORAGE_CLASS,
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/rbd/rbd.yaml:26:9',
    ruleId: 'unknown-field',
    messageId: 'unknown',
    why: STORAGE_CLASS,
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/scaleio/pod.yaml:17:7',
    ruleId: 'unknown-field',
    messageId: 'misspelled',
    why: 'a misspelling of protectionDomain',
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/storageos/storageos-pod.yaml:35:9',
    ruleId: 'unknown-field',
    messageId: 'unknown',
    why: STORAGE_CLASS,
  },
  { at: `${KL}/non-isolated-pod.yml:26:5`, ruleId: 'unknown-field', messageId: 'unknown', why: SELECTOR },
  { at: `${KL}/non-isolated-pod.yml:58:5`, ruleId: 'unknown-field', messageId: 'unknown', why: SELECTOR },
  {
    at: `${KL}/run-as-non-root.yml:14:11`,
    ruleId: 'unknown-field',
    messageId: 'misplaced',
    why: RUN_AS_USER,
  },
  {
    at: `${KL}/run-as-non-root.yml:29:11`,
    ruleId: 'unknown-field',
    messageId: 'misplaced',
    why: RUN_AS_USER,
  },
  {
    at: `${KL}/run-as-non-root.yml:45:11`,
    ruleId: 'unknown-field',
    messageId: 'misplaced',
    why: RUN_AS_USER,
  },
  { at: `${KL}/run-as-non-root.yml:58:9`, ruleId: 'unknown-field', messageId: 'misplaced', why: RUN_AS_USER },
  {
    at: `${KL}/sensitive-host-mounts.yml:33:9`,
    ruleId: 'unknown-field',
    messageId: 'misplaced',
    why: RUN_AS_USER,
  },
  {
    at: `${KL}/writable-host-mount.yml:33:9`,
    ruleId: 'unknown-field',
    messageId: 'misplaced',
    why: RUN_AS_USER,
  },
  {
    at: `${POLARIS}/procMount/failure.yaml:15:7`,
    ruleId: 'invalid-value',
    messageId: 'invalidValue',
    why: 'procMount `Other`: validateProcMountType accepts Default and Unmasked only',
  },
  // The container-only fields Polaris and kube-score fixtures write in the pod securityContext are
  // reported by container-field-in-pod-security-context, not a second time here.
];

const engine = new Engine([unknownField, invalidValue], { cache: false });
const config = engineConfig({ profile: 'all', kubernetesVersion: NEWEST_KUBERNETES });

function check(text: string, name: string): { at: string; ruleId: string; messageId: string }[] {
  const lines = new LineIndex(text);
  return engine.check(text, config).findings.map((f: Finding) => {
    const p = lines.position(f.start);
    return { at: `${name}:${p.line + 1}:${p.character + 1}`, ruleId: f.ruleId, messageId: f.messageId };
  });
}

describe('unknown-field and invalid-value over real manifests', () => {
  it('report only the real mistakes of ../shared/corpus/real and ../shared/conformance', () => {
    const found: ReturnType<typeof check> = [];
    let files = 0;
    for (const folder of FOLDERS) {
      for (const file of manifestFiles(join(SHARED, folder), /\.ya?ml$/i)) {
        files++;
        found.push(...check(readFileSync(file, 'utf8'), relative(SHARED, file)));
      }
    }
    expect(files).toBeGreaterThan(700);
    expect(found).toEqual(EXPECTED.map(({ at, ruleId, messageId }) => ({ at, ruleId, messageId })));
  });

  it('report nothing on examples/ nor on any other rule’s docs example', () => {
    // examples/insecure/deployment.yaml writes `readOnlyRootFilesystem` in the pod securityContext on
    // purpose; container-field-in-pod-security-context reports it, and so does that rule's example.
    const found: ReturnType<typeof check> = [];
    for (const file of manifestFiles(join(ROOT, 'examples'), /\.ya?ml$/i)) {
      found.push(...check(readFileSync(file, 'utf8'), relative(ROOT, file)));
    }
    for (const rule of rules) {
      if (rule.id === unknownField.id || rule.id === invalidValue.id) continue;
      found.push(...check(rule.docs.example, `${rule.id} example`));
      found.push(...check(rule.docs.useInstead, `${rule.id} useInstead`));
    }
    expect(found).toEqual([]);
  });

  it.each([
    { chart: 'ingress-nginx', args: [] },
    { chart: 'ingress-nginx', args: ['-f', 'ci/controller-daemonset-metrics-values.yaml'] },
    { chart: 'metrics-server', args: [] },
    { chart: 'fluent-bit', args: [] },
    { chart: 'cert-manager', args: ['--set', 'crds.enabled=true'] },
  ])('report nothing on ../shared/charts/$chart rendered with helm $args', ({ chart, args }) => {
    const dir = join(SHARED, 'charts', chart);
    const rendered = plainRender(
      dir,
      args.map((a) => (a.startsWith('ci/') ? join(dir, a) : a)),
    );
    expect(rendered.length).toBeGreaterThan(1000);
    expect(check(rendered, chart)).toEqual([]);
  });
});
