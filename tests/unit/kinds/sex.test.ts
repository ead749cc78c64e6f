import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';

// 阿帕他胺片 — 两库 第一批 药品规则库(限定性别对象): 男; code from sheet 2 of that batch.
const APALUTAMIDE = 'XL02BBA326A001010102180';
const pack = makePack([
  {
    id: 'nhsa-r67-sex-阿帕他胺片',
    kind: 'sex',
    name: '阿帕他胺片',
    basis: '国家医保局两库 第一批 药品规则库(限定性别对象)',
    match: { codes: [APALUTAMIDE] },
    params: { allowed: 'M' },
  },
]);
const line = { id: '1', code: APALUTAMIDE, name: '阿帕他胺片', quantity: 1, price: 1200 };

describe('sex rule', () => {
  it('flags a female patient with the amount at risk', () => {
    const { findings } = check(pack, makeOrder({ patient: { sex: 'F' }, lines: [line] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'sex', lineId: '1', severity: 'warning', amountAtRisk: 1200 });
    expect(findings[0]!.message).toContain('限男性');
  });
  it('passes a male patient', () => {
    expect(check(pack, makeOrder({ patient: { sex: 'M' }, lines: [line] })).findings).toEqual([]);
  });
  it('reports unknown sex as a data gap, not a violation', () => {
    const { findings } = check(pack, makeOrder({ patient: { sex: 'U' }, lines: [line] }));
    expect(findings).toMatchObject([{ kind: 'data', severity: 'info' }]);
  });
  it('ignores lines with other codes', () => {
    const other = { ...line, code: 'XL02BBA326A001010102181' };
    expect(check(pack, makeOrder({ patient: { sex: 'F' }, lines: [other] })).findings).toEqual([]);
  });
});
