import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';

// 两库 第八批-4 周期超频次: 糖化血红蛋白测定 1 次 / 15 天; 第八批-1 限定频次: 住院诊查费 1 次 / 日.
const HBA1C = '002503020030000';
const WARD_VISIT = '001102000050000';
const pack = makePack([
  { id: 'b8-hba1c', kind: 'frequency', match: { codes: [HBA1C] }, params: { maxCount: 1, periodDays: 15 } },
  { id: 'b8-ward', kind: 'frequency', match: { codes: [WARD_VISIT] }, params: { maxCount: 1, periodDays: 1 } },
]);
const test = (quantity = 1, extra: object = {}) => ({ id: '1', code: HBA1C, name: '糖化血红蛋白测定', kind: 'item' as const, quantity, price: 45, ...extra });

describe('frequency rule', () => {
  it('a second HbA1c 14 days later is flagged, 15 days later is not', () => {
    const at = (date: string) => check(pack, makeOrder({ lines: [test()], history: [{ date, code: HBA1C, quantity: 1 }] })).findings;
    expect(at('2026-11-08')).toMatchObject([{ kind: 'frequency', amountAtRisk: 45 }]);
    expect(at('2026-11-07')).toEqual([]);
  });
  it('two in one order are flagged', () => {
    expect(check(pack, makeOrder({ lines: [test(2)] })).findings).toHaveLength(1);
    expect(check(pack, makeOrder({ lines: [test(), test(1, { id: '2' })] })).findings.map((f) => f.lineId)).toEqual(['2']);
  });
  it('住院诊查费 once a day: 5 over a 5-day line passes, 6 does not', () => {
    const ward = (quantity: number) => ({ id: '1', code: WARD_VISIT, kind: 'item' as const, quantity, days: 5 });
    const inpatient = { visitType: 'inpatient' as const };
    expect(check(pack, makeOrder({ encounter: inpatient, lines: [ward(5)] })).findings).toEqual([]);
    const f = check(pack, makeOrder({ encounter: inpatient, lines: [ward(6)] })).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.actions[0]).toMatchObject({ type: 'set-quantity', value: 5 });
  });
});
