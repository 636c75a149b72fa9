// Manifests several tests share.
import { yaml } from '../../server/src/engine/yaml-tag';

/** A Pod whose one container is privileged: `privileged-container` (and other rules) fire on it. */
export const PRIVILEGED_POD = yaml`
  apiVersion: v1
  kind: Pod
  metadata: { name: p }
  spec:
    containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
`;
