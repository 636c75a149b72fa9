/** Name words that make a value a credential wherever they appear in the name. */
const STRONG = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'bearer',
  'apikey',
  'privatekey',
];

/** Words that, before `key`, make it a credential key (`API_KEY`, `AZURE_BATCH_KEY`, `accessKey`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'batch',
  'account',
  'encryption',
  'signing',
  'master',
  'client',
  'service',
  'storage',
  'subscription',
  'license',
  'session',
  'cli',
  'ssh',
]);

/**
 * Last words that make the name describe a secret rather than hold one (`SECRET_NAME`, `TOKEN_FILE`,
 * `PASSWORD_MIN_LENGTH`, `ACCESS_KEY_ID`).
 */
const NOT_A_SECRET = new Set([
  'name',
  'names',
  'ref',
  'file',
  'path',
  'dir',
  'id',
  'url',
  'uri',
  'endpoint',
  'length',
  'size',
  'ttl',
  'expiry',
  'expiration',
  'lifetime',
  'timeout',
  'enabled',
  'enable',
  'type',
  'header',
  'prefix',
  'field',
  'count',
  'policy',
  'mode',
  'issuer',
  'audience',
  'location',
  'version',
]);

/** Words of a variable name: `dbPassword` / `DB_PASSWORD` / `db-password` → `db`, `password`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Whether a variable or key name says it holds a credential. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (NOT_A_SECRET.has(words[words.length - 1] ?? '')) return false;
  const joined = words.join('');
  if (STRONG.some((s) => joined.includes(s))) return true;
  return words.some(
    (w, i) => (w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1] ?? ''),
  );
}

/** The credentials a value is recognised as, and how messages name them. */
export const SECRET_KINDS = {
  privateKey: 'a private key',
  jwt: 'a JSON Web Token',
  awsAccessKeyId: 'an AWS access key id',
  githubToken: 'a GitHub token',
  slackToken: 'a Slack token',
  urlWithPassword: 'a URL with a password',
} as const;

export type SecretKind = keyof typeof SECRET_KINDS;

const VALUE_PATTERNS: readonly { kind: SecretKind; re: RegExp }[] = [
  { kind: 'privateKey', re: /-{3,} ?BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)? ?-{3,}/ },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/ },
  { kind: 'awsAccessKeyId', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'githubToken', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { kind: 'slackToken', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { kind: 'urlWithPassword', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s/@]+@/i },
];

/** What credential a value looks like, if any. */
export function secretValueKind(value: string): SecretKind | undefined {
  return VALUE_PATTERNS.find((p) => p.re.test(value))?.kind;
}

/** Values that are not literal credentials even under a secret-like name. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v)) return true; // `$(OTHER_VAR)` expansion
  if (/^\$\{[^}]+\}$/.test(v)) return true; // `${VAR}` substituted by a tool
  if (/^(true|false|yes|no|on|off)$/i.test(v)) return true;
  if (v.startsWith('/') && !/\s/.test(v)) return true; // a file path
  return false;
}

/** Why a value is taken for a literal credential (message data): what the value looks like, or its name. */
export type SecretReason = { by: 'value'; looksLike: SecretKind } | { by: 'name' };

/** Why a name/value pair looks like a literal credential, or undefined. */
export function secretReason(name: string, value: string): SecretReason | undefined {
  const looksLike = secretValueKind(value);
  if (looksLike) return { by: 'value', looksLike };
  if (isSecretName(name) && !isPlaceholderValue(value)) return { by: 'name' };
  return undefined;
}

/** `its value looks like a private key` / `its name marks it as a credential`. */
export function reasonText(r: SecretReason): string {
  return r.by === 'value'
    ? `its value looks like ${SECRET_KINDS[r.looksLike]}`
    : 'its name marks it as a credential';
}
