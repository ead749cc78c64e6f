import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePackText, validatePack } from '../../../rules/pack/load';
import { compareVersions } from '../../../rules/pack/schema';

const example = JSON.parse(readFileSync(join(__dirname, '../../../rules/pack/examples/v1.json'), 'utf8'));
const clone = () => structuredClone(example);

function errorsOf(raw: unknown) {
  const r = validatePack(raw);
  if (r.ok) throw new Error('expected the pack to be rejected');
  return r.errors;
}

describe('pack validation', () => {
  it('names the path of a bad rule parameter', () => {
    const pack = clone();
    pack.rules[2].params.maxDays = -3;
    expect(errorsOf(pack)[0]!.path).toBe('rules[2].params.maxDays');
  });
  it('rejects an unknown rule kind at its path', () => {
    const pack = clone();
    pack.rules[0].kind = 'colour';
    expect(errorsOf(pack)[0]!.path).toBe('rules[0].kind');
  });
  it('rejects a rule that matches nothing', () => {
    const pack = clone();
    pack.rules[3].match = {};
    expect(errorsOf(pack)[0]!.path).toBe('rules[3].match');
  });
  it('rejects duplicate rule ids', () => {
    const pack = clone();
    pack.rules[1].id = pack.rules[0].id;
    expect(errorsOf(pack)).toEqual([expect.objectContaining({ path: 'rules[1].id' })]);
  });
  it('rejects a pack from a newer schema with an upgrade hint', () => {
    const pack = clone();
    pack.schemaVersion = 99;
    expect(errorsOf(pack)[0]!.message).toMatch(/newer/);
  });
  it('rejects non-objects, bad JSON and bad versions', () => {
    expect(errorsOf([])[0]!.path).toBe('(root)');
    const bad = parsePackText('{"schemaVersion": 1,');
    expect(bad.ok).toBe(false);
    const pack = clone();
    pack.version = 'latest';
    expect(errorsOf(pack)[0]!.path).toBe('version');
  });
  it('fills defaults for optional rule fields', () => {
    const r = validatePack(clone());
    if (!r.ok) throw new Error('valid');
    expect(r.pack.rules[0]).toMatchObject({ enabled: true, severity: 'warning', interruptive: true });
  });
});

describe('compareVersions', () => {
  it('orders dotted versions numerically', () => {
    expect(compareVersions('2026.11.10', '2026.11.9')).toBe(1);
    expect(compareVersions('2026.1', '2026.1.0')).toBe(0);
    expect(compareVersions('1.2.3', '1.3')).toBe(-1);
  });
});
