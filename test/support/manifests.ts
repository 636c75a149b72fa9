// Manifests several tests share.

/** A Pod with one container; `privileged-container` (and other rules) fire when it is privileged. */
export const pod = (privileged: boolean): string => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: ${privileged}
`;

export const PRIVILEGED_POD = pod(true);
