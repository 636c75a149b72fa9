// The open-document checker in process: publishes for the current version only, checks through the
// pipeline with the file's project config, clears on close, and re-checks dependants.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { tempTree } from '../support/files';
import { pod, PRIVILEGED_POD } from '../support/manifests';
import { state } from './support';

const root = tempTree('kubeward-checker-', {
  'quiet/.kubeward.yaml': 'rules:\n  privileged-container: off\n',
  'quiet/pod.yaml': PRIVILEGED_POD,
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const codes = (p: { diagnostics: { code?: unknown }[] } | undefined) =>
  (p?.diagnostics ?? []).map((d) => String(d.code));

describe('Checker', () => {
  it('publishes the findings of the current version, with its version', async () => {
    const s = state();
    const uri = 'file:///w/pod.yaml';
    const v1 = s.documents.open(uri, PRIVILEGED_POD, 1);
    await s.checker.validate(v1);
    expect(s.last(uri)?.version).toBe(1);
    expect(codes(s.last(uri))).toContain('privileged-container');
    // A version the client no longer has is not published.
    s.documents.open(uri, pod(false), 2);
    await s.checker.validate(v1);
    expect(s.sent.filter((p) => p.uri === uri)).toHaveLength(1);
  });

  it("notes once that a document with template syntax is not checked; the file's other documents are", async () => {
    const s = state();
    const uri = 'file:///w/mixed.yaml';
    const templated = PRIVILEGED_POD.replace('name: p', 'name: {{ .Values.name }}');
    const note = `${uri}: documents with template syntax ({{ }}) are not checked`;
    await s.checker.validate(s.documents.open(uri, `${templated}---\n${PRIVILEGED_POD}`, 1));
    expect(s.logs).toEqual([note]);
    // The plain Pod is checked; the templated one is not.
    expect(codes(s.last(uri)).filter((c) => c === 'privileged-container')).toHaveLength(1);
    await s.checker.validate(s.documents.open(uri, `${templated}---\n${pod(false)}`, 2));
    expect(s.logs).toEqual([note]);
    const plain = 'file:///w/plain.yaml';
    await s.checker.validate(s.documents.open(plain, PRIVILEGED_POD, 1));
    expect(s.logs).toEqual([note]);
  });

  it('applies the nearest .kubeward.yaml and reports the config file itself with its problems', async () => {
    const s = state();
    s.project.roots = [root];
    const uri = pathToFileURL(join(root, 'quiet', 'pod.yaml')).href;
    await s.checker.validate(s.documents.open(uri, PRIVILEGED_POD));
    expect(codes(s.last(uri))).not.toContain('privileged-container');
    expect(codes(s.last(uri))).toContain('run-as-non-root');
    const cfg = pathToFileURL(join(root, 'quiet', '.kubeward.yaml')).href;
    await s.checker.validate(s.documents.open(cfg, 'profile: paranoid\n'));
    expect(s.last(cfg)?.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['config', 0]]);
  });

  it('a buffer above maxFileSize gets one information diagnostic instead of a check', async () => {
    const s = state(() => ({ maxFileSize: 10 }));
    const uri = 'file:///w/big.yaml';
    await s.checker.validate(s.documents.open(uri, PRIVILEGED_POD));
    expect(codes(s.last(uri))).toEqual(['file-too-large']);
  });

  it('closing a document clears it; a NetworkPolicy opened beside a pod re-checks the pod', async () => {
    const s = state(() => ({ profile: 'all', debounceMs: 0 }));
    const podUri = 'file:///w/pod.yaml';
    await s.checker.validate(s.documents.open(podUri, PRIVILEGED_POD));
    expect(codes(s.last(podUri))).toContain('missing-network-policy');
    const np = 'file:///w/np.yaml';
    const netpol =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all, namespace: default}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n';
    await s.checker.validate(s.documents.open(np, netpol));
    // The pod is scheduled again at once; wait for the timer.
    await new Promise((r) => setTimeout(r, 20));
    expect(codes(s.last(podUri))).not.toContain('missing-network-policy');
    s.documents.close(np);
    s.checker.closed(np);
    expect(s.last(np)?.diagnostics).toEqual([]);
    expect(s.service.get(np)).toBeUndefined();
  });

  describe('schedule', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a zero delay checks on the next turn of the event loop, not after a timer', async () => {
      // Timers are frozen: a check that waited for one (Node's shortest is 1 ms) would never run.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const s = state();
      const uri = 'file:///w/pod.yaml';
      s.checker.schedule(s.documents.open(uri, PRIVILEGED_POD), 0);
      await new Promise((r) => setImmediate(r));
      expect(codes(s.last(uri))).toContain('privileged-container');
    });

    it('a newer call replaces a pending one, with or without a delay', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const s = state();
      const uri = 'file:///w/pod.yaml';
      const doc = s.documents.open(uri, PRIVILEGED_POD);
      s.checker.schedule(doc, 0);
      s.checker.schedule(doc, 50);
      await new Promise((r) => setImmediate(r));
      expect(s.sent).toEqual([]);
      vi.advanceTimersByTime(50);
      await new Promise((r) => setImmediate(r));
      expect(s.sent.filter((p) => p.uri === uri)).toHaveLength(1);
      s.checker.schedule(doc, 50);
      s.checker.cancel(uri);
      vi.advanceTimersByTime(50);
      await new Promise((r) => setImmediate(r));
      expect(s.sent.filter((p) => p.uri === uri)).toHaveLength(1);
    });
  });
});
