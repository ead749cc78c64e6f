import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack, type OrderParts } from '../../support/builders';

// 儿童清肺口服液 (两库 第一批 药品 限定年龄对象: 儿童); 职业功能训练 (第八批-2, 法定就业年龄).
const CHILD_DRUG = 'ZA04CAE0023010100166';
const TRAINING = '003402000320000';
const pack = makePack([
  { id: 'child', kind: 'age', match: { codes: [CHILD_DRUG] }, params: { group: 'child' } },
  { id: 'newborn', kind: 'age', match: { codes: ['XNEWBORN0000000000000001'] }, params: { group: 'newborn' } },
  { id: 'range', kind: 'age', match: { codes: ['XRANGE00000000000000001'] }, params: { minYears: 2, maxYears: 11, label: '2至11岁' } },
  { id: 'working-age', kind: 'age', match: { codes: [TRAINING] }, params: { maxYears: 60 } },
]);
const line = (code: string) => ({ id: '1', code, name: '儿童清肺口服液' });
const ageFindings = (patient: OrderParts['patient'], code = CHILD_DRUG) =>
  check(pack, makeOrder({ patient, encounter: { date: '2026-11-22' }, lines: [line(code)] })).findings;

describe('age rule', () => {
  it('儿童 means under 18: 17 passes, 18 is flagged', () => {
    expect(ageFindings({ ageYears: 17 })).toEqual([]);
    expect(ageFindings({ ageYears: 18 })).toMatchObject([{ kind: 'age', severity: 'warning' }]);
  });
  it('uses completed years from the birth date, the day before and on the 18th birthday', () => {
    expect(ageFindings({ birthDate: '2008-11-23', ageYears: undefined })).toEqual([]);
    expect(ageFindings({ birthDate: '2008-11-22', ageYears: undefined })).toHaveLength(1);
  });
  it('新生儿 means up to 28 days', () => {
    expect(ageFindings({ ageDays: 28, ageYears: undefined }, 'XNEWBORN0000000000000001')).toEqual([]);
    const f = ageFindings({ ageDays: 29, ageYears: undefined }, 'XNEWBORN0000000000000001');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('29 天');
  });
  it('an explicit 2–11 range is inclusive', () => {
    const code = 'XRANGE00000000000000001';
    expect(ageFindings({ ageYears: 1 }, code)).toHaveLength(1);
    expect(ageFindings({ ageYears: 2 }, code)).toEqual([]);
    expect(ageFindings({ ageYears: 11 }, code)).toEqual([]);
    expect(ageFindings({ ageYears: 12 }, code)).toHaveLength(1);
  });
  it('an item limited to working age flags a 61-year-old', () => {
    expect(ageFindings({ ageYears: 60 }, TRAINING)).toEqual([]);
    expect(ageFindings({ ageYears: 61 }, TRAINING)[0]!.message).toContain('61 岁');
  });
  it('unknown age is a data gap', () => {
    expect(ageFindings({ ageYears: undefined })).toMatchObject([{ kind: 'data', severity: 'info' }]);
  });
  it('a range without bounds is rejected by the schema', () => {
    expect(() => makePack([{ id: 'x', kind: 'age', match: { codes: ['A'] }, params: {} }])).toThrow();
  });
});
