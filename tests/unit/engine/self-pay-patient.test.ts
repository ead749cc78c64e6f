import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';

// 卡前列素氨丁三醇注射液: 限女性 (两库 第一批) and 限生育保险 (第三批).
const CARBOPROST = 'XG02ADK026B002010100568';
const pack = makePack([
  { id: 'sex', kind: 'sex', match: { codes: [CARBOPROST] }, params: { allowed: 'F' } },
  { id: 'maternity', kind: 'insurance-type', match: { codes: [CARBOPROST] }, params: { allowed: ['maternity'] } },
  { id: 'days', kind: 'quantity', match: { lineKinds: ['drug'] }, params: { dayLimits: true } },
  { id: 'dup', kind: 'duplicate-drug', match: { lineKinds: ['drug'] }, params: { by: 'ingredient' } },
]);
const line = { id: '1', code: CARBOPROST, name: '卡前列素氨丁三醇注射液', days: 10 };
const kinds = (insuranceType: 'employee' | 'self-pay', lines = [line]) =>
  check(pack, makeOrder({ patient: { sex: 'M' }, encounter: { insuranceType }, lines })).findings.map((f) => f.kind).sort();

describe('a patient without 医保 (自费 encounter)', () => {
  it('gets no payment findings — nothing is 医保-paid — but the 处方管理办法 day limit still applies', () => {
    expect(kinds('employee')).toEqual(['insurance-type', 'quantity', 'sex']);
    expect(kinds('self-pay')).toEqual(['quantity']);
  });

  it('still gets the order-wide prescribing checks (重复开药)', () => {
    expect(kinds('self-pay', [line, { ...line, id: '2', days: 1 }])).toContain('duplicate-drug');
  });
});
