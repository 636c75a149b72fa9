// The one file both the VS Code client and the server import: custom methods, command ids, settings.
// No runtime imports of vscode, vscode-languageserver or the engine.

export type Profile = 'baseline' | 'restricted' | 'recommended' | 'all';
export const PROFILES: readonly Profile[] = ['baseline', 'restricted', 'recommended', 'all'];

/** Per-rule setting: off, on (default severity), or on with this severity. */
export type RuleSetting = 'off' | 'on' | 'error' | 'warning' | 'info' | 'hint';

/** Newest Kubernetes minor version whose Pod Security Admission rules are implemented. */
export const NEWEST_KUBERNETES = '1.37';

export interface Settings {
  enable: boolean;
  profile: Profile;
  /** Target Kubernetes version, `1.N`. */
  kubernetesVersion: string;
  rules: Record<string, RuleSetting>;
  /** Check while typing; otherwise on open and save only. */
  run: 'onType' | 'onSave';
  /** Delay after the last keystroke before checking, in milliseconds. */
  debounceMs: number;
  /** Report YAML syntax errors in documents that are meant to be Kubernetes objects. */
  reportSyntaxErrors: boolean;
  /** Glob patterns of files the workspace scan skips. */
  exclude: string[];
  scanOnStartup: boolean;
  /** Files larger than this (bytes) are skipped by the workspace scan. */
  maxFileSize: number;
  /** Require a reason on suppressions. */
  requireSuppressionReason: boolean;
  /** Helm charts are rendered with the user's own helm (see docs/helm.md). */
  helm: HelmSettings;
  /** Kustomize overlays are built with the user's own kustomize, or kubectl (see docs/kustomize.md). */
  kustomize: KustomizeSettings;
  /** The user's kubectl, whose `kubectl kustomize` builds overlays when there is no kustomize. */
  kubectl: { path: string };
}

export interface KustomizeSettings {
  /** Build overlays (only in a trusted workspace; a client can also say `render: false`). */
  enabled: boolean;
  /** The kustomize binary: a path, or a name looked up on PATH. Machine-scoped: no repository chooses it. */
  path: string;
  /** A build that runs longer is stopped, in milliseconds. */
  timeoutMs: number;
}

export interface HelmSettings {
  /** Render charts (only in a trusted workspace; a client can also say `render: false`). */
  enabled: boolean;
  /** The helm binary: a path, or a name looked up on PATH. Machine-scoped: no repository chooses it. */
  path: string;
  /** A render that runs longer is stopped, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  profile: 'recommended',
  kubernetesVersion: NEWEST_KUBERNETES,
  rules: {},
  run: 'onType',
  debounceMs: 150,
  reportSyntaxErrors: true,
  exclude: [],
  scanOnStartup: false,
  maxFileSize: 5 * 1024 * 1024,
  requireSuppressionReason: true,
  helm: { enabled: true, path: 'helm', timeoutMs: 10_000 },
  kustomize: { enabled: true, path: 'kustomize', timeoutMs: 10_000 },
  kubectl: { path: 'kubectl' },
};

/**
 * Settings as a client sent them over the defaults. Groups (`helm`) merge field by field, since a
 * client other than VS Code may send only the fields it sets.
 */
export function withDefaults(s: Partial<Settings> | null | undefined): Settings {
  const given = s ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...given,
    helm: { ...DEFAULT_SETTINGS.helm, ...(given.helm ?? {}) },
    kustomize: { ...DEFAULT_SETTINGS.kustomize, ...(given.kustomize ?? {}) },
    kubectl: { ...DEFAULT_SETTINGS.kubectl, ...(given.kubectl ?? {}) },
  };
}

/** Command ids (client side `vscode.commands`, server side `workspace/executeCommand`). */
export const Commands = {
  scanWorkspace: 'kubeward.scanWorkspace',
  fixAllInFile: 'kubeward.fixAllInFile',
  showRuleDocs: 'kubeward.showRuleDocs',
  restartServer: 'kubeward.restartServer',
  showOutput: 'kubeward.showOutput',
  /** Opens the ATT&CK matrix; an optional technique id (`T1611`) to select. */
  showAttackMatrix: 'kubeward.showAttackMatrix',
  exportNavigatorLayer: 'kubeward.exportNavigatorLayer',
  groupFindingsByResource: 'kubeward.groupFindingsByResource',
  groupFindingsByAttack: 'kubeward.groupFindingsByAttack',
  groupFindingsByRule: 'kubeward.groupFindingsByRule',
} as const;

/**
 * Commands the server executes (`workspace/executeCommand`). They need ids of their own: the language
 * client registers a VS Code command for every id the server advertises, and would fail to start if one
 * clashed with a command the extension registers itself.
 */
export const ServerCommands = {
  scanWorkspace: 'kubeward.server.scanWorkspace',
  fixAllInFile: 'kubeward.server.fixAllInFile',
} as const;

/**
 * What the client tells the server at `initialize` (`initializationOptions.kubeward`). `render:
 * false`: never run the user's helm or kustomize (VS Code sends it for a workspace in Restricted
 * Mode). A client that sends nothing renders.
 */
export interface InitializationOptions {
  render?: boolean;
  /**
   * A client command that shows a technique (its one argument, `T1611`): the hover's ATT&CK lines
   * link to it as a `command:` URI. Without it, they link only to attack.mitre.org.
   */
  attackCommand?: string;
}

/** Client → server: the workspace became trusted (VS Code's `onDidGrantWorkspaceTrust`). */
export const TrustNotification = 'kubeward/workspaceTrusted';

/** Server → client notification with the health and finding counts for the status item. */
export const StatusNotification = 'kubeward/status';

export interface StatusParams {
  health: 'ok' | 'warning' | 'error' | 'stopped';
  scanning: boolean;
  counts: { error: number; warning: number; info: number; hint: number };
  message?: string;
  /** Something the user should know once, shown in the status item's tooltip (e.g. why charts are not rendered). */
  notice?: string;
}

/** Data attached to every Kubeward diagnostic. */
export interface DiagnosticData {
  ruleId: string;
  attack: string[];
  pss?: { level: 'baseline' | 'restricted'; check: string };
  fixable: boolean;
  /** Stable key of the finding within its document version, to find its fixes. */
  key: string;
  /** The Kubernetes object the finding is about (absent for findings about no object). */
  resource?: ResourceRef;
}

export interface ResourceRef {
  kind: string;
  name: string;
  /** As written in the manifest; absent when it sets none. */
  namespace?: string;
}
