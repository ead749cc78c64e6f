import { beforeAll, describe, expect, it } from 'vitest';
import { acceptPack, type AcceptResult } from '../../../rules/pack/accept';
import { PackVersionSchema } from '../../../rules/pack/schema';
import { newKey, signedText, smallRealPack, type TestKey } from './signed-fixtures';

/**
 * Versions, ids and dates that would let one pack be spelt two ways, overflow a comparison, hide
 * characters from the 医保办 reading the id, or never be in force: refused by the shared schema,
 * so the extension and the hub refuse the same packs.
 */

let key: TestKey;
beforeAll(async () => {
  key = await newKey();
});

const NOW = new Date('2026-11-25T04:00:00Z');

async function check(edit: (p: any) => void): Promise<AcceptResult> {
  const p = smallRealPack(10);
  p.version = '2026.11.2';
  edit(p);
  return acceptPack(await signedText(p, key), { trustedKeys: [key.trusted], now: NOW });
}

function refusedAt(result: AcceptResult, path: RegExp): void {
  if (result.ok) throw new Error('expected a refusal, but the pack was accepted');
  expect(result.reason).toBe('schema-invalid');
  expect(result.details.map((d) => d.path).join(' ')).toMatch(path);
}

describe('pack versions', () => {
  it.each(['1', '2026.11.1', '2026.12.10', '0.0.0.0', '20261201', '2147483647.1'])('accepts %s', (version) => {
    expect(PackVersionSchema.safeParse(version).success).toBe(true);
  });

  it.each([
    ['2026.12.01', 'a leading zero: the same version as 2026.12.1'],
    ['02026.12.1', 'a leading zero in the first part'],
    ['2026.12.1.1.1', 'more than 4 parts'],
    ['2147483648.1', 'a part of 2^31'],
    ['2026.99999999999999999999', 'a part far beyond 2^31'],
    ['2026..1', 'an empty part'],
    ['2026.12.1 ', 'trailing space'],
  ])('refuses %s (%s)', async (version) => {
    expect(PackVersionSchema.safeParse(version).success).toBe(false);
    refusedAt(await check((p) => (p.version = version)), /^version$/);
  });
});

describe('ids', () => {
  it.each([
    ['zero-width space', '\u200b'],
    ['zero-width joiner', '\u200d'],
    ['right-to-left override', '\u202e'],
    ['right-to-left mark', '\u200f'],
    ['byte-order mark', '\ufeff'],
    ['control character', '\u0007'],
    ['line separator', '\u2028'],
  ])('refuses a rule id with a %s', async (_name, ch) => {
    refusedAt(await check((p) => (p.rules[3].id = `${p.rules[3].id}${ch}`)), /^rules\[3\]\.id$/);
  });

  it('refuses a pack id with a hidden character', async () => {
    refusedAt(await check((p) => (p.id = 'demo\u200b-nhsa-2026')), /^id$/);
  });

  it('keeps Chinese and punctuation in ids', async () => {
    const r = await check((p) => {
      p.id = '医院-规则包_2026';
      p.rules[0].id = '限定-二线用药·头孢（门诊）';
    });
    expect(r.ok).toBe(true);
  });
});

describe('effective dates', () => {
  it.each(['9999-99-99', '2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29'])('refuses effective.to %s', async (date) => {
    refusedAt(await check((p) => (p.effective = { from: '2026-01-01', to: date })), /^effective\.to$/);
  });

  it('refuses a rule whose effective.from is not a real date', async () => {
    refusedAt(await check((p) => (p.rules[1].effective = { from: '2026-04-31' })), /^rules\[1\]\.effective\.from$/);
  });

  it('accepts real dates, 29 February of a leap year included', async () => {
    expect((await check((p) => (p.effective = { from: '2024-02-29', to: '2099-12-31' }))).ok).toBe(true);
  });
});
