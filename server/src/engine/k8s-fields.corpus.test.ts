// Every YAML document of ../shared/corpus/real and ../shared/conformance/{pss,peers} checked against
// the field table at Kubeward's default version (1.37, checked against 1.36, the newest data). Each
// field the table calls unknown is either listed below as a real mistake of its file, or a bug of
// the table.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { manifestFiles } from '../../../test/support/files';
import { NEWEST_KUBERNETES } from '../protocol';
import { parseVersion } from './config';
import { childPlace, fieldStatus, rootPlace, type PathKey, type Place } from './k8s-fields';
import { mapGet, scalarString } from './node';

const shared = join(__dirname, '..', '..', '..', '..', 'shared');
const folders = ['corpus/real', 'conformance/pss', 'conformance/peers'];
const minor = parseVersion(NEWEST_KUBERNETES);

interface Unknown {
  /** `file:line`, the file relative to ../shared. */
  at: string;
  /** The field's path in its object. */
  path: string;
  why: string;
}

const STORAGE_CLASS = 'a StorageClass parameter of the provisioner, never a field of the volume source';
const POD_LEVEL = 'a container-only securityContext field in the pod securityContext';
const RUN_AS_USER = 'runAsUser written on the container itself; it belongs in its securityContext';
const SELECTOR = 'selector labels without matchLabels: apps/v1 takes a LabelSelector';

/** Real mistakes in the files: fields the API server drops. */
const EXPECTED: readonly Unknown[] = [
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/rbd/rbd.yaml:25',
    path: 'spec.volumes.0.rbd.imageformat',
    why: STORAGE_CLASS,
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/rbd/rbd.yaml:26',
    path: 'spec.volumes.0.rbd.imagefeatures',
    why: STORAGE_CLASS,
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/scaleio/pod.yaml:17',
    path: 'spec.volumes.0.scaleIO.protectionDoamin',
    why: 'a misspelling of protectionDomain',
  },
  {
    at: 'corpus/real/kubernetes-examples/_archived/volumes/storageos/storageos-pod.yaml:35',
    path: 'spec.volumes.0.storageos.pool',
    why: STORAGE_CLASS,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/non-isolated-pod.yml:26',
    path: 'spec.selector.app.kubernetes.io/name',
    why: SELECTOR,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/non-isolated-pod.yml:58',
    path: 'spec.selector.app.kubernetes.io/name',
    why: SELECTOR,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/run-as-non-root.yml:14',
    path: 'spec.template.spec.containers.0.runAsUser',
    why: RUN_AS_USER,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/run-as-non-root.yml:29',
    path: 'spec.template.spec.containers.0.runAsUser',
    why: RUN_AS_USER,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/run-as-non-root.yml:45',
    path: 'spec.template.spec.containers.0.runAsUser',
    why: RUN_AS_USER,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/run-as-non-root.yml:58',
    path: 'spec.template.spec.containers.0.runAsUser',
    why: RUN_AS_USER,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/sensitive-host-mounts.yml:33',
    path: 'spec.template.spec.containers.0.runAsUser',
    why: RUN_AS_USER,
  },
  {
    at: 'conformance/peers/kube-linter/tests/checks/writable-host-mount.yml:33',
    path: 'spec.template.spec.containers.0.runAsUser',
    why: RUN_AS_USER,
  },
  {
    at: 'conformance/peers/kube-score/score/testdata/pod-seccomp-securecontext-warning.yaml:7',
    path: 'spec.securityContext.privileged',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/kube-score/score/testdata/pod-seccomp-securecontext-warning.yaml:10',
    path: 'spec.securityContext.readOnlyRootFilesystem',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/insecureCapabilities/failure.pod.yaml:9',
    path: 'spec.securityContext.capabilities',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/insecureCapabilities/success.pod.yaml:9',
    path: 'spec.securityContext.capabilities',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/notReadOnlyRootFilesystem/failure.pod.yaml:9',
    path: 'spec.securityContext.readOnlyRootFilesystem',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/notReadOnlyRootFilesystem/failure.two_cont_one_unspecified.yaml:9',
    path: 'spec.securityContext.readOnlyRootFilesystem',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/notReadOnlyRootFilesystem/success.pod.yaml:9',
    path: 'spec.securityContext.readOnlyRootFilesystem',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/privilegeEscalationAllowed/failure.pod.yaml:9',
    path: 'spec.securityContext.allowPrivilegeEscalation',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/privilegeEscalationAllowed/failure.pod_unspecified.yaml:9',
    path: 'spec.securityContext.allowPrivilegeEscalation',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/privilegeEscalationAllowed/success.pod.yaml:9',
    path: 'spec.securityContext.allowPrivilegeEscalation',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/runAsPrivileged/failure.pod.yaml:9',
    path: 'spec.securityContext.privileged',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/runAsPrivileged/failure.two_cont.yaml:9',
    path: 'spec.securityContext.privileged',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/runAsPrivileged/failure.two_cont_one_unspecified.yaml:9',
    path: 'spec.securityContext.privileged',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/runAsPrivileged/success.pod.yaml:9',
    path: 'spec.securityContext.privileged',
    why: POD_LEVEL,
  },
  {
    at: 'conformance/peers/polaris/test/checks/runAsPrivileged/success.pod_no_cont.yaml:9',
    path: 'spec.securityContext.privileged',
    why: POD_LEVEL,
  },
];

interface Walk {
  unknown: Omit<Unknown, 'why'>[];
  documents: number;
  checked: number;
}

function walkObject(
  walk: Walk,
  file: string,
  lines: LineCounter,
  apiVersion: string,
  kind: string,
  root: Node,
): void {
  const visit = (node: unknown, path: PathKey[], place: Place): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (key === '<<') continue;
        if (place.kind === 'object' && !place.open) {
          walk.checked++;
          if (fieldStatus(place.type, key, minor).kind !== 'valid') {
            const line = lines.linePos(pair.key.range?.[0] ?? 0).line;
            walk.unknown.push({ at: `${relative(shared, file)}:${line}`, path: [...path, key].join('.') });
            continue;
          }
        }
        visit(pair.value, [...path, key], childPlace(place, key));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        visit(item, [...path, i], childPlace(place, i));
      });
    }
  };
  visit(root, [], rootPlace(apiVersion, kind));
}

function walkFiles(): Walk {
  const walk: Walk = { unknown: [], documents: 0, checked: 0 };
  for (const folder of folders) {
    for (const file of manifestFiles(join(shared, folder), /\.ya?ml$/i)) {
      const lines = new LineCounter();
      // Duplicate keys are the business of another rule; the documents are walked anyway.
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), {
        lineCounter: lines,
        uniqueKeys: false,
      })) {
        walk.documents++;
        const root = doc.contents;
        if (!isMap(root)) continue;
        const apiVersion = scalarString(mapGet(root, 'apiVersion')?.value);
        const kind = scalarString(mapGet(root, 'kind')?.value);
        if (apiVersion === undefined || kind === undefined) continue;
        const items = mapGet(root, 'items')?.value;
        if (kind.endsWith('List') && isSeq(items)) {
          for (const item of items.items) {
            const v = scalarString(mapGet(item, 'apiVersion')?.value);
            const k = scalarString(mapGet(item, 'kind')?.value);
            if (isMap(item) && v !== undefined && k !== undefined) walkObject(walk, file, lines, v, k, item);
          }
        } else walkObject(walk, file, lines, apiVersion, kind, root);
      }
    }
  }
  return walk;
}

describe('field table over the corpus and the conformance manifests', () => {
  it('calls unknown only the fields that are real mistakes of their files', () => {
    const walk = walkFiles();
    expect(walk.documents).toBeGreaterThan(1100);
    expect(walk.checked).toBeGreaterThan(19_000);
    expect(walk.unknown).toEqual(EXPECTED.map(({ at, path }) => ({ at, path })));
  });
});
