import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';
import { codingRules } from '../../../rules/import/coding-rules';
import { isChsCode, nearestChsCodes } from '../../../rules/indication/chs-codes';
import { parseMaternity } from '../../../adapters/transforms';
import { ordersFrom3101, parse3101 } from '../../../rules/interop/nhsa3101';
import { orderTo3101 } from '../../../rules/interop/order-to-3101';

const line = { id: '1', code: '001102000010000', name: '普通门诊诊查费', kind: 'item' as const, quantity: 1, price: 10 };
const coding = (settings: Record<string, unknown> = {}) => makePack(codingRules(), { settings });
type Parts = NonNullable<Parameters<typeof makeOrder>[0]>;
const order = (patient: Parts['patient'], encounter: Parts['encounter'], extra: Partial<Parts> = {}) =>
  makeOrder({ patient, encounter, lines: [line], ...extra });

describe('operation-sex (手术操作编码与性别不符)', () => {
  const hysterectomy = { code: '68.4100', name: '腹腔镜下全子宫切除术' };
  it('flags a female-chapter operation on a man, once per code, and nothing on a woman or unknown sex', () => {
    const male = check(coding(), order({ sex: 'M', ageYears: 50 }, { operations: [hysterectomy, { code: '684100' }] })).findings;
    expect(male).toHaveLength(1);
    expect(male[0]).toMatchObject({ kind: 'operation-sex', severity: 'critical', actions: [{ label: '核对手术操作编码' }] });
    expect(male[0]!.message).toContain('属女性生殖器官手术（65–71），患者为男性');
    expect(check(coding(), order({ sex: 'F', ageYears: 50 }, { operations: [hysterectomy] })).findings).toEqual([]);
    expect(check(coding(), order({ sex: 'U', ageYears: 50 }, { operations: [hysterectomy] })).findings).toEqual([]);
  });
  it('flags a male-chapter operation on a woman, leaves sex reassignment and sex-development patients alone', () => {
    expect(check(coding(), order({ sex: 'F', ageYears: 70 }, { operations: [{ code: '60.2900' }] })).findings.map((f) => f.kind)).toEqual(['operation-sex']);
    expect(check(coding(), order({ sex: 'F', ageYears: 30 }, { operations: [{ code: '64.5000' }] })).findings).toEqual([]);
    const ais = order({ sex: 'F', ageYears: 20 }, { diagnoses: [{ code: 'E34.500', primary: true }], operations: [{ code: '62.4100' }] });
    expect(check(coding(), ais).findings).toEqual([]);
  });
  it('reports unread operations as one data gap, and says nothing when the page shows none', () => {
    const unread = { ...order({ sex: 'M', ageYears: 50 }, {}), unread: ['encounter.operations'] };
    const gaps = check(coding(), unread).findings;
    expect(gaps.map((f) => [f.kind, f.severity])).toEqual([['data', 'info']]);
    expect(gaps[0]!.message).toContain('页面未读取「手术操作」');
    expect(check(coding(), order({ sex: 'M', ageYears: 50 }, {})).findings).toEqual([]);
  });
});

describe('operation-diagnosis and operation-code', () => {
  it('asks for a pregnancy diagnosis beside an obstetric operation, not when one is there or none is shown', () => {
    const cs = [{ code: '74.1x00', name: '低位子宫下段剖宫产' }];
    const without = check(coding(), order({ sex: 'F', ageYears: 30 }, { diagnoses: [{ code: 'I10.x00x002', primary: true }], operations: cs })).findings;
    expect(without).toMatchObject([{ kind: 'operation-diagnosis', severity: 'warning' }]);
    expect(check(coding(), order({ sex: 'F', ageYears: 30 }, { diagnoses: [{ code: 'O34.201', primary: true }], operations: cs })).findings).toEqual([]);
    expect(check(coding(), order({ sex: 'F', ageYears: 30 }, { diagnoses: [], operations: cs })).findings).toEqual([]);
  });
  it('flags codes that are not ICD-9-CM-3 in shape only', () => {
    const ops = ['74.1x00', '73.5900x001', '6029', '00.01', 'N40.x00', '311000005', 'SS-001'].map((code) => ({ code }));
    const findings = check(coding(), order({ sex: 'F', ageYears: 30 }, { operations: ops })).findings.filter((f) => f.kind === 'operation-code');
    expect(findings.map((f) => f.message.split(' ')[1])).toEqual(['N40.x00', '311000005', 'SS-001']);
  });
});

describe('diagnosis-code (疾病诊断编码异常) and the 医保版 list', () => {
  it('knows 医保版 codes in any punctuation and suggests the nearest of the category', () => {
    expect(isChsCode('I10.x00x002')).toBe(true);
    expect(isChsCode('i10X00X002')).toBe(true);
    expect(isChsCode('A18.109+N51.0*')).toBe(true);
    expect(isChsCode('J18.9')).toBe(false);
    expect(isChsCode('ZZ9.000')).toBe(false);
    expect(nearestChsCodes('J18.9')[0]).toBe('J18.900');
    expect(nearestChsCodes('ZZ9.000')).toEqual([]);
  });
  it('is judged only when the pack turns it on, with 改为 fixes', () => {
    const o = order({ sex: 'M', ageYears: 50 }, { diagnoses: [{ code: 'J18.9', primary: true }] });
    expect(check(coding(), o).findings).toEqual([]);
    const [f] = check(coding({ diagnosisCodeCheck: true }), o).findings;
    expect(f).toMatchObject({ kind: 'diagnosis-code', severity: 'warning' });
    expect(f!.actions[0]).toMatchObject({ type: 'add-diagnosis', label: '改为 J18.900', value: 'J18.900' });
  });
});

describe('the 妊娠/哺乳 fact', () => {
  it('reads page words, refuses denials and mixtures', () => {
    const read = (s: string) => { const r = parseMaternity(s); return r.ok ? r.value : 'refused'; };
    expect(['妊娠期', '孕12周', '怀孕', '哺乳期', '无', '非妊娠期', '未孕', '2', '0'].map(read)).toEqual(['pregnant', 'pregnant', 'pregnant', 'lactating', 'none', 'none', 'none', 'lactating', 'none']);
    expect(['否认妊娠', '不详', '妊娠哺乳', '正常'].map(read)).toEqual(['refused', 'refused', 'refused', 'refused']);
  });
  it('travels through 3101 both ways: matn_stas and fsi_operation_dtos', () => {
    const o = makeOrder({
      patient: { sex: 'F', birthDate: '1992-02-11', maternity: 'lactating' },
      encounter: { visitType: 'inpatient', operations: [{ code: '74.1x00', name: '低位子宫下段剖宫产', date: '2026-11-20', primary: true }] },
      lines: [line],
    });
    const { data } = orderTo3101(o);
    const enc = (data['patient_dtos'] as { fsi_encounter_dtos: Record<string, unknown>[] }[])[0]!.fsi_encounter_dtos[0]!;
    expect(enc['matn_stas']).toBe('2');
    expect(enc['fsi_operation_dtos']).toEqual([{ oprn_oprt_code: '74.1x00', main_oprn_flag: '1', oprn_oprt_name: '低位子宫下段剖宫产', oprn_oprt_date: '2026-11-20' }]);
    const parsed = parse3101(data);
    if (!parsed.success) throw parsed.error;
    const [back] = ordersFrom3101(parsed.data).orders;
    expect(back!.patient.maternity).toBe('lactating');
    expect(back!.encounter.operations).toEqual(o.encounter.operations);
    // 3101's other naming of the operation fields, and no list at all.
    const other = structuredClone(data) as typeof data;
    const e2 = (other['patient_dtos'] as { fsi_encounter_dtos: Record<string, unknown>[] }[])[0]!.fsi_encounter_dtos[0]!;
    e2['fsi_operation_dtos'] = [{ oprn_code: '68.4100', oprn_name: '腹腔镜下全子宫切除术' }];
    const p2 = parse3101(other);
    if (!p2.success) throw p2.error;
    expect(ordersFrom3101(p2.data).orders[0]!.encounter.operations).toEqual([{ code: '68.4100', name: '腹腔镜下全子宫切除术' }]);
    delete e2['fsi_operation_dtos'];
    const p3 = parse3101(other);
    if (!p3.success) throw p3.error;
    expect(ordersFrom3101(p3.data).orders[0]!.encounter.operations).toBeUndefined();
  });
});
