import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';
import { parseChronicDiseases } from '../../../adapters/transforms';
import { ordersFrom3101, parse3101 } from '../../../rules/interop/nhsa3101';
import { orderTo3101 } from '../../../rules/interop/order-to-3101';

// Codes of the golden orders: 阿利沙坦酯片 (C09CA), 盐酸二甲双胍片 (A10BA), a 中成药 and a 饮片.
const ALLISARTAN = 'XC09CAA284A001010100553';
const METFORMIN = 'XA10BAE001A001010100001';
const ZHONGCHENGYAO = 'ZC01AAK0019010100386';
const HUANGQI = 'T001700368';

const pack = makePack([
  {
    id: 'chronic-drugs',
    kind: 'chronic-drug',
    severity: 'critical',
    match: { lineKinds: ['drug'] },
    params: {
      diseases: [
        { code: 'M03900', name: '高血压病', prefixes: ['XC09', 'XC08CA'] },
        { code: 'M01600', name: '糖尿病', prefixes: ['XA10'], codes: [HUANGQI] },
      ],
    },
  },
]);
const line = (id: string, code: string, name: string, extra: Record<string, unknown> = {}) => ({ id, code, name, kind: 'drug' as const, ...extra });
const order = (diseases: { code?: string; name?: string }[] | undefined, lines = [line('1', ALLISARTAN, '阿利沙坦酯片'), line('2', METFORMIN, '盐酸二甲双胍片')], encounter: Record<string, unknown> = {}) =>
  makeOrder({ encounter: { ...(diseases ? { chronicDiseases: diseases } : {}), ...encounter }, lines });

describe('chronic-drug (超慢特病用药范围)', () => {
  it('a drug outside the list of the visit\'s 病种 is not paid under it: critical, naming 病种 and drug, 改为自费 or 更换', () => {
    const [finding, ...rest] = check(pack, order([{ code: 'M03900', name: '高血压病' }])).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'chronic-drug', severity: 'critical', lineId: '2' });
    expect(finding!.message).toBe('盐酸二甲双胍片 不在门诊慢特病「高血压病」的用药范围内，医保不予支付（超出该慢特病病种用药范围）：请改为自费，或更换为目录内药品');
    expect(finding!.actions.map((a) => [a.type, a.label])).toEqual([
      ['mark-self-pay', '改为自费'],
      ['remove-line', '更换为目录内药品'],
    ]);
  });

  it('finds the 病种 by code, or by name when a side has no code (高血压 is 高血压病)', () => {
    expect(check(pack, order([{ code: 'm03900' }])).findings.map((f) => f.lineId)).toEqual(['2']);
    expect(check(pack, order([{ name: '高血压' }])).findings.map((f) => f.lineId)).toEqual(['2']);
    // Same name, another code: another 病种 (a local variant), whose list is not loaded.
    expect(check(pack, order([{ code: 'M03901', name: '高血压病' }])).findings).toEqual([]);
  });

  it('with two 病种, a drug in either list is paid', () => {
    expect(check(pack, order([{ code: 'M03900' }, { code: 'M01600' }])).findings).toEqual([]);
  });

  it('says nothing when anything is unknown: no 病种, an empty list, a 病种 without a list, not an outpatient visit', () => {
    expect(check(pack, order(undefined)).findings).toEqual([]);
    expect(check(pack, order([])).findings).toEqual([]);
    expect(check(pack, order([{ code: 'M05300', name: '慢性阻塞性肺疾病' }])).findings).toEqual([]);
    // One of two 病种 listed: the drug may be in the other one's range.
    expect(check(pack, order([{ code: 'M03900' }, { code: 'M05300' }])).findings).toEqual([]);
    expect(check(pack, order([{ code: 'M03900' }], undefined, { visitType: 'inpatient' })).findings).toEqual([]);
    expect(check(pack, order([{ code: 'M03900' }], undefined, { visitType: 'emergency' })).findings).toEqual([]);
  });

  it('judges only the categories a list names, and leaves 自费 lines alone', () => {
    const lines = [line('1', ZHONGCHENGYAO, '康艾注射液'), line('2', HUANGQI, '黄芪'), line('3', METFORMIN, '盐酸二甲双胍片', { selfPay: true })];
    // 高血压病 lists 西药 only: the 中成药 and the 饮片 are not judged by it; the 自费 line is the patient's.
    expect(check(pack, order([{ code: 'M03900' }], lines)).findings).toEqual([]);
    // 糖尿病 lists a 饮片 (黄芪): another 饮片 would be judged, a 中成药 still not.
    const other = [line('1', ZHONGCHENGYAO, '康艾注射液'), line('2', 'T000600266', '茯苓')];
    expect(check(pack, order([{ code: 'M01600' }], other)).findings.map((f) => f.lineId)).toEqual(['2']);
  });

  it('refuses a 病种 without drugs', () => {
    expect(() => makePack([{ id: 'c', kind: 'chronic-drug', match: { lineKinds: ['drug'] }, params: { diseases: [{ name: '高血压病' }] } }])).toThrow();
  });
});

describe('the 慢特病病种 fact', () => {
  const read = (s: string) => {
    const r = parseChronicDiseases(s);
    return r.ok ? r.value : 'refused';
  };
  it('reads names with their codes as pages write them, and 无 as none', () => {
    expect(read('高血压病(M03900)；糖尿病（m01600）')).toEqual([{ code: 'M03900', name: '高血压病' }, { code: 'M01600', name: '糖尿病' }]);
    expect(read('M03900 高血压病')).toEqual([{ code: 'M03900', name: '高血压病' }]);
    expect(read('高血压病 M03900')).toEqual([{ code: 'M03900', name: '高血压病' }]);
    expect(read('M03900')).toEqual([{ code: 'M03900' }]);
    expect(read('慢性阻塞性肺疾病')).toEqual([{ name: '慢性阻塞性肺疾病' }]);
    expect(read('无')).toEqual([]);
    expect(read('、；')).toBe('refused');
  });
  it('does not travel through 3101, which has no field for it: the converter says so and judges nothing by a proxy', () => {
    const o = order([{ code: 'M03900', name: '高血压病' }]);
    const { data, lost } = orderTo3101(o);
    expect(lost).toContain('encounter.chronicDiseases');
    const enc = (data['patient_dtos'] as { fsi_encounter_dtos: Record<string, unknown>[] }[])[0]!.fsi_encounter_dtos[0]!;
    expect(enc['med_type']).toBe('14');
    const parsed = parse3101(data);
    if (!parsed.success) throw parsed.error;
    const [back] = ordersFrom3101(parsed.data).orders;
    expect(back!.encounter.chronicDiseases).toBeUndefined();
    expect(check(pack, back!).findings).toEqual([]);
  });
});
