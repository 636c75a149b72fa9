import type { Environment } from '@marcbachmann/cel-js';
import { CelLibraryError, CelNamespace } from './values';

/** The longest IPv4 and IPv6 addresses in text (`255.255.255.255`, `ffff:…:ffff:255.255.255.255`). */
const MAX_IPV4_LENGTH = 15;
const MAX_IPV6_LENGTH = 45;

function parseIPv4(s: string): number[] | undefined {
  if (s.length > MAX_IPV4_LENGTH) return undefined;
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  if (s.length > MAX_IPV6_LENGTH || s.includes('%')) return undefined;
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** An IP address as Go's `netip.Addr` (the Kubernetes IP library): 4 or 16 bytes. */
export class IP {
  constructor(readonly bytes: readonly number[]) {}

  /** Parses an address as the Kubernetes IP library does: no zones, no IPv4-mapped IPv6, no leading zeros. */
  static parse(text: string): IP {
    const v4 = parseIPv4(text);
    if (v4) return new IP(v4);
    const v6 = text.includes(':') ? parseIPv6(text) : undefined;
    if (!v6)
      throw new CelLibraryError(
        `IP Address ${JSON.stringify(text)} parse error during conversion from string: ParseAddr(${JSON.stringify(text)}): unable to parse IP`,
      );
    const ip = new IP(v6);
    if (ip.isV4Mapped()) {
      throw new CelLibraryError(`IPv4-mapped IPv6 address ${JSON.stringify(text)} is not allowed`);
    }
    return ip;
  }

  family(): bigint {
    return this.bytes.length === 4 ? 4n : 6n;
  }

  isV4Mapped(): boolean {
    return (
      this.bytes.length === 16 &&
      this.bytes.slice(0, 10).every((b) => b === 0) &&
      this.bytes[10] === 0xff &&
      this.bytes[11] === 0xff
    );
  }

  toString(): string {
    if (this.bytes.length === 4) return this.bytes.join('.');
    const words: number[] = [];
    for (let i = 0; i < 16; i += 2) words.push(((this.bytes[i] ?? 0) << 8) | (this.bytes[i + 1] ?? 0));
    let bestStart = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (words[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && words[j] === 0) j++;
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    const hex = words.map((w) => w.toString(16));
    if (bestStart < 0) return hex.join(':');
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
  }

  isUnspecified(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  isLoopback(): boolean {
    if (this.bytes.length === 4) return this.bytes[0] === 127;
    return this.bytes.slice(0, 15).every((b) => b === 0) && this.bytes[15] === 1;
  }

  isLinkLocalMulticast(): boolean {
    if (this.bytes.length === 4) return this.bytes[0] === 224 && this.bytes[1] === 0 && this.bytes[2] === 0;
    return this.bytes[0] === 0xff && ((this.bytes[1] ?? 0) & 0x0f) === 0x02;
  }

  isLinkLocalUnicast(): boolean {
    if (this.bytes.length === 4) return this.bytes[0] === 169 && this.bytes[1] === 254;
    return this.bytes[0] === 0xfe && ((this.bytes[1] ?? 0) & 0xc0) === 0x80;
  }

  isMulticast(): boolean {
    return this.bytes.length === 4 ? ((this.bytes[0] ?? 0) & 0xf0) === 0xe0 : this.bytes[0] === 0xff;
  }

  isGlobalUnicast(): boolean {
    if (this.bytes.length === 4 && this.bytes.every((b) => b === 255)) return false;
    return !this.isUnspecified() && !this.isLoopback() && !this.isMulticast() && !this.isLinkLocalUnicast();
  }

  equals(o: IP): boolean {
    return this.bytes.length === o.bytes.length && this.bytes.every((b, i) => b === o.bytes[i]);
  }
}

/** A CIDR block as Go's `netip.Prefix` (the Kubernetes CIDR library). */
export class CIDR {
  constructor(
    readonly ip: IP,
    readonly prefixLength: number,
  ) {}

  static parse(text: string): CIDR {
    const slash = text.indexOf('/');
    const bits = slash < 0 ? '' : text.slice(slash + 1);
    if (slash < 0 || !/^\d{1,3}$/.test(bits) || (bits.length > 1 && bits.startsWith('0'))) {
      throw new CelLibraryError(
        `network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(text)}): no '/'`,
      );
    }
    const ip = IP.parse(text.slice(0, slash));
    const n = Number(bits);
    if (n > ip.bytes.length * 8)
      throw new CelLibraryError(`netip.ParsePrefix(${JSON.stringify(text)}): prefix length out of range`);
    return new CIDR(ip, n);
  }

  masked(): CIDR {
    const bytes = this.ip.bytes.map((b, i) => {
      const keep = Math.max(0, Math.min(8, this.prefixLength - i * 8));
      return b & ((0xff << (8 - keep)) & 0xff);
    });
    return new CIDR(new IP(bytes), this.prefixLength);
  }

  containsIP(ip: IP): boolean {
    if (ip.bytes.length !== this.ip.bytes.length) return false;
    return new CIDR(ip, this.prefixLength).masked().ip.equals(this.masked().ip);
  }

  containsCIDR(o: CIDR): boolean {
    return o.prefixLength >= this.prefixLength && this.containsIP(o.ip);
  }

  toString(): string {
    return `${this.ip.toString()}/${this.prefixLength}`;
  }
}

/** The namespace object behind `ip.isCanonical(…)`. */
export class IPNamespace extends CelNamespace {}

function isValid(parse: (s: string) => unknown, s: string): boolean {
  try {
    parse(s);
    return true;
  } catch {
    return false;
  }
}

/** Registers the Kubernetes IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go). */
export function registerNetwork(env: Environment): void {
  const I = 'net.IP';
  const C = 'net.CIDR';
  env.registerType(I, IP);
  env.registerType(C, CIDR);
  env.registerFunction(`ip(string): ${I}`, (s: string) => IP.parse(s));
  env.registerFunction('isIP(string): bool', (s: string) => isValid((t) => IP.parse(t), s));
  env.registerFunction(`${I}.family(): int`, (ip: IP) => ip.family());
  env.registerType('kubeward.IPNamespace', IPNamespace);
  env.registerConstant('ip', 'kubeward.IPNamespace', new IPNamespace());
  env.registerFunction(
    'kubeward.IPNamespace.isCanonical(string): bool',
    (_ns: unknown, s: string) => IP.parse(s).toString() === s,
  );
  env.registerFunction(`${I}.isUnspecified(): bool`, (ip: IP) => ip.isUnspecified());
  env.registerFunction(`${I}.isLoopback(): bool`, (ip: IP) => ip.isLoopback());
  env.registerFunction(`${I}.isLinkLocalMulticast(): bool`, (ip: IP) => ip.isLinkLocalMulticast());
  env.registerFunction(`${I}.isLinkLocalUnicast(): bool`, (ip: IP) => ip.isLinkLocalUnicast());
  env.registerFunction(`${I}.isGlobalUnicast(): bool`, (ip: IP) => ip.isGlobalUnicast());
  env.registerFunction(`string(${I}): string`, (ip: IP) => ip.toString());
  env.registerOperator(`${I} == ${I}`, (a: IP, b: IP) => a.equals(b));
  env.registerFunction(`cidr(string): ${C}`, (s: string) => CIDR.parse(s));
  env.registerFunction('isCIDR(string): bool', (s: string) => isValid((t) => CIDR.parse(t), s));
  env.registerFunction(`${C}.containsIP(string): bool`, (c: CIDR, s: string) => c.containsIP(IP.parse(s)));
  env.registerFunction(`${C}.containsIP(${I}): bool`, (c: CIDR, ip: IP) => c.containsIP(ip));
  env.registerFunction(`${C}.containsCIDR(string): bool`, (c: CIDR, s: string) =>
    c.containsCIDR(CIDR.parse(s)),
  );
  env.registerFunction(`${C}.containsCIDR(${C}): bool`, (c: CIDR, o: CIDR) => c.containsCIDR(o));
  env.registerFunction(`${C}.ip(): ${I}`, (c: CIDR) => c.ip);
  env.registerFunction(`${C}.prefixLength(): int`, (c: CIDR) => BigInt(c.prefixLength));
  env.registerFunction(`${C}.masked(): ${C}`, (c: CIDR) => c.masked());
  env.registerFunction(`string(${C}): string`, (c: CIDR) => c.toString());
  env.registerOperator(
    `${C} == ${C}`,
    (a: CIDR, b: CIDR) => a.ip.equals(b.ip) && a.prefixLength === b.prefixLength,
  );
}
