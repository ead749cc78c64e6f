import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { DEFAULT_PACK_PATH } from '../../cli/pack-file';
import { summarisePack } from '../../cli/pack-validate';
import { TEST_PACK_PATH, testPack } from '../unit/interop/fixtures';

/** In-memory files and captured output; a missing file fails like fs does (ENOENT). */
function fakeIO(files: Record<string, string>, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    readFile: async (p) => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    },
    readStdin: async () => stdin,
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
  };
  return { io, out, err };
}

// 益母草注射液 — 两库 第三批 药品规则库（限定保险类型）: 限生育保险.
const order = {
  id: 'rx-1',
  patient: { key: 'p-1', sex: 'F', ageYears: 33 },
  encounter: { date: '2026-11-22', insuranceType: 'resident' },
  lines: [{ id: '1', code: 'ZD01BAY0323010102065', name: '益母草注射液' }],
};

describe('preflight main (in process)', () => {
  it('warns and checks with an empty pack while the demo pack is missing', async () => {
    const { io, out, err } = fakeIO({}, JSON.stringify(order));
    expect(await main(['check', '-'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ orderId: 'rx-1', packVersion: '0', findings: [] });
    expect(err.join('\n')).toContain('demo pack');
  });

  it('uses the demo pack once it exists', async () => {
    const { io, out, err } = fakeIO({ [DEFAULT_PACK_PATH]: readFileSync(TEST_PACK_PATH, 'utf8') }, JSON.stringify(order));
    expect(await main(['check', '-'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ packVersion: '2026.11.1', findings: [{ kind: 'insurance-type', lineId: '1' }] });
    expect(err).toEqual([]);
  });

  it('rejects an invalid demo pack like any other', async () => {
    const { io, err } = fakeIO({ [DEFAULT_PACK_PATH]: '{"schemaVersion": 1}' }, JSON.stringify(order));
    expect(await main(['check', '-'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/pack .*demo-pack\.json: id: /);
  });

  it('summarises disabled rules in pack validate', () => {
    const pack = testPack();
    pack.rules[0]!.enabled = false;
    expect(summarisePack(pack)).toBe('ok: interop-test 2026.11.1, 4 rules (by kind: sex 3, insurance-type 1), 1 disabled');
    expect(summarisePack({ ...pack, rules: [] })).toBe('ok: interop-test 2026.11.1, 0 rules');
  });
});
