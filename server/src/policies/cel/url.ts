import type { Environment } from '@marcbachmann/cel-js';
import { chargeWork } from './cost';
import { CelLibraryError } from './values';

/**
 * A URL as Go's `url.ParseRequestURI` reads it (the Kubernetes URL library): an absolute URI with a
 * scheme, or an absolute path; no fragment handling.
 */
export class Url {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly rawQuery: string,
  ) {}

  static parse(text: string): Url {
    if (text.length === 0)
      throw new CelLibraryError('URL parse error during conversion from string: empty url');
    // eslint-disable-next-line no-control-regex -- Go's URL parser rejects control characters
    if (/[\x00-\x1f\x7f]/.test(text)) {
      throw new CelLibraryError(
        `URL parse error during conversion from string: invalid character in URL ${JSON.stringify(text)}`,
      );
    }
    const q = text.indexOf('?');
    const base = q < 0 ? text : text.slice(0, q);
    const rawQuery = q < 0 ? '' : text.slice(q + 1);
    if (base.startsWith('/')) return new Url('', '', base, rawQuery);
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(base);
    if (!m)
      throw new CelLibraryError(`URL parse error during conversion from string: invalid URI for request`);
    const scheme = (m[1] ?? '').toLowerCase();
    const rest = m[2] ?? '';
    if (!rest.startsWith('//')) {
      if (!rest.startsWith('/')) return new Url(scheme, '', '', rawQuery);
      return new Url(scheme, '', rest, rawQuery);
    }
    const authEnd = rest.indexOf('/', 2);
    let authority = authEnd < 0 ? rest.slice(2) : rest.slice(2, authEnd);
    const path = authEnd < 0 ? '' : rest.slice(authEnd);
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    if (
      authority.startsWith('[') ? !/^\[[0-9A-Fa-f:.%\w]+\](:\d*)?$/.test(authority) : /[[\]]/.test(authority)
    ) {
      throw new CelLibraryError(
        `URL parse error during conversion from string: invalid host ${JSON.stringify(authority)}`,
      );
    }
    const port = authority.startsWith('[')
      ? /\](:(.*))?$/.exec(authority)?.[2]
      : /:([^:]*)$/.exec(authority)?.[1];
    if (port !== undefined && !/^\d*$/.test(port)) {
      throw new CelLibraryError(`URL parse error during conversion from string: invalid port ":${port}"`);
    }
    return new Url(scheme, authority, path, rawQuery);
  }

  hostname(): string {
    if (this.host.startsWith('[')) return this.host.slice(1, this.host.indexOf(']'));
    const c = this.host.lastIndexOf(':');
    return c < 0 ? this.host : this.host.slice(0, c);
  }

  port(): string {
    if (this.host.startsWith('[')) return /\]:(\d*)$/.exec(this.host)?.[1] ?? '';
    const c = this.host.lastIndexOf(':');
    return c < 0 ? '' : this.host.slice(c + 1);
  }

  escapedPath(): string {
    return this.path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c));
  }

  query(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (this.rawQuery === '') return out;
    const parts = this.rawQuery.split('&');
    chargeWork(parts.length);
    for (const part of parts) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = safeDecode((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
      const v = eq < 0 ? '' : safeDecode(part.slice(eq + 1).replace(/\+/g, ' '));
      (out[k] ??= []).push(v);
    }
    return out;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Registers the Kubernetes URL library (k8s.io/apiserver/pkg/cel/library/urls.go). */
export function registerUrls(env: Environment): void {
  const U = 'kubernetes.URL';
  env.registerType(U, Url);
  env.registerFunction(`url(string): ${U}`, (s: string) => Url.parse(s));
  env.registerFunction('isURL(string): bool', (s: string) => {
    try {
      Url.parse(s);
      return true;
    } catch {
      return false;
    }
  });
  env.registerFunction(`${U}.getScheme(): string`, (u: Url) => u.scheme);
  env.registerFunction(`${U}.getHost(): string`, (u: Url) => u.host);
  env.registerFunction(`${U}.getHostname(): string`, (u: Url) => u.hostname());
  env.registerFunction(`${U}.getPort(): string`, (u: Url) => u.port());
  env.registerFunction(`${U}.getEscapedPath(): string`, (u: Url) => u.escapedPath());
  env.registerFunction(`${U}.getQuery(): map<string, list<string>>`, (u: Url) => u.query());
}
