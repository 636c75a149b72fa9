import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTACK_VERSION, TACTICS, TECHNIQUES, techniqueUrl } from '../server/src/attack';
import { CONTAINERS_TECHNIQUES, OTHER_PARENTS } from '../server/src/attack-matrix';
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

describe('Containers matrix table (checked against ../shared/conformance/attack/containers.json)', () => {
  const containers = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'shared', 'conformance', 'attack', 'containers.json'), 'utf8'),
  ) as AttackData;
  const tacticIds = new Map(containers.tactics.map((t) => [t.shortname, t.id]));
  const order = containers.tactics.map((t) => t.id);

  it('has exactly the Containers techniques and sub-techniques, with their names and tactics in matrix order', () => {
    expect(CONTAINERS_TECHNIQUES.map((t) => t.id).sort()).toEqual(
      containers.techniques.map((t) => t.id).sort(),
    );
    for (const real of containers.techniques) {
      const t = CONTAINERS_TECHNIQUES.find((x) => x.id === real.id);
      expect(t?.name, real.id).toBe(real.name);
      expect(t?.tactics, real.id).toEqual(
        real.tactics
          .map((s) => tacticIds.get(s))
          .sort((a, b) => order.indexOf(a ?? '') - order.indexOf(b ?? '')),
      );
    }
  });

  it('names the parents that are not on the Containers platform as Enterprise does', () => {
    const onMatrix = new Set(CONTAINERS_TECHNIQUES.map((t) => t.id));
    const orphans = [
      ...new Set(
        CONTAINERS_TECHNIQUES.map((t) => t.id.split('.')[0] ?? t.id).filter((p) => !onMatrix.has(p)),
      ),
    ];
    expect(Object.keys(OTHER_PARENTS).sort()).toEqual(orphans.sort());
    for (const p of orphans) expect(OTHER_PARENTS[p]).toBe(byId.get(p)?.name);
  });

  it('lists every rule technique that is on the Containers platform', () => {
    const onMatrix = new Set(CONTAINERS_TECHNIQUES.map((t) => t.id));
    for (const [id, t] of Object.entries(TECHNIQUES)) expect(onMatrix.has(id), id).toBe(t.containers);
  });
});
