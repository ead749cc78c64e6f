import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack, type OrderParts } from '../../support/builders';
import { compilePack } from '../../../rules/engine/compile';
import { EngineSession } from '../../../rules/engine/session';
import { evaluate } from '../../../rules/engine/evaluate';
import type { PackInput } from '../../../rules/pack/schema';

/**
 * The 医用耗材 kinds (contract line kind `material`): a consumable without the item it goes with,
 * and a consumable over its quantity. Codes: the national 27-character format, constructed.
 */
const INFUSION_SET = 'C14010100101010000001000123';
const CANNULA = 'C14010300201010000001000456';
const CANNULA_OTHER_MAKER = 'C14010300201010000001000999';
const IV_INFUSION = '001204000060000';
const SCALP_INFUSION = '001204000070000';

type RuleIn = PackInput['rules'][number];
const itemRule: RuleIn = {
  id: 'c-item',
  kind: 'consumable-item',
  name: '一次性使用输液器（带针）',
  match: { codes: [INFUSION_SET], lineKinds: ['material'] },
  params: { items: [IV_INFUSION, SCALP_INFUSION], itemLabel: '静脉输液' },
};
const quantityRule = (params: object, match: RuleIn['match'] = { codes: [CANNULA], lineKinds: ['material'] }): RuleIn => ({
  id: 'c-qty',
  kind: 'consumable-quantity',
  // As an import sets it: a hard limit exceeded is not paid.
  severity: 'critical',
  name: '一次性使用静脉留置针',
  match,
  params: params as never,
});

const infusionSet = (id: string, extra: object = {}) => ({ id, code: INFUSION_SET, name: '一次性使用输液器（带针）', kind: 'material' as const, quantity: 1, unit: '套', price: 4.5, ...extra });
const infusion = (id: string, extra: object = {}) => ({ id, code: IV_INFUSION, name: '静脉输液', kind: 'item' as const, quantity: 1, unit: '次', price: 8, ...extra });
const cannula = (id: string, quantity: number | undefined, extra: object = {}) => ({ id, code: CANNULA, name: '一次性使用静脉留置针', kind: 'material' as const, quantity, unit: '支', price: 18, ...extra });

const findingsOf = (rules: RuleIn[], parts: OrderParts) => check(makePack(rules), makeOrder(parts)).findings;

describe('consumable-item (医用耗材与医疗服务项目不符)', () => {
  it('flags a consumable charged without any of its items that day, as a warning the doctor can confirm', () => {
    const findings = findingsOf([itemRule], { lines: [infusionSet('1')] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'consumable-item', lineId: '1', severity: 'warning', amountAtRisk: 4.5 });
    expect(findings[0]!.message).toContain('须与静脉输液配套收费');
    expect(findings[0]!.message).toContain('当日未见该项目');
    expect(findings[0]!.actions.map((a) => a.type)).toEqual(['remove-line', 'confirm', 'mark-self-pay']);
  });

  it('is satisfied by any listed item on the same day, on the order or in the history', () => {
    expect(findingsOf([itemRule], { lines: [infusionSet('1'), infusion('2')] })).toEqual([]);
    expect(findingsOf([itemRule], { lines: [{ id: '2', code: SCALP_INFUSION, name: '小儿头皮静脉输液', kind: 'item' }, infusionSet('1')] })).toEqual([]);
    expect(findingsOf([itemRule], { lines: [infusionSet('1')], history: [{ date: '2026-11-22', code: IV_INFUSION, quantity: 1 }] })).toEqual([]);
  });

  it('wants the item on the consumable’s own day, unless the rule says the visit', () => {
    const lines = [infusion('1', { date: '2026-11-21' }), infusionSet('2', { date: '2026-11-22' })];
    const dayFindings = findingsOf([itemRule], { encounter: { visitType: 'inpatient', date: '2026-11-20' }, lines });
    expect(dayFindings).toMatchObject([{ lineId: '2' }]);
    expect(dayFindings[0]!.message).toContain('2026-11-22 当日');
    const visitRule = { ...itemRule, params: { ...itemRule.params, within: 'visit' } } as RuleIn;
    expect(findingsOf([visitRule], { encounter: { visitType: 'inpatient', date: '2026-11-20' }, lines })).toEqual([]);
    const earlier = findingsOf([visitRule], { lines: [infusionSet('1')], history: [{ date: '2026-11-19', code: IV_INFUSION }] });
    expect(earlier).toEqual([]);
  });

  it('leaves 自费 lines and 自费 encounters alone', () => {
    expect(findingsOf([itemRule], { lines: [infusionSet('1', { selfPay: true })] })).toEqual([]);
    expect(findingsOf([itemRule], { encounter: { insuranceType: 'self-pay' }, lines: [infusionSet('1')] })).toEqual([]);
  });

  it('names the item codes when the rule gives no label', () => {
    const bare = { ...itemRule, params: { items: [IV_INFUSION] } } as RuleIn;
    expect(findingsOf([bare], { lines: [infusionSet('1')] })[0]!.message).toContain(`项目 ${IV_INFUSION}`);
  });

  it('answers the same in an incremental session when the item line is added or removed', () => {
    const compiled = compilePack(makePack([itemRule]));
    const session = new EngineSession(compiled);
    const without = makeOrder({ lines: [infusionSet('1')] });
    const withItem = makeOrder({ lines: [infusionSet('1'), infusion('2')] });
    expect(session.evaluate(without).findings).toHaveLength(1);
    expect(session.evaluate(withItem).findings).toEqual(evaluate(compiled, withItem).findings);
    expect(session.evaluate(withItem).findings).toEqual([]);
    expect(session.evaluate(without).findings).toHaveLength(1);
  });
});

describe('consumable-quantity (医用耗材数量超标)', () => {
  it('flags the line that takes one day over the limit, with the excess, the fix and the amount at risk', () => {
    const findings = findingsOf([quantityRule({ max: 2, unit: '支', per: 'day' })], { lines: [cannula('1', 1), cannula('2', 3)] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'consumable-quantity', lineId: '2', severity: 'critical', amountAtRisk: 36, relatedLineIds: ['1', '2'] });
    expect(findings[0]!.message).toBe('一次性使用静脉留置针 医保限每日 2支，累计 4支（此前已开 1支），超出 2支 医保不予支付');
    expect(findings[0]!.actions[0]).toMatchObject({ type: 'set-quantity', value: 1 });
  });

  it('lets the limit through and counts each day on its own', () => {
    const rule = quantityRule({ max: 2, unit: '支', per: 'day' });
    expect(findingsOf([rule], { lines: [cannula('1', 2)] })).toEqual([]);
    const twoDays = [cannula('1', 2, { date: '2026-11-21' }), cannula('2', 2, { date: '2026-11-22' })];
    expect(findingsOf([rule], { encounter: { visitType: 'inpatient' }, lines: twoDays })).toEqual([]);
  });

  it('adds the day’s earlier charges from the history', () => {
    const rule = quantityRule({ max: 1, unit: '支', per: 'day' });
    const history = [{ date: '2026-11-22', code: CANNULA, quantity: 1, unit: '支' }, { date: '2026-11-21', code: CANNULA, quantity: 5, unit: '支' }];
    const findings = findingsOf([rule], { lines: [cannula('1', 1)], history });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('此前已开 1支');
    expect(findings[0]!.actions.map((a) => a.type)).toEqual(['remove-line', 'mark-self-pay']);
  });

  it('counts every maker’s code under the rule as one consumable', () => {
    const rule = quantityRule({ max: 1, per: 'day' }, { prefixes: [CANNULA.slice(0, 20)], lineKinds: ['material'] });
    const findings = findingsOf([rule], { lines: [cannula('1', 1), cannula('2', 1, { code: CANNULA_OTHER_MAKER })] });
    expect(findings).toMatchObject([{ lineId: '2' }]);
  });

  it('counts per line or per visit when the rule says so', () => {
    const perLine = quantityRule({ max: 2, unit: '支', per: 'line' });
    expect(findingsOf([perLine], { lines: [cannula('1', 2), cannula('2', 2)] })).toEqual([]);
    expect(findingsOf([perLine], { lines: [cannula('1', 3)] })[0]!.message).toContain('医保限每次 2支，本行 3支');
    const perVisit = quantityRule({ max: 2, unit: '支', per: 'visit' });
    const stay = { visitType: 'inpatient' as const, date: '2026-11-18' };
    const lines = [cannula('1', 1, { date: '2026-11-19' }), cannula('2', 1, { date: '2026-11-21' })];
    expect(findingsOf([perVisit], { encounter: stay, lines })).toEqual([]);
    const history = [{ date: '2026-11-18', code: CANNULA, quantity: 1, unit: '支' }, { date: '2026-10-02', code: CANNULA, quantity: 4, unit: '支' }];
    const over = findingsOf([perVisit], { encounter: stay, lines, history });
    expect(over).toMatchObject([{ lineId: '2' }]);
    expect(over[0]!.message).toContain('每次住院');
  });

  it('does not guess: no quantity, no unit or another unit is a data gap, not a count', () => {
    const rule = quantityRule({ max: 1, unit: '支', per: 'day' });
    const findings = findingsOf([rule], {
      lines: [cannula('1', undefined), cannula('2', 5, { unit: '盒' }), cannula('3', 5, { unit: undefined }), cannula('4', 1)],
    });
    expect(findings.map((f) => [f.lineId, f.kind, f.severity])).toEqual([
      ['1', 'data', 'info'],
      ['2', 'data', 'info'],
      ['3', 'data', 'info'],
    ]);
    expect(findings[1]!.message).toContain('数量单位「盒」与限定单位「支」不同');
  });

  it('takes the first line’s unit when the rule has none, and converts measures', () => {
    const rule = quantityRule({ max: 2, per: 'day' });
    expect(findingsOf([rule], { lines: [cannula('1', 2), cannula('2', 1)] })[0]!.message).toContain('医保限每日 2支');
    const gel = quantityRule({ max: 0.5, unit: 'L', per: 'day' });
    const lines = [{ id: '1', code: CANNULA, name: '耦合剂', kind: 'material' as const, quantity: 600, unit: 'ml' }];
    expect(findingsOf([gel], { lines })).toMatchObject([{ kind: 'consumable-quantity' }]);
  });

  it('leaves 自费 lines out of the count', () => {
    const rule = quantityRule({ max: 1, unit: '支', per: 'day' });
    expect(findingsOf([rule], { lines: [cannula('1', 1), cannula('2', 3, { selfPay: true })] })).toEqual([]);
  });

  it('reports an unread 数量 column as a gap, not as nothing charged', () => {
    const rule = quantityRule({ max: 1, unit: '支', per: 'day' });
    const order = makeOrder({ lines: [cannula('1', undefined), cannula('2', undefined)] });
    const findings = check(makePack([rule]), { ...order, unread: ['lines.quantity'] }).findings;
    expect(findings.map((f) => [f.lineId, f.kind])).toEqual([['1', 'data'], ['2', 'data']]);
    expect(findings[0]!.message).toContain('页面未读取');
  });
});

describe('existing kinds on 耗材 lines', () => {
  const material = (code: string, name: string) => ({ id: '1', code, name, kind: 'material' as const, quantity: 1, unit: '个', price: 260 });
  it('sex, age, department and indication read the same for a consumable as for a drug', () => {
    const iud = material('C12020100101010000001000654', '宫内节育器');
    const sexRule: RuleIn = { id: 's', kind: 'sex', severity: 'critical', match: { codes: [iud.code] }, params: { allowed: 'F' } };
    expect(findingsOf([sexRule], { lines: [iud] })[0]).toMatchObject({ kind: 'sex', severity: 'critical', message: '宫内节育器 限女性使用，患者为男性，医保不予支付' });
    const scalp = material('C14010200301010000001000789', '一次性使用头皮静脉输液针（小儿）');
    const ageRule: RuleIn = { id: 'a', kind: 'age', match: { codes: [scalp.code] }, params: { group: 'child', label: '儿童' } };
    expect(findingsOf([ageRule], { lines: [scalp] })[0]!.message).toBe('一次性使用头皮静脉输液针（小儿） 限儿童，患者 45 岁，医保不予支付');
    expect(findingsOf([ageRule], { patient: { ageYears: 6 }, lines: [scalp] })).toEqual([]);
    const dialyser = material('C07010100101010000001000987', '一次性使用血液透析器');
    const deptRule: RuleIn = { id: 'd', kind: 'department', match: { codes: [dialyser.code] }, params: { keywords: ['肾内科', '血液净化'] } };
    expect(findingsOf([deptRule], { lines: [dialyser] })[0]).toMatchObject({ kind: 'department', message: expect.stringContaining('本科室（心血管内科）') });
    expect(findingsOf([deptRule], { encounter: { department: '血液净化中心' }, lines: [dialyser] })).toEqual([]);
    const needle = material('C14010500401010000001000321', '一次性使用无菌胰岛素笔用针头');
    const dxRule: RuleIn = { id: 'i', kind: 'indication', match: { codes: [needle.code] }, params: { icdRanges: [{ from: 'E10', to: 'E14' }], keywords: ['糖尿病'], label: '糖尿病' } };
    expect(findingsOf([dxRule], { encounter: { diagnoses: [{ code: 'I10.x00x002', name: '高血压' }] }, lines: [needle] })[0]).toMatchObject({ kind: 'indication', message: expect.stringContaining('限糖尿病') });
    expect(findingsOf([dxRule], { encounter: { diagnoses: [{ code: 'E11.900', name: '2型糖尿病' }] }, lines: [needle] })).toEqual([]);
  });

  it('duplicate-charge reads a consumable the item’s price includes as the pair’s secondary line', () => {
    const dressing = { ...material('C15010100501010000001000111', '透明敷贴'), id: '2' };
    const care = { id: '1', code: '001201000130000', name: '动静脉置管护理', kind: 'item' as const, quantity: 1 };
    const rule: RuleIn = {
      id: 'p', kind: 'duplicate-charge', match: { codes: [care.code, dressing.code] },
      params: { mode: 'pair', main: [care.code], secondary: [dressing.code], note: '项目含敷料' },
    };
    expect(findingsOf([rule], { lines: [care, dressing] })).toMatchObject([{ kind: 'duplicate-charge', lineId: '2', message: expect.stringContaining('与同日 动静脉置管护理 重复收费（项目含敷料）') }]);
    expect(findingsOf([rule], { lines: [dressing] })).toEqual([]);
  });
});
