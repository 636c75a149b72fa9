/** The manifest both the extension-host suite and its runner use. */
export const FIXTURE = {
  text: `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: debug
      image: registry.example/shop/debug:1.0.0
      securityContext:
        privileged: true
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
`,
  /** 0-based, as the VS Code API counts: `privileged: true` on line 16, columns 9–25 in the editor. */
  range: { line: 15, character: 8, endCharacter: 24 },
  fixTitle: 'Set `privileged: false`',
};
