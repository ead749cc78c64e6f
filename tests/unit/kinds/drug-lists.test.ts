import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack, type OrderParts } from '../../support/builders';
import type { PackInput } from '../../../rules/pack/schema';

/**
 * The kinds of the hospital's drug lists: 药品相互作用 (drug-interaction), 药品禁忌症
 * (contraindication), 儿童禁用 / 老年人用药 (age with a 禁用/慎用 use), 超说明书用量 (quantity with the
 * 说明书 daily maximum) and 药品与医疗服务项目不符 (drug-item). Codes are real national codes of
 * ../shared/data (两库 batches' med_codes).
 */

const TADALAFIL = { id: '1', code: 'XG04BET001A001010100299', name: '他达拉非片', kind: 'drug' as const, price: 126, quantity: 1 };
const RIOCIGUAT = { id: '2', code: 'XC02KXL363A001010104021', name: '利奥西呱片', kind: 'drug' as const, price: 300, quantity: 1 };
const SILDENAFIL = 'XG04BEX006A001010100111';
const EDOXABAN = { id: '3', code: 'XB01AFA319A001010101748', name: '甲苯磺酸艾多沙班片', kind: 'drug' as const };
const CILOSTAZOL = { id: '4', code: 'XB01ACX010A001010100177', name: '西洛他唑片', kind: 'drug' as const };
const CODEINE = { id: '5', code: 'XR05DAK058A001010100228', name: '磷酸可待因片', kind: 'drug' as const };
const MEGESTROL = { id: '6', code: 'XG03DBJ032X002010183590', name: '醋酸甲地孕酮口服混悬液', kind: 'drug' as const };
const OZAGREL = { id: '7', code: 'XB01AXA223B001010100269', name: '注射用奥扎格雷钠', kind: 'drug' as const };
const INFUSION = '001204000060000';
const NEEDLE_CARE = '001201000130000';

const rules: PackInput['rules'] = [
  {
    id: 'ddi-pde5-riociguat', kind: 'drug-interaction', severity: 'critical', basis: '本院药品相互作用表',
    match: { prefixes: ['XG04BEX006', 'XG04BET001', 'XC02KXL363'], lineKinds: ['drug'] },
    params: { a: { prefixes: ['XG04BEX006', 'XG04BET001'], label: 'PDE5抑制剂' }, b: { prefixes: ['XC02KXL363'], label: '利奥西呱' }, level: 'contraindicated', note: '合用可致症状性低血压', historyDays: 7 },
  },
  {
    id: 'ddi-edoxaban-antiplatelet', kind: 'drug-interaction', severity: 'warning', basis: '本院药品相互作用表',
    match: { prefixes: ['XB01AFA319', 'XB01AC'], lineKinds: ['drug'] },
    params: { a: { prefixes: ['XB01AFA319'], label: '艾多沙班' }, b: { prefixes: ['XB01AC'], label: '抗血小板药' }, level: 'caution' },
  },
  {
    id: 'ci-cilostazol-hf', kind: 'contraindication', severity: 'critical', basis: '本院药品禁忌症表',
    match: { prefixes: ['XB01ACX010'], lineKinds: ['drug'] }, params: { icdPrefixes: ['I50'], label: '心力衰竭' },
  },
  {
    id: 'age-codeine', kind: 'age', severity: 'critical', basis: '本院儿童与老年人用药表',
    match: { prefixes: ['XR05DAK058'], lineKinds: ['drug'] }, params: { minYears: 12, use: 'contraindicated', population: '不满12岁儿童' },
  },
  {
    id: 'age-megestrol', kind: 'age', severity: 'warning', basis: '本院儿童与老年人用药表',
    match: { prefixes: ['XG03DBJ032'], lineKinds: ['drug'] }, params: { maxYears: 64, use: 'caution', population: '65岁及以上老年人' },
  },
  {
    id: 'maxdose-cilostazol', kind: 'quantity', severity: 'critical', basis: '本院药品最大日剂量表',
    match: { prefixes: ['XB01ACX010'], lineKinds: ['drug'] }, params: { maxDailyDose: { value: 200, unit: 'mg', fromLabel: true } },
  },
  {
    id: 'drugitem-ozagrel', kind: 'drug-item', severity: 'warning', basis: '本院药品与诊疗项目对照表',
    match: { prefixes: ['XB01AXA223B0'], lineKinds: ['drug'] }, params: { items: [INFUSION], itemLabel: '静脉输液' },
  },
];
const pack = makePack(rules);
const findingsOf = (parts: OrderParts) => {
  const order = makeOrder(parts);
  if (parts.unread) order.unread = parts.unread;
  return check(pack, order).findings;
};
const ofKind = (parts: OrderParts, kind: string) => findingsOf(parts).filter((f) => f.kind === kind);

describe('drug-interaction (药品相互作用)', () => {
  it('flags the later line of a 禁用 pair, naming both lines and the interaction, as not payable', () => {
    const [f, ...rest] = ofKind({ lines: [TADALAFIL, RIOCIGUAT] }, 'drug-interaction');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'ddi-pde5-riociguat', lineId: '2', severity: 'critical', relatedLineIds: ['1', '2'], amountAtRisk: 300 });
    expect(f!.message).toBe('利奥西呱片 与 他达拉非片 禁止合用（合用可致症状性低血压）：请删除或换用其中一种，医保不予支付');
    expect(f!.actions.map((a) => a.type)).toEqual(['remove-line']);
  });

  it('is the same pair written the other way round', () => {
    const [f] = ofKind({ lines: [{ ...RIOCIGUAT, id: '1' }, { ...TADALAFIL, id: '2' }] }, 'drug-interaction');
    expect(f).toMatchObject({ lineId: '2', message: expect.stringContaining('他达拉非片 与 利奥西呱片 禁止合用') });
  });

  it('never pairs a drug with itself, nor one side with its own side', () => {
    expect(ofKind({ lines: [TADALAFIL, { ...TADALAFIL, id: '2' }, { ...TADALAFIL, id: '3', code: SILDENAFIL, name: '枸橼酸西地那非片' }] }, 'drug-interaction')).toEqual([]);
    expect(ofKind({ lines: [RIOCIGUAT] }, 'drug-interaction')).toEqual([]);
  });

  it('asks the doctor for a 慎用 pair (an ATC class on one side), with 已评估 first', () => {
    const [f] = ofKind({ lines: [EDOXABAN, CILOSTAZOL] }, 'drug-interaction');
    expect(f).toMatchObject({ ruleId: 'ddi-edoxaban-antiplatelet', lineId: '4', severity: 'warning', relatedLineIds: ['3', '4'] });
    expect(f!.message).toContain('西洛他唑片 与 甲苯磺酸艾多沙班片 合用须谨慎');
    expect(f!.actions.map((a) => a.label)).toEqual(['已评估，确需合用', '删除此行']);
  });

  it('counts a partner of the history within the look-back days, or still supplied then, as a warning', () => {
    const history = (date: string, days?: number) => [{ date, code: SILDENAFIL, ...(days ? { days } : {}) }];
    const [recent] = ofKind({ lines: [RIOCIGUAT], history: history('2026-11-18') }, 'drug-interaction');
    expect(recent).toMatchObject({ lineId: '2', severity: 'warning', relatedLineIds: ['2'] });
    expect(recent!.message).toContain(`利奥西呱片 与 2026-11-18 已开的PDE5抑制剂（${SILDENAFIL}） 禁止合用`);
    expect(recent!.message).toContain('如仍在服用');
    expect(recent!.actions[0]).toMatchObject({ type: 'confirm', label: '已停用PDE5抑制剂' });
    // 7 days back from 2026-11-22 start on 11-16: a prescription of 11-10 for 10 days still runs then.
    expect(ofKind({ lines: [RIOCIGUAT], history: history('2026-11-10', 10) }, 'drug-interaction')).toHaveLength(1);
    expect(ofKind({ lines: [RIOCIGUAT], history: history('2026-11-10', 3) }, 'drug-interaction')).toEqual([]);
    expect(ofKind({ lines: [RIOCIGUAT], history: history('2026-11-15') }, 'drug-interaction')).toEqual([]);
    // A later date in the history is not an earlier prescription.
    expect(ofKind({ lines: [RIOCIGUAT], history: history('2026-11-23') }, 'drug-interaction')).toEqual([]);
  });

  it('looks at no history when the list gives no look-back days', () => {
    const history = [{ date: '2026-11-21', code: CILOSTAZOL.code, days: 30 }];
    expect(ofKind({ lines: [EDOXABAN], history }, 'drug-interaction')).toEqual([]);
  });

  it('checks 自费 lines too, without saying 医保不予支付', () => {
    const [f] = ofKind({ lines: [TADALAFIL, { ...RIOCIGUAT, selfPay: true }] }, 'drug-interaction');
    expect(f).toMatchObject({ lineId: '2', severity: 'critical' });
    expect(f!.message).not.toContain('医保');
  });
});

describe('contraindication (药品禁忌症)', () => {
  const hf = [{ code: 'I50.900', name: '心力衰竭' }];
  it('flags a drug contraindicated in a diagnosis of the encounter, naming the diagnosis', () => {
    const [f] = ofKind({ lines: [CILOSTAZOL], encounter: { diagnoses: hf } }, 'contraindication');
    expect(f).toMatchObject({ ruleId: 'ci-cilostazol-hf', lineId: '4', severity: 'critical' });
    expect(f!.message).toBe('西洛他唑片 心力衰竭患者禁用，本次诊断 I50.900 心力衰竭：请改用其他药品，医保不予支付');
    expect(f!.actions.map((a) => a.type)).toEqual(['remove-line', 'add-diagnosis']);
  });

  it('says nothing without that diagnosis, or without any diagnosis', () => {
    expect(ofKind({ lines: [CILOSTAZOL], encounter: { diagnoses: [{ code: 'I73.900', name: '周围血管疾病' }] } }, 'contraindication')).toEqual([]);
    expect(findingsOf({ lines: [CILOSTAZOL] }).filter((f) => f.ruleId === 'ci-cilostazol-hf')).toEqual([]);
  });

  it('reports unread diagnoses as a data gap, not as none', () => {
    const found = findingsOf({ lines: [CILOSTAZOL], unread: ['encounter.diagnoses'] }).filter((f) => f.ruleId === 'ci-cilostazol-hf');
    expect(found).toMatchObject([{ kind: 'data', severity: 'info', message: expect.stringContaining('未核对药品禁忌症') }]);
  });

  it('is checked on a 自费 line too', () => {
    const [f] = ofKind({ lines: [{ ...CILOSTAZOL, selfPay: true }], encounter: { diagnoses: hf } }, 'contraindication');
    expect(f!.message).toBe('西洛他唑片 心力衰竭患者禁用，本次诊断 I50.900 心力衰竭：请改用其他药品');
  });
});

describe('age from the 儿童禁用 / 老年人用药 list', () => {
  it('flags 禁用 below the bound, without 转自费, and leaves the bound itself alone', () => {
    const [f] = ofKind({ lines: [CODEINE], patient: { ageYears: 8 } }, 'age');
    expect(f).toMatchObject({ ruleId: 'age-codeine', severity: 'critical' });
    expect(f!.message).toBe('磷酸可待因片 不满12岁儿童禁用，患者 8 岁：请改用其他药品，医保不予支付');
    expect(f!.actions.map((a) => a.type)).toEqual(['remove-line']);
    expect(ofKind({ lines: [CODEINE], patient: { ageYears: 12 } }, 'age')).toEqual([]);
  });

  it('asks the doctor about a 慎用 drug for the elderly', () => {
    const [f] = ofKind({ lines: [MEGESTROL], patient: { ageYears: 78 } }, 'age');
    expect(f).toMatchObject({ ruleId: 'age-megestrol', severity: 'warning', message: '醋酸甲地孕酮口服混悬液 65岁及以上老年人慎用，患者 78 岁：请评估获益与风险，确需使用请确认并加强监测，或改用其他药品' });
    expect(f!.actions[0]).toMatchObject({ type: 'confirm', label: '已评估，确需使用' });
    expect(ofKind({ lines: [MEGESTROL], patient: { ageYears: 64 } }, 'age')).toEqual([]);
  });

  it('says it could not check when the age is unknown', () => {
    const order = makeOrder({ lines: [CODEINE] });
    delete order.patient.ageYears;
    expect(check(pack, order).findings).toMatchObject([{ kind: 'data', severity: 'info', message: '磷酸可待因片 不满12岁儿童禁用，患者年龄未知，未核对' }]);
  });

  it('is checked on a 自费 line too, while a 限年龄 payment rule is not', () => {
    const [f] = ofKind({ lines: [{ ...CODEINE, selfPay: true }], patient: { ageYears: 8 } }, 'age');
    expect(f!.message).toBe('磷酸可待因片 不满12岁儿童禁用，患者 8 岁：请改用其他药品');
    const payment = makePack([{ id: 'age-pay', kind: 'age', severity: 'critical', match: { prefixes: ['XR05DAK058'] }, params: { minYears: 18 } }]);
    expect(check(payment, makeOrder({ lines: [{ ...CODEINE, selfPay: true }], patient: { ageYears: 8 } })).findings).toEqual([]);
    expect(check(payment, makeOrder({ lines: [CODEINE], patient: { ageYears: 8 } })).findings).toHaveLength(1);
  });
});

describe('quantity with the 说明书 daily maximum (超说明书用量)', () => {
  const line = (dose: number, frequency: string, extra = {}) => ({ ...CILOSTAZOL, dose, doseUnit: 'mg', frequency, spec: '50mg*24片', ...extra });
  it('flags a daily dose over the label’s, as 超说明书 with the hospital’s approval as the way on', () => {
    const [f] = ofKind({ lines: [line(100, 'tid')] }, 'quantity');
    expect(f).toMatchObject({ ruleId: 'maxdose-cilostazol', severity: 'critical' });
    expect(f!.message).toBe('西洛他唑片 日剂量 300mg（100mg×3次），超过说明书每日最大剂量 200mg：请减量；确需超说明书用药须经本院审批备案，超出部分医保不予支付');
    expect(f!.actions).toEqual([{ type: 'confirm', label: '已按本院超说明书用药规定审批备案' }]);
    expect(ofKind({ lines: [line(100, 'bid')] }, 'quantity')).toEqual([]);
    expect(ofKind({ lines: [line(0.1, 'bid', { doseUnit: 'g' })] }, 'quantity')).toEqual([]);
  });

  it('keeps the payment wording off a 自费 line', () => {
    const [f] = ofKind({ lines: [line(100, 'tid', { selfPay: true })] }, 'quantity');
    expect(f!.message).toMatch(/须经本院审批备案$/);
  });
});

describe('drug-item (药品与医疗服务项目不符)', () => {
  const item = (code: string, name: string, date?: string) => ({ id: `i-${code}`, code, name, kind: 'item' as const, ...(date ? { date } : {}) });
  it('flags a listed drug when the order shows items but not its own that day', () => {
    const [f, ...rest] = ofKind({ encounter: { visitType: 'inpatient' }, lines: [OZAGREL, item(NEEDLE_CARE, '动静脉置管护理')] }, 'drug-item');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'drugitem-ozagrel', lineId: '7', severity: 'warning' });
    expect(f!.message).toBe('注射用奥扎格雷钠 须与静脉输液项目同日收费，当日未见该项目：请补开项目或核对给药途径，否则医保不予支付');
    expect(f!.actions[0]).toMatchObject({ type: 'confirm', label: '已在其他单据收取静脉输液' });
  });

  it('is satisfied by the item that day, in the order or in the history', () => {
    expect(ofKind({ lines: [OZAGREL, item(INFUSION, '静脉输液')] }, 'drug-item')).toEqual([]);
    expect(ofKind({ lines: [OZAGREL], history: [{ date: '2026-11-22', code: INFUSION }] }, 'drug-item')).toEqual([]);
    expect(ofKind({ lines: [OZAGREL], history: [{ date: '2026-11-21', code: INFUSION }] }, 'drug-item')).toHaveLength(1);
    expect(ofKind({ lines: [OZAGREL, item(INFUSION, '静脉输液', '2026-11-21')] }, 'drug-item')).toHaveLength(1);
  });

  it('says nothing on a page that shows no items at all, or for a 自费 line', () => {
    expect(ofKind({ lines: [OZAGREL] }, 'drug-item')).toEqual([]);
    expect(ofKind({ lines: [OZAGREL], history: [{ date: '2026-11-20', code: CILOSTAZOL.code }] }, 'drug-item')).toEqual([]);
    expect(ofKind({ lines: [{ ...OZAGREL, selfPay: true }, item(NEEDLE_CARE, '动静脉置管护理')] }, 'drug-item')).toEqual([]);
  });
});
