import type { Environment } from '@marcbachmann/cel-js';
import { celJs } from '../../engine/lazy-modules';
import { chargeWork } from './cost';
import { Url } from './url';
import { CelNamespace } from './values';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function dns1123Label(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(s)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}

function dns1123Subdomain(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(s)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}

function dns1035Label(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(s)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    );
  }
  return errs;
}

function qualifiedName(s: string): string[] {
  const parts = s.split('/');
  let name = s;
  const errs: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123Subdomain(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character with an optional DNS subdomain prefix and '/'",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) {
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}

function labelValue(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push('must be no more than 63 characters');
  if (s.length > 0 && !QUALIFIED_NAME.test(s)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}

const maskTrailingDash = (s: string): string => (s.length > 1 && s.endsWith('-') ? `${s.slice(0, -1)}a` : s);

function validDate(s: string): boolean {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

/** The named string formats of the Kubernetes format library, each a validator returning error messages. */
export const NAMED_FORMATS: Readonly<Record<string, (s: string) => string[]>> = {
  dns1123Label,
  dns1123Subdomain,
  dns1035Label,
  qualifiedName,
  dns1123LabelPrefix: (s) => dns1123Label(maskTrailingDash(s)),
  dns1123SubdomainPrefix: (s) => dns1123Subdomain(maskTrailingDash(s)),
  dns1035LabelPrefix: (s) => dns1035Label(maskTrailingDash(s)),
  labelValue,
  uri: (s) => {
    try {
      Url.parse(s);
      return [];
    } catch {
      return ['invalid URI'];
    }
  },
  uuid: (s) => (UUID.test(s) ? [] : ['does not match the UUID format']),
  byte: (s) => (/^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 ? [] : ['invalid base64']),
  date: (s) => (DATE.test(s) && validDate(s) ? [] : ['invalid date']),
  datetime: (s) => (DATETIME.test(s) && validDate(s) ? [] : ['invalid datetime']),
};

/** A named format; `validate` returns the error messages, none when the string conforms. */
export class Format {
  constructor(
    readonly name: string,
    readonly check: (s: string) => string[],
  ) {}
}

/** The namespace object behind `format.dns1123Label()` and the other named formats. */
export class FormatNamespace extends CelNamespace {}

/** Registers the Kubernetes format library (k8s.io/apiserver/pkg/cel/library/format.go). */
export function registerFormat(env: Environment): void {
  const F = 'kubernetes.NamedFormat';
  env.registerType(F, Format);
  env.registerType('kubeward.FormatNamespace', FormatNamespace);
  env.registerConstant('format', 'kubeward.FormatNamespace', new FormatNamespace());
  for (const [name, check] of Object.entries(NAMED_FORMATS)) {
    const f = new Format(name, check);
    env.registerFunction(`kubeward.FormatNamespace.${name}(): ${F}`, () => f);
  }
  env.registerFunction(
    `kubeward.FormatNamespace.named(string): optional<${F}>`,
    (_ns: unknown, name: string) => {
      const check = Object.prototype.hasOwnProperty.call(NAMED_FORMATS, name)
        ? NAMED_FORMATS[name]
        : undefined;
      return check ? celJs().Optional.of(new Format(name, check)) : celJs().Optional.none();
    },
  );
  env.registerFunction(`${F}.validate(string): optional<list<string>>`, (f: Format, s: string) => {
    // The validators' regular expressions backtrack a little on every character.
    chargeWork(s.length);
    const errs = f.check(s);
    return errs.length === 0 ? celJs().Optional.none() : celJs().Optional.of(errs);
  });
}
