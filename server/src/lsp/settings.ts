// The settings of each document and workspace folder, pulled from the client
// (`workspace/configuration`, section `kubeward`) and cached until the configuration changes.
import { DEFAULT_SETTINGS, withDefaults, type Settings } from '../protocol';

/** The part of the connection settings are pulled through. */
export interface ConfigurationSource {
  getConfiguration(item: { scopeUri: string; section: string }): Promise<unknown>;
}

export class SettingsStore {
  /** The client answers `workspace/configuration`; otherwise every document gets the defaults. */
  pull = false;
  private readonly cache = new Map<string, Promise<Settings>>();

  constructor(private readonly client: ConfigurationSource) {}

  /** The settings for a document or folder URI (one request per URI until {@link clear}). */
  for(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(DEFAULT_SETTINGS);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.client
        .getConfiguration({ scopeUri: uri, section: 'kubeward' })
        .then((s) => withDefaults(s as Partial<Settings> | null))
        .catch(() => DEFAULT_SETTINGS);
      this.cache.set(uri, p);
    }
    return p;
  }

  /** The editor's `files.exclude` globs that are on, for a workspace folder. */
  async filesExclude(folderUri: string): Promise<string[]> {
    if (!this.pull) return [];
    try {
      const v = (await this.client.getConfiguration({
        scopeUri: folderUri,
        section: 'files.exclude',
      })) as Record<string, unknown> | null;
      return Object.entries(v ?? {})
        .filter(([, on]) => on === true)
        .map(([g]) => g);
    } catch {
      return [];
    }
  }

  /** A document closed: its settings are asked again when it reopens. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** The configuration changed: every URI asks again. */
  clear(): void {
    this.cache.clear();
  }
}
