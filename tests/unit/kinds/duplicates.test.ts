import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';

// 两库 第七批 重复收费: 急诊监护费 includes 急诊诊查费. 第二批 主次操作: 胃肠手术组.
const ER_MONITOR = '001103000010000';
const ER_VISIT = '001102000030000';
const ESOPHAGECTOMY = '003310010140000'; // 食管癌根治+结肠代食管术
const ANASTOMOSIS = '003310010160000'; // 食管胃吻合口狭窄切开成形术
// Real national drug codes: 阿利沙坦酯片 in two pack sizes (same ingredient), and two PPIs.
const ALLISARTAN_A = 'XC09CAA284A001010100553';
const ALLISARTAN_B = 'XC09CAA284A001020100553';
const OMEPRAZOLE = 'XA02BCA211A001010100001';
const PANTOPRAZOLE = 'XA02BCP057A001010100001';

const pack = makePack([
  { id: 'dup-ingredient', kind: 'duplicate-drug', match: { lineKinds: ['drug'] }, params: { by: 'ingredient' } },
  {
    id: 'dup-ppi',
    kind: 'duplicate-drug',
    match: { lineKinds: ['drug'] },
    params: { by: 'class', classes: ['A02BC'], classLabel: '质子泵抑制剂' },
  },
  {
    id: 'b7-er-monitor',
    kind: 'duplicate-charge',
    match: { codes: [ER_MONITOR, ER_VISIT] },
    params: { mode: 'pair', main: [ER_MONITOR], secondary: [ER_VISIT], note: '含监护、床位、诊查、护理' },
  },
  { id: 'b2-gi', kind: 'duplicate-charge', match: { codes: [ESOPHAGECTOMY, ANASTOMOSIS] }, params: { mode: 'group', group: '胃肠手术组' } },
]);
const drug = (id: string, code: string) => ({ id, code, name: code, kind: 'drug' as const });
const item = (id: string, code: string, date?: string) => ({ id, code, name: code, kind: 'item' as const, price: 20, quantity: 1, date });

describe('duplicate-drug rule', () => {
  it('the same ingredient in two pack sizes is a duplicate, reported on the later line', () => {
    const { findings } = check(pack, makeOrder({ lines: [drug('1', ALLISARTAN_A), drug('2', ALLISARTAN_B)] }));
    expect(findings).toMatchObject([{ ruleId: 'dup-ingredient', lineId: '2', relatedLineIds: ['1', '2'] }]);
  });
  it('two different PPIs are a class duplicate', () => {
    const { findings } = check(pack, makeOrder({ lines: [drug('1', OMEPRAZOLE), drug('2', PANTOPRAZOLE)] }));
    expect(findings).toMatchObject([{ ruleId: 'dup-ppi', lineId: '2' }]);
    expect(findings[0]!.message).toContain('质子泵抑制剂');
  });
  it('different ingredients of different classes are fine', () => {
    expect(check(pack, makeOrder({ lines: [drug('1', ALLISARTAN_A), drug('2', OMEPRAZOLE)] })).findings).toEqual([]);
  });
});

describe('duplicate-drug rule with the history (refillDays)', () => {
  const refill = makePack([{ id: 'dup-supply', kind: 'duplicate-drug', match: { lineKinds: ['drug'] }, params: { by: 'ingredient', refillDays: 3 } }]);
  // The order is dated 2026-11-22; 28 days from 2026-11-01 last up to 2026-11-28.
  const supplied = (history: { date: string; code: string; days?: number; visitType?: 'outpatient' | 'inpatient' }[], visitType: 'outpatient' | 'inpatient' = 'outpatient') =>
    check(refill, makeOrder({ encounter: { visitType }, lines: [{ ...drug('1', ALLISARTAN_B), name: '阿利沙坦酯片' }], history })).findings;

  it('an earlier prescription of the same ingredient with 7 days still left is a duplicate, naming when it runs out', () => {
    const [finding, ...rest] = supplied([{ date: '2026-11-01', code: ALLISARTAN_A, days: 28 }]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'dup-supply', lineId: '1', severity: 'warning', relatedLineIds: ['1'] });
    expect(finding!.message).toContain('2026-11-01 已开同成分药品');
    expect(finding!.message).toContain('可用至 2026-11-28，尚余 7 天');
    expect(finding!.message).toContain('医保不予支付');
    expect(finding!.actions.map((a) => a.type)).toEqual(['remove-line', 'confirm']);
  });
  it('a refill within refillDays of the supply running out is the usual 续方', () => {
    expect(supplied([{ date: '2026-10-28', code: ALLISARTAN_A, days: 28 }])).toEqual([]); // lasts to 11-24: 3 days left
    expect(supplied([{ date: '2026-10-29', code: ALLISARTAN_A, days: 28 }])[0]!.message).toContain('尚余 4 天');
  });
  it('the supply lasting longest decides', () => {
    const [finding] = supplied([
      { date: '2026-10-20', code: ALLISARTAN_A, days: 30 },
      { date: '2026-11-15', code: ALLISARTAN_A, days: 14 },
    ]);
    expect(finding!.message).toContain('2026-11-15');
    expect(finding!.message).toContain('尚余 7 天');
  });
  it('says nothing without days, for inpatient supply or orders, for the same day, or for another ingredient', () => {
    expect(supplied([{ date: '2026-11-10', code: ALLISARTAN_A }])).toEqual([]);
    expect(supplied([{ date: '2026-11-10', code: ALLISARTAN_A, days: 28, visitType: 'inpatient' }])).toEqual([]);
    expect(supplied([{ date: '2026-11-10', code: ALLISARTAN_A, days: 28 }], 'inpatient')).toEqual([]);
    expect(supplied([{ date: '2026-11-22', code: ALLISARTAN_A, days: 28 }])).toEqual([]);
    expect(supplied([{ date: '2026-11-10', code: OMEPRAZOLE, days: 28 }])).toEqual([]);
  });
  it('without refillDays the history is not read', () => {
    const order = makeOrder({ lines: [drug('1', ALLISARTAN_B)], history: [{ date: '2026-11-10', code: ALLISARTAN_A, days: 28 }] });
    expect(check(pack, order).findings).toEqual([]);
  });
  it('a patient paying the line is told of the duplicate without the 医保 wording', () => {
    const order = makeOrder({ lines: [{ ...drug('1', ALLISARTAN_B), selfPay: true }], history: [{ date: '2026-11-10', code: ALLISARTAN_A, days: 28 }] });
    const [finding] = check(refill, order).findings;
    expect(finding!.message).toContain('重复开药');
    expect(finding!.message).not.toContain('医保');
  });
});

describe('duplicate-charge rule', () => {
  it('急诊诊查费 with 急诊监护费 on the same day is flagged on the included item', () => {
    const { findings } = check(pack, makeOrder({ lines: [item('1', ER_MONITOR), item('2', ER_VISIT)] }));
    expect(findings).toMatchObject([{ kind: 'duplicate-charge', lineId: '2', amountAtRisk: 20 }]);
  });
  it('on different days it is not', () => {
    const lines = [item('1', ER_MONITOR, '2026-11-21'), item('2', ER_VISIT, '2026-11-22')];
    expect(check(pack, makeOrder({ lines })).findings).toEqual([]);
  });
  it('a main item already charged today (history) counts', () => {
    const order = makeOrder({ lines: [item('2', ER_VISIT)], history: [{ date: '2026-11-22', code: ER_MONITOR }] });
    expect(check(pack, order).findings).toHaveLength(1);
  });
  it('the included item alone is fine', () => {
    expect(check(pack, makeOrder({ lines: [item('2', ER_VISIT)] })).findings).toEqual([]);
  });
  it('two operations of one group: the second must be discounted', () => {
    const { findings } = check(pack, makeOrder({ lines: [item('1', ESOPHAGECTOMY), item('2', ANASTOMOSIS)] }));
    expect(findings).toMatchObject([{ lineId: '2', kind: 'duplicate-charge' }]);
    expect(findings[0]!.message).toContain('折价');
    expect(check(pack, makeOrder({ lines: [item('1', ESOPHAGECTOMY)] })).findings).toEqual([]);
  });
});

describe('duplicate-charge group across days', () => {
  it('operations of one group on different days are separate surgeries', () => {
    const lines = [item('1', ESOPHAGECTOMY, '2026-11-12'), item('2', ANASTOMOSIS, '2026-11-22')];
    expect(check(pack, makeOrder({ lines })).findings).toEqual([]);
    const sameDay = [item('1', ESOPHAGECTOMY, '2026-11-22'), item('2', ANASTOMOSIS, '2026-11-22')];
    expect(check(pack, makeOrder({ lines: sameDay })).findings).toHaveLength(1);
  });
});
