import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack, type OrderParts } from '../../support/builders';
import type { PackInput } from '../../../rules/pack/schema';

/**
 * The hospital's indication lists (indication-list: 说明书适应症, 检验检查指征, 治疗指征, 项目适应症)
 * and item contraindications (contraindication on item lines). Codes are national codes of the 两库
 * batches and the demo drug dictionary; diagnoses are ICD-10 医保版 2.0 codes with their names.
 */

const HBA1C = { id: '1', code: '002503020030000', name: '糖化血红蛋白测定', kind: 'item' as const, price: 60, quantity: 1 };
const DIALYSIS = { id: '2', code: '003110000060000', name: '血液透析', kind: 'item' as const, price: 420, quantity: 1 };
const DYDROGESTERONE = { id: '3', code: 'XG03DBD084A001010102180', name: '地屈孕酮片', kind: 'drug' as const, price: 90, quantity: 1 };
const TREADMILL = { id: '4', code: '003107010100200', name: '心电图踏车负荷试验(平板运动试验)', kind: 'item' as const, price: 150, quantity: 1 };

const URI = { code: 'J06.900', name: '急性上呼吸道感染' };
const T2DM = { code: 'E11.900', name: '2型糖尿病' };

const rules: PackInput['rules'] = [
  {
    id: 'itemind-hba1c', kind: 'indication-list', severity: 'warning', basis: '本院诊疗项目指征表',
    match: { prefixes: ['00250302003'], lineKinds: ['item'] },
    params: { purpose: 'test', icdRanges: [{ from: 'E10', to: 'E14' }], icdPrefixes: ['O24', 'R73'], label: '糖尿病、妊娠期糖尿病、血糖水平升高' },
  },
  {
    id: 'itemind-dialysis', kind: 'indication-list', severity: 'warning', basis: '本院诊疗项目指征表',
    match: { prefixes: ['003110000060'], lineKinds: ['item'] },
    params: { purpose: 'treatment', icdRanges: [{ from: 'N17', to: 'N19' }], icdPrefixes: ['E87.5'], label: '肾衰竭、高钾血症' },
  },
  {
    id: 'labelind-dydrogesterone', kind: 'indication-list', severity: 'warning', basis: '药品说明书【适应症】（本院药品说明书适应症表）',
    match: { prefixes: ['XG03DBD084'], lineKinds: ['drug'] },
    params: { purpose: 'label', icdPrefixes: ['N80', 'N97', 'O20.0'], label: '子宫内膜异位症、女性不孕症、先兆流产' },
  },
  {
    id: 'itemci-treadmill', kind: 'contraindication', severity: 'critical', basis: '本院诊疗项目禁忌症表',
    match: { codes: ['003107010100200'], lineKinds: ['item'] }, params: { icdPrefixes: ['I71.0', 'I26'], label: '主动脉夹层、肺栓塞' },
  },
];
const pack = makePack(rules);
const findingsOf = (parts: OrderParts & { unread?: string[] }) => {
  const order = makeOrder(parts);
  if (parts.unread) order.unread = parts.unread;
  return check(pack, order).findings;
};

describe('indication-list', () => {
  it('flags a test without its indication as a payment matter, naming the indications, the diagnoses and the fixes', () => {
    const found = findingsOf({ lines: [HBA1C], encounter: { diagnoses: [URI] } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'indication-list', ruleId: 'itemind-hba1c', lineId: '1', severity: 'warning', amountAtRisk: 60 });
    expect(found[0]!.message).toBe(
      '糖化血红蛋白测定 检验检查指征为糖尿病、妊娠期糖尿病、血糖水平升高，本次诊断（急性上呼吸道感染）不在其中，无指征检验检查医保不予支付：如有相应诊断请补录；筛查等自愿检查请告知患者自费',
    );
    expect(found[0]!.actions.map((a) => a.type)).toEqual(['add-diagnosis', 'remove-line', 'mark-self-pay']);
  });

  it('is clean with an indicated diagnosis among others, by code range and extension', () => {
    expect(findingsOf({ lines: [HBA1C], encounter: { diagnoses: [URI, T2DM] } })).toEqual([]);
    expect(findingsOf({ lines: [HBA1C], encounter: { diagnoses: [{ code: 'R73.000', name: '葡萄糖耐量试验异常' }] } })).toEqual([]);
    expect(findingsOf({ lines: [DIALYSIS], encounter: { diagnoses: [{ code: 'N18.500', name: '慢性肾脏病5期' }] } })).toEqual([]);
  });

  it('says nothing without a diagnosis, and a data gap when the page could not read them', () => {
    expect(findingsOf({ lines: [HBA1C, DIALYSIS] })).toEqual([]);
    const gap = findingsOf({ lines: [HBA1C], unread: ['encounter.diagnoses'] });
    expect(gap.map((f) => [f.kind, f.severity])).toEqual([['data', 'info']]);
  });

  it('leaves 自费 lines and 自费 encounters alone: a payment rule', () => {
    expect(findingsOf({ lines: [{ ...HBA1C, selfPay: true }], encounter: { diagnoses: [URI] } })).toEqual([]);
    expect(findingsOf({ lines: [HBA1C], encounter: { diagnoses: [URI], insuranceType: 'self-pay' } })).toEqual([]);
  });

  it('reports a diagnosis without an ICD-10 code as a gap, not as a missing indication', () => {
    const found = findingsOf({ lines: [HBA1C], encounter: { diagnoses: [URI, { code: 'ZD-0012', name: '糖尿病随访' }] } });
    expect(found.map((f) => [f.kind, f.severity])).toEqual([['data', 'info']]);
    expect(found[0]!.message).toContain('诊断「糖尿病随访」没有 ICD-10 编码，无法核对');
  });

  it('takes a certified 慢病 the list names as the indication', () => {
    expect(findingsOf({ lines: [HBA1C], encounter: { diagnoses: [URI], chronicConditions: ['糖尿病'] } })).toEqual([]);
    expect(findingsOf({ lines: [HBA1C], encounter: { diagnoses: [URI], chronicConditions: ['高血压'] } }).map((f) => f.kind)).toEqual(['indication-list']);
  });

  it('asks for a precise diagnosis when one stops short of the listed codes, rather than calling it outside', () => {
    const [found] = findingsOf({ lines: [DYDROGESTERONE], patient: { sex: 'F', ageYears: 30 }, encounter: { diagnoses: [{ code: 'O20', name: '妊娠早期出血' }] } });
    expect(found).toMatchObject({ kind: 'indication-list', severity: 'warning' });
    expect(found!.message).toBe('地屈孕酮片 说明书适应症为子宫内膜异位症、女性不孕症、先兆流产，诊断「妊娠早期出血」未写明具体类型：请补录明确诊断，否则超说明书适应症用药医保不予支付');
  });

  it('words each list its own way: 治疗指征, and a 说明书 indication that says it is the label’s', () => {
    const [dialysis] = findingsOf({ lines: [DIALYSIS], encounter: { diagnoses: [{ code: 'I10.x00x002', name: '高血压' }] } });
    expect(dialysis!.message).toBe(
      '血液透析 治疗指征为肾衰竭、高钾血症，本次诊断（高血压）不在其中，无指征治疗医保不予支付：如有相应诊断请补录，否则请改用其他治疗或转自费（告知患者）',
    );
    const [label] = findingsOf({ lines: [DYDROGESTERONE], patient: { sex: 'F', ageYears: 30 }, encounter: { diagnoses: [URI] } });
    expect(label!.message).toContain('地屈孕酮片 说明书适应症为子宫内膜异位症、女性不孕症、先兆流产');
    expect(label!.message).toContain('超说明书适应症用药医保不予支付');
    expect(label!.basis).toContain('药品说明书');
    // The drug list's rule does not judge an item line of the same code shape, nor the reverse.
    expect(findingsOf({ lines: [{ ...DYDROGESTERONE, kind: 'item' }], encounter: { diagnoses: [URI] } })).toEqual([]);
  });
});

describe('contraindication on 诊疗项目 lines', () => {
  it('says 检查或治疗, not 药品, and is judged on a 自费 line too', () => {
    const dissection = { code: 'I71.000', name: '主动脉夹层［任何部分］' };
    const [found] = findingsOf({ lines: [TREADMILL], encounter: { diagnoses: [dissection] } });
    expect(found).toMatchObject({ kind: 'contraindication', severity: 'critical' });
    expect(found!.message).toBe(
      '心电图踏车负荷试验(平板运动试验) 主动脉夹层、肺栓塞患者禁用，本次诊断 I71.000 主动脉夹层［任何部分］：请改用其他检查或治疗，医保不予支付',
    );
    expect(found!.actions[0]!.label).toBe('删除此行，改用其他检查或治疗');
    const selfPaid = findingsOf({ lines: [{ ...TREADMILL, selfPay: true }], encounter: { diagnoses: [dissection] } });
    expect(selfPaid.map((f) => f.message)).toEqual(['心电图踏车负荷试验(平板运动试验) 主动脉夹层、肺栓塞患者禁用，本次诊断 I71.000 主动脉夹层［任何部分］：请改用其他检查或治疗']);
    expect(findingsOf({ lines: [TREADMILL], encounter: { diagnoses: [{ code: 'I25.100', name: '动脉硬化性心脏病' }] } })).toEqual([]);
  });
});
