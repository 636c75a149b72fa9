import { ruleTester } from '../../../test/rule-tester';
import { yaml } from '../engine/yaml-tag';
import { unknownField } from './unknown-field';

const V129 = { profile: 'all', kubernetesVersion: '1.29' } as const;
const V130 = { profile: 'all', kubernetesVersion: '1.30' } as const;

ruleTester(unknownField, {
  valid: [
    {
      name: 'every field known; labels and annotations keys are free',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {anyThing: x, runAsNonroot: y}
          annotations:
            example.com/whatever: "1"
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels: {app: web}
              annotations: {hostNetwork: "no"}
            spec:
              hostNetwork: false
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: app
                  image: nginx:1.27
                  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
              volumes:
                - name: data
                  emptyDir: {}
      `,
    },
    {
      name: 'custom resources and unknown kinds are not checked',
      code: yaml`
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec:
          runAsNonroot: true
          anything: [1, 2]
      `,
    },
    {
      name: 'an Argo Rollout: only its pod template is checked, the rest is its own',
      code: yaml`
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: r}
        spec:
          strategy:
            canary: {steps: [{setWeight: 20}]}
          template:
            spec:
              containers: [{name: app, image: nginx:1.27}]
      `,
    },
    {
      name: 'Knative adds fields of its own to the pod spec',
      code: yaml`
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: k}
        spec:
          template:
            spec:
              containerConcurrency: 10
              timeoutSeconds: 30
              containers: [{image: nginx:1.27}]
      `,
    },
    {
      name: 'appArmorProfile exists from 1.30',
      settings: V130,
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
      `,
    },
  ],
  invalid: [
    {
      name: 'a misspelled pod securityContext field: renamed in place, comment kept',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsNonroot: true # we never run as root
          containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'runAsNonroot', type: 'PodSecurityContext', suggestions: ['runAsNonRoot'] },
          line: 6,
          column: 5,
          endColumn: 23,
          severity: 'error',
          attack: ['T1611', 'T1609'],
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsNonRoot: true # we never run as root
          containers: [{name: app, image: nginx:1.27}]
      `,
    },
    {
      name: 'containers, init and ephemeral containers; a quoted key stays quoted',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext:
                readOnlyRootFileSystem: true
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                "allowPrivilegeEscalaton": false
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
              imagePullPolicey: Always
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: {
            name: 'readOnlyRootFileSystem',
            type: 'SecurityContext',
            suggestions: ['readOnlyRootFilesystem'],
          },
          line: 9,
          column: 9,
          severity: 'error',
          attack: ['T1611', 'T1609'],
        },
        {
          messageId: 'misspelled',
          data: {
            name: 'allowPrivilegeEscalaton',
            type: 'SecurityContext',
            suggestions: ['allowPrivilegeEscalation'],
          },
          line: 14,
          column: 9,
          severity: 'error',
          attack: ['T1548.001', 'T1068'],
        },
        {
          messageId: 'misspelled',
          data: { name: 'imagePullPolicey', type: 'EphemeralContainer', suggestions: ['imagePullPolicy'] },
          line: 18,
          column: 7,
          severity: 'error',
          attack: ['T1525'],
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext:
                readOnlyRootFilesystem: true
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                "allowPrivilegeEscalation": false
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
              imagePullPolicy: Always
      `,
    },
    {
      name: 'a pod field one level too high in a Deployment: moved into the pod template (unsafe)',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          hostNetwork: false
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'hostNetwork', where: "the pod template's spec", path: 'spec.template.spec' },
          line: 5,
          column: 3,
          endColumn: 21,
          severity: 'error',
          attack: ['T1611', 'T1046'],
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: app, image: nginx:1.27}]
              hostNetwork: false
      `,
    },
    {
      name: 'a pod securityContext block one level too high: moved whole, with its comments, into the pod template',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          # pod-level hardening
          securityContext:   # kept
            runAsNonRoot: true
            seccompProfile:
              type: 'RuntimeDefault'  # the default profile
            # end of the block
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: app
                  image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'securityContext', where: "the pod template's spec", path: 'spec.template.spec' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 18,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: app
                  image: nginx:1.27
              # pod-level hardening
              securityContext:   # kept
                runAsNonRoot: true
                seccompProfile:
                  type: 'RuntimeDefault'  # the default profile
                # end of the block
      `,
    },
    {
      name: 'the same move keeps CRLF line endings',
      code: 'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata: {name: web}\r\nspec:\r\n  securityContext:\r\n    runAsNonRoot: true # kept\r\n  selector: {matchLabels: {app: web}}\r\n  template:\r\n    spec:\r\n      containers:\r\n        - name: app\r\n          image: nginx:1.27\r\n',
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'securityContext', where: "the pod template's spec", path: 'spec.template.spec' },
          line: 5,
          column: 3,
        },
      ],
      output:
        'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata: {name: web}\r\nspec:\r\n  selector: {matchLabels: {app: web}}\r\n  template:\r\n    spec:\r\n      containers:\r\n        - name: app\r\n          image: nginx:1.27\r\n      securityContext:\r\n        runAsNonRoot: true # kept\r\n',
    },
    {
      name: 'a flow-style securityContext one level too high moves as written',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          securityContext: {runAsNonRoot: true, "runAsUser": 10001}
          selector: {matchLabels: {app: web}}
          template:
            spec:
              hostNetwork: false
              containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'securityContext', where: "the pod template's spec", path: 'spec.template.spec' },
          line: 5,
          column: 3,
          endColumn: 60,
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            spec:
              hostNetwork: false
              containers: [{name: app, image: nginx:1.27}]
              securityContext: {runAsNonRoot: true, "runAsUser": 10001}
      `,
    },
    {
      name: 'a pod securityContext field under a Deployment spec: the missing securityContext is created',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          runAsNonRoot: true
          selector: {matchLabels: {app: web}}
          template:
            spec:
              containers:
              - name: app
                image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: {
            name: 'runAsNonRoot',
            where: "the pod's securityContext",
            path: 'spec.template.spec.securityContext',
          },
          line: 5,
          column: 3,
          severity: 'error',
          attack: ['T1611', 'T1609'],
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            spec:
              containers:
              - name: app
                image: nginx:1.27
              securityContext:
                runAsNonRoot: true
      `,
    },
    {
      name: 'the target already has the key: no move (which block wins is not ours to say)',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          securityContext:
            runAsNonRoot: true
          selector: {matchLabels: {app: web}}
          template:
            spec:
              securityContext: {runAsUser: 10001}
              containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'securityContext', where: "the pod template's spec", path: 'spec.template.spec' },
          line: 5,
          column: 3,
        },
      ],
      output: null,
    },
    {
      name: 'two keys moving into one securityContext they create: it is created once, the second merges in',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          seccompProfile:
            type: RuntimeDefault
          containers:
            - name: app
              image: nginx:1.27
          runAsNonRoot: true
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'seccompProfile', where: "the pod's securityContext", path: 'spec.securityContext' },
          line: 5,
          column: 3,
        },
        {
          messageId: 'misplaced',
          data: { name: 'runAsNonRoot', where: "the pod's securityContext", path: 'spec.securityContext' },
          line: 10,
          column: 3,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
          securityContext:
            seccompProfile:
              type: RuntimeDefault
            runAsNonRoot: true
      `,
    },
    {
      name: 'a container key on the dash line and one in a flow container move into their securityContext',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - runAsUser: 10001
              name: app
              image: nginx:1.27
            - {name: b, image: nginx:1.27, runAsGroup: 10001}
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: {
            name: 'runAsUser',
            where: "the container's securityContext",
            path: 'spec.containers[].securityContext',
          },
          line: 6,
          column: 7,
        },
        {
          messageId: 'misplaced',
          data: {
            name: 'runAsGroup',
            where: "the container's securityContext",
            path: 'spec.containers[].securityContext',
          },
          line: 9,
          column: 36,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                runAsUser: 10001
            - {name: b, image: nginx:1.27, securityContext: {runAsGroup: 10001}}
      `,
    },
    {
      name: 'a container field in the pod spec moves into the one container there is',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          readOnlyRootFilesystem: true
          containers:
            - name: app
              image: nginx:1.27
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: {
            name: 'readOnlyRootFilesystem',
            where: "the container's securityContext",
            path: 'spec.containers[].securityContext',
          },
          line: 5,
          column: 3,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                readOnlyRootFilesystem: true
      `,
    },
    {
      name: 'a container field in the pod spec of two containers: no move (which container is meant?)',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          readOnlyRootFilesystem: true
          containers:
            - name: app
              image: nginx:1.27
            - name: sidecar
              image: busybox:1.36
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: {
            name: 'readOnlyRootFilesystem',
            where: "the container's securityContext",
            path: 'spec.containers[].securityContext',
          },
          line: 5,
          column: 3,
        },
      ],
      output: null,
    },
    {
      name: 'an anchored block does not move (an alias could end up before its anchor)',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          securityContext: &pod
            runAsNonRoot: true
          selector: {matchLabels: {app: web}}
          template:
            spec:
              containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'securityContext', where: "the pod template's spec", path: 'spec.template.spec' },
          line: 5,
          column: 3,
        },
      ],
      output: null,
    },
    {
      name: 'two list items swapped their keys: the only key of an item waits until the other key has moved in',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              volumeMounts:
                - containerPort: 5555
              ports:
                - mountPath: /dev/shm
                  name: dshm
          volumes: [{name: dshm, emptyDir: {medium: Memory}}]
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'containerPort', path: 'spec.containers[].ports[]' },
          line: 9,
          column: 11,
        },
        {
          messageId: 'misplaced',
          data: { name: 'mountPath', path: 'spec.containers[].volumeMounts[]' },
          line: 11,
          column: 11,
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              volumeMounts:
                - mountPath: /dev/shm
              ports:
                - name: dshm
                  containerPort: 5555
          volumes: [{name: dshm, emptyDir: {medium: Memory}}]
      `,
    },
    {
      name: 'a pod field as the last key of the last container: its lines give way to the block in the pod spec',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
                  # the node's network
                  hostNetwork: true
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: { name: 'hostNetwork', where: "the pod template's spec", path: 'spec.template.spec' },
          line: 12,
          column: 11,
          severity: 'error',
        },
      ],
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
              # the node's network
              hostNetwork: true
      `,
    },
    {
      name: 'a CronJob pod spec: moved into a securityContext the container lacks',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          schedule: "* * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: app
                      image: busybox:1.36
                      runAsUser:
                        1000
      `,
      errors: [
        {
          messageId: 'misplaced',
          data: {
            name: 'runAsUser',
            where: "the container's securityContext",
            path: 'spec.jobTemplate.spec.template.spec.containers[].securityContext',
          },
          line: 14,
          column: 15,
          severity: 'error',
          attack: ['T1611', 'T1609', 'T1053.007'],
        },
      ],
      output: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          schedule: "* * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: app
                      image: busybox:1.36
                      securityContext:
                        runAsUser:
                          1000
      `,
    },
    {
      name: 'a field newer than the configured version',
      settings: V129,
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
      `,
      errors: [
        {
          messageId: 'tooNew',
          data: { name: 'appArmorProfile', since: 30, version: 29 },
          line: 9,
          column: 9,
          severity: 'error',
          attack: ['T1611'],
        },
      ],
    },
    {
      name: 'volumes: equal but for case',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes:
            - name: host
              hostpath: {path: /var/log}
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'hostpath', type: 'Volume', suggestions: ['hostPath'] },
          line: 8,
          column: 7,
          severity: 'error',
          attack: ['T1611'],
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes:
            - name: host
              hostPath: {path: /var/log}
      `,
    },
    {
      name: 'ambiguous: two fields at the same distance, no fix',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          hostPIC: true
          containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'hostPIC', type: 'PodSpec', suggestions: ['hostIPC', 'hostPID'] },
          line: 5,
          column: 3,
          severity: 'warning',
          attack: ['T1562'],
        },
      ],
    },
    {
      name: 'no field like it',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              colour: blue
      `,
      errors: [
        {
          messageId: 'unknown',
          data: { name: 'colour', type: 'Container' },
          line: 8,
          column: 7,
          severity: 'warning',
          attack: ['T1562'],
        },
      ],
    },
    {
      name: 'a Service and an Ingress',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          selectr: {app: web}
          ports: [{port: 80}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: i}
        spec:
          tsl:
            - hosts: [example.com]
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'selectr', type: 'ServiceSpec', suggestions: ['selector'] },
          line: 5,
          column: 3,
          severity: 'warning',
          attack: ['T1562'],
        },
        {
          messageId: 'misspelled',
          data: { name: 'tsl', type: 'IngressSpec', suggestions: ['tls'] },
          line: 12,
          column: 3,
          severity: 'error',
          attack: ['T1040', 'T1557'],
        },
      ],
      output: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: i}
        spec:
          tls:
            - hosts: [example.com]
      `,
    },
    {
      name: 'a NetworkPolicy',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: n}
        spec:
          podSelecter: {}
          policyTypes: [Ingress]
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'podSelecter', type: 'NetworkPolicySpec', suggestions: ['podSelector'] },
          line: 5,
          column: 3,
        },
      ],
      output: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: n}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
      `,
    },
    {
      name: 'a Role and a ClusterRoleBinding',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: [pods]
            verb: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleref: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'verb', type: 'PolicyRule', suggestions: ['verbs'] },
          line: 7,
          column: 5,
          severity: 'error',
        },
        {
          messageId: 'misspelled',
          data: { name: 'roleref', type: 'ClusterRoleBinding', suggestions: ['roleRef'] },
          line: 12,
          column: 1,
          severity: 'warning',
        },
      ],
      output: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules:
          - apiGroups: [""]
            resources: [pods]
            verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
      `,
    },
    {
      name: 'a rename that would duplicate a key is not offered',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          securityContext:
            runAsNonroot: true
            runAsNonRoot: false
          containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'runAsNonroot', type: 'PodSecurityContext', suggestions: ['runAsNonRoot'] },
          line: 6,
          column: 5,
        },
      ],
    },
    {
      name: 'the pod template of an Argo Rollout is checked',
      code: yaml`
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: r}
        spec:
          template:
            spec:
              hostPid: true
              containers: [{name: app, image: nginx:1.27}]
      `,
      errors: [
        {
          messageId: 'misspelled',
          data: { name: 'hostPid', type: 'PodSpec', suggestions: ['hostPID'] },
          line: 7,
          column: 7,
          severity: 'error',
          attack: ['T1611'],
        },
      ],
      output: yaml`
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: r}
        spec:
          template:
            spec:
              hostPID: true
              containers: [{name: app, image: nginx:1.27}]
      `,
    },
    {
      name: 'a field removed before the configured version',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: s
          clusterName: east
        spec:
          ports: [{port: 80}]
      `,
      errors: [
        {
          messageId: 'removed',
          data: { name: 'clusterName', until: 24, version: 37 },
          line: 5,
          column: 3,
          severity: 'warning',
          attack: ['T1562'],
        },
      ],
    },
  ],
});
