/**
 * The CIS Kubernetes Benchmark rules over realistic files in test/fixtures/cis (issue 9). `kubeadm/` holds the static Pod
 * manifests, kubelet and kube-proxy configuration kubeadm v1.31 writes (reproduced from kubeadm's
 * output, not copied from a repository); `docs/` holds the examples of the Kubernetes documentation
 * (kubernetes/website: audit-policy.yaml, the EncryptionConfiguration of encrypt-data.md, the
 * AdmissionConfiguration of enforce-standards-admission-controller.md and the kind tutorial,
 * podsecurity-*.yaml); `hardened/` holds the same files fixed, which must pass clean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { engineConfig } from '../server/src/engine/config';
import type { Rule } from '../server/src/engine/rule';
import { Engine } from '../server/src/engine/run';
import { LineIndex } from '../server/src/engine/text';
import { rules } from '../server/src/rules/index';
import { CIS_URL } from '../server/src/rules/lib/cis';

/** The CIS rules: every rule that cites the benchmark (the registry, not a second list to keep). */
const CIS_RULES: readonly Rule[] = rules.filter((r) => r.docs.references.includes(CIS_URL));

const DIR = join(__dirname, 'fixtures', 'cis');
const run = (text: string) =>
  new Engine(CIS_RULES, { cache: false }).check(text, engineConfig({ profile: 'all' }));

/** `[rule id, line, column]` of every finding, 1-based. */
function found(file: string): [string, number, number][] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const r = run(text);
  expect(r.internalErrors).toEqual([]);
  const lines = new LineIndex(text);
  return r.findings.map((f) => {
    const p = lines.position(f.start);
    return [f.ruleId, p.line + 1, p.character + 1];
  });
}

describe('CIS rules on upstream files', () => {
  it('covers the 31 rules of issue 9, each citing a benchmark section', () => {
    expect(CIS_RULES).toHaveLength(31);
    for (const r of CIS_RULES) expect(r.docs.whatItDoes).toMatch(/§\d/);
  });

  it('kubeadm kube-apiserver.yaml', () => {
    expect(found('kubeadm/kube-apiserver.yaml')).toEqual([
      ['apiserver-anonymous-auth', 14, 5],
      ['apiserver-audit-log', 14, 5],
      ['apiserver-audit-log', 14, 5],
      ['apiserver-encryption-config', 14, 5],
      ['apiserver-kubelet-ca', 14, 5],
      ['control-plane-profiling', 14, 5],
    ]);
  });
  it('kubeadm kube-controller-manager.yaml', () => {
    expect(found('kubeadm/kube-controller-manager.yaml')).toEqual([['control-plane-profiling', 12, 5]]);
  });
  it('kubeadm kube-scheduler.yaml', () => {
    expect(found('kubeadm/kube-scheduler.yaml')).toEqual([['control-plane-profiling', 12, 5]]);
  });
  it('kubeadm etcd.yaml passes', () => {
    expect(found('kubeadm/etcd.yaml')).toEqual([]);
  });
  it('kubeadm kubelet config.yaml (streamingConnectionIdleTimeout: 0s is defaulted to 4h)', () => {
    expect(found('kubeadm/kubelet-config.yaml')).toEqual([
      ['kubelet-protect-kernel-defaults', 28, 1],
      ['kubelet-server-tls-bootstrap', 28, 1],
    ]);
  });
  it('kubeadm KubeProxyConfiguration passes (empty metricsBindAddress is 127.0.0.1:10249)', () => {
    expect(found('kubeadm/kube-proxy-config.yaml')).toEqual([]);
  });
  it('docs EncryptionConfiguration', () => {
    expect(found('docs/encryption-config.yaml')).toEqual([
      ['encryption-config-secrets-not-encrypted', 18, 9],
      ['encryption-config-inline-keys', 22, 15],
      ['encryption-config-inline-keys', 24, 15],
      ['encryption-config-inline-keys', 28, 15],
      ['encryption-config-inline-keys', 30, 15],
      ['encryption-config-inline-keys', 34, 15],
      ['encryption-config-weak-provider', 42, 9],
      ['encryption-config-inline-keys', 45, 13],
      ['encryption-config-weak-provider', 49, 9],
      ['encryption-config-inline-keys', 52, 13],
    ]);
  });
  it('docs audit-policy.yaml (ConfigMap bodies in kube-system)', () => {
    expect(found('docs/audit-policy.yaml')).toEqual([['audit-policy-sensitive-resources', 43, 3]]);
  });
  it('docs AdmissionConfiguration (privileged defaults)', () => {
    expect(found('docs/admission-config.yaml')).toEqual([['pod-security-admission-defaults', 19, 7]]);
  });
  it('docs cluster-level PSS for kind (baseline, kube-system exempt)', () => {
    expect(found('docs/cluster-level-pss.yaml')).toEqual([['pod-security-admission-exemptions', 18, 7]]);
  });
  it('docs podsecurity-baseline.yaml passes; podsecurity-privileged.yaml fires', () => {
    expect(found('docs/podsecurity-baseline.yaml')).toEqual([]);
    expect(found('docs/podsecurity-privileged.yaml')).toEqual([['namespace-pod-security-enforce', 8, 7]]);
  });
});

describe('hardened versions pass clean', () => {
  it('kube-apiserver.yaml', () => {
    expect(found('hardened/kube-apiserver.yaml')).toEqual([]);
  });
  it('kube-controller-manager.yaml', () => {
    expect(found('hardened/kube-controller-manager.yaml')).toEqual([]);
  });
  it('kube-scheduler.yaml', () => {
    expect(found('hardened/kube-scheduler.yaml')).toEqual([]);
  });
  it('kubelet-config.yaml', () => {
    expect(found('hardened/kubelet-config.yaml')).toEqual([]);
  });
  it('encryption-config.yaml', () => {
    expect(found('hardened/encryption-config.yaml')).toEqual([]);
  });
  it('audit-policy.yaml', () => {
    expect(found('hardened/audit-policy.yaml')).toEqual([]);
  });
  it('admission-config.yaml', () => {
    expect(found('hardened/admission-config.yaml')).toEqual([]);
  });
  it('namespace.yaml', () => {
    expect(found('hardened/namespace.yaml')).toEqual([]);
  });
  it('every hardened file still parses', () => {
    for (const f of ['kube-apiserver', 'kubelet-config', 'audit-policy', 'encryption-config']) {
      const docs = parseAllDocuments(readFileSync(join(DIR, 'hardened', `${f}.yaml`), 'utf8'));
      expect(docs.flatMap((d) => ('errors' in d ? d.errors : []))).toEqual([]);
    }
  });
});
