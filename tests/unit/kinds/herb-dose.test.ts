import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';

// 全蝎: the 两库 第十一批's 饮片 code; 药典（2020年版）【用法与用量】 3～6g.
const QUANXIE = 'T001500639';
const pack = (params: { maxGrams: number; minGrams?: number; source?: string } = { maxGrams: 6, minGrams: 3 }) =>
  makePack([{ id: 'herbdose-quanxie', kind: 'herb-dose', name: '全蝎', match: { codes: [QUANXIE], lineKinds: ['drug'] }, params }]);
const order = (line: Record<string, unknown>, unread?: string[]) => ({
  ...makeOrder({
    encounter: { department: '中医科', diagnoses: [{ code: 'G51.003', name: '周围性面神经麻痹' }] },
    lines: [{ id: '1', code: QUANXIE, name: '全蝎', kind: 'drug', dose: 9, doseUnit: 'g', frequency: 'qd', days: 7, quantity: 63, unit: 'g', price: 2, ...line }],
  }),
  ...(unread ? { unread } : {}),
});

describe('herb-dose (中药饮片超量)', () => {
  it('a 味 above the maximum per 剂 is a warning naming herb, dose, range and source, with 改为 N g and the second signature', () => {
    const [finding, ...rest] = check(pack(), order({})).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'herb-dose', severity: 'warning', lineId: '1' });
    expect(finding!.message).toBe('全蝎 每剂 9g，超过药典用量 3～6g：请改为 6g；确需超量须在该药上方再次签名，否则超出部分医保不予支付');
    expect(finding!.actions).toEqual([
      { type: 'set-dose', value: 6, label: '改为 6g' },
      { type: 'confirm', label: '已在该药上方再次签名' },
    ]);
    // Each 剂 carries 3 of its 9 g too much: a third of 63 g × 2 元.
    expect(finding!.amountAtRisk).toBe(42);
  });

  it('says nothing at or below the maximum, and converts mg', () => {
    expect(check(pack(), order({ dose: 6 })).findings).toEqual([]);
    expect(check(pack(), order({ dose: 6000, doseUnit: 'mg' })).findings).toEqual([]);
    expect(check(pack(), order({ dose: 6500, doseUnit: 'mg' })).findings[0]!.message).toContain('每剂 6.5g');
  });

  it('names its own source and a maximum without a range', () => {
    const message = check(pack({ maxGrams: 5, source: '本院规定' }), order({ dose: 6 })).findings[0]!.message;
    expect(message).toContain('全蝎 每剂 6g，超过本院规定用量 不超过 5g：请改为 5g');
  });

  it('a dose that is not a weight, or no dose, is a data gap, never read as grams', () => {
    const bags = check(pack(), order({ dose: 2, doseUnit: '袋' })).findings;
    expect(bags.map((f) => [f.kind, f.severity, f.message])).toEqual([['data', 'info', '全蝎 剂量单位“袋”不是重量，未按克核对每剂最大剂量 6g']]);
    const none = check(pack(), order({ dose: undefined })).findings;
    expect(none.map((f) => [f.kind, f.message])).toEqual([['data', '全蝎 未填剂量，未核对每剂最大剂量']]);
    const unread = check(pack(), order({ dose: undefined }, ['lines.dose'])).findings;
    expect(unread[0]!.message).toBe('全蝎 页面未读取剂量，未核对每剂最大剂量');
  });

  it('takes an empty unit as grams (饮片 are written in g) unless the page could not read the unit', () => {
    expect(check(pack(), order({ doseUnit: undefined })).findings.map((f) => f.kind)).toEqual(['herb-dose']);
    const unread = check(pack(), order({ doseUnit: undefined }, ['lines.doseUnit'])).findings;
    expect(unread.map((f) => f.kind)).toEqual(['data']);
  });

  it('is a prescribing rule: a 自费 line is judged too, without speaking of payment', () => {
    const [finding] = check(pack(), order({ selfPay: true })).findings;
    expect(finding!.message).toBe('全蝎 每剂 9g，超过药典用量 3～6g：请改为 6g；确需超量须在该药上方再次签名');
    expect(finding!.amountAtRisk).toBeUndefined();
  });

  it('refuses a range whose lower end is above the maximum', () => {
    expect(() => pack({ maxGrams: 3, minGrams: 6 })).toThrow();
  });
});
