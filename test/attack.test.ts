import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTACK_VERSION, TACTICS, TECHNIQUES, techniqueUrl } from '../server/src/attack';
import { rules } from '../server/src/rules/index';

interface AttackData {
  attack_version: string;
  techniques: {
    id: string;
    name: string;
    tactics: string[];
    platforms: string[];
    url: string;
    deprecated?: boolean;
    revoked?: boolean;
  }[];
  tactics: { id: string; name: string; shortname: string }[];
}

const data = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'shared', 'conformance', 'attack', 'enterprise.json'), 'utf8'),
) as AttackData;
const byId = new Map(data.techniques.map((t) => [t.id, t]));
const tacticByShort = new Map(data.tactics.map((t) => [t.shortname, t]));

describe('ATT&CK table (checked against ../shared/conformance/attack/enterprise.json)', () => {
  it('is the same ATT&CK version', () => {
    expect(ATTACK_VERSION).toBe(data.attack_version);
  });

  it.each(Object.entries(TECHNIQUES))('%s exists with the same name, tactics and platform', (id, t) => {
    const real = byId.get(id);
    expect(real, `${id} is not an ATT&CK v${data.attack_version} technique`).toBeDefined();
    if (!real) return;
    // The data file lists only current techniques; the fields are absent there, so absent means current.
    expect(real.deprecated ?? false).toBe(false);
    expect(real.revoked ?? false).toBe(false);
    expect(t.name).toBe(real.name);
    expect([...t.tactics].sort()).toEqual(real.tactics.map((s) => tacticByShort.get(s)?.id).sort());
    expect(t.containers).toBe(real.platforms.includes('Containers'));
    expect(techniqueUrl(id as keyof typeof TECHNIQUES)).toBe(real.url);
  });

  it('has every tactic with its real name', () => {
    for (const t of data.tactics) expect(TACTICS[t.id as keyof typeof TACTICS]).toBe(t.name);
  });

  it('every rule maps only to known techniques', () => {
    for (const r of rules) for (const id of r.attack) expect(byId.has(id), `${r.id}: ${id}`).toBe(true);
  });
});
