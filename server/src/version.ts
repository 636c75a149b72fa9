// The package version, written once: package.json's, put in by the build (esbuild and vitest
// `define` KUBEWARD_VERSION). Sources run without a build (tsx scripts) say `dev`.
declare const KUBEWARD_VERSION: string | undefined;

export const VERSION: string = typeof KUBEWARD_VERSION === 'string' ? KUBEWARD_VERSION : 'dev';
