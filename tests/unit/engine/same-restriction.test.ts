import { describe, expect, it } from 'vitest';
import { FindingSchema } from '../../../contract/findings';
import { check, makeOrder, makePack } from '../../support/builders';

// 阿帕他胺片 (限男性) in a pack built before the import kept one rule per restriction: the 两库
// batch rule and the catalogue rule both match the line.
const CODE = 'XL02BBA326A001010102180';
const BATCH = '国家医保局两库 第一批 药品区分性别使用';
const CATALOGUE = '医保药品目录 限定支付范围（结构化整理）';
const batchRule = { id: 'nhsa-r67-sex-阿帕他胺片', kind: 'sex' as const, basis: BATCH, match: { codes: [CODE] }, params: { allowed: 'M' as const } };
const catalogueRule = { id: 'cat-sex-阿帕他胺片', kind: 'sex' as const, basis: CATALOGUE, match: { prefixes: [CODE.slice(0, 12)] }, params: { allowed: 'M' as const } };
const woman = makeOrder({ patient: { sex: 'F' }, lines: [{ id: '1', code: CODE, name: '阿帕他胺片' }] });

describe('one finding per restriction and line', () => {
  it('merges two rules of one kind with equal params into one finding naming both bases', () => {
    const { findings } = check(makePack([batchRule, catalogueRule]), woman);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: batchRule.id, kind: 'sex', lineId: '1', basis: `${BATCH}；${CATALOGUE}`, bases: [BATCH, CATALOGUE] });
    expect(FindingSchema.parse(findings[0])).toEqual(findings[0]);
  });

  it('keeps the stricter severity and stops the submission if either rule would', () => {
    const { findings } = check(makePack([{ ...batchRule, interruptive: false }, { ...catalogueRule, severity: 'critical' }]), woman);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('critical');
    expect(findings[0]).not.toHaveProperty('passive');
  });

  it('keeps two findings when the params differ', () => {
    const { findings } = check(makePack([batchRule, { ...catalogueRule, params: { allowed: 'F' as const } }]), makeOrder({ patient: { sex: 'U' }, lines: woman.lines }));
    expect(findings.map((f) => f.ruleId)).toEqual([batchRule.id, catalogueRule.id]);
  });

  it('shows a rule’s alsoBasis with its finding', () => {
    const { findings } = check(makePack([{ ...batchRule, alsoBasis: [CATALOGUE] }]), woman);
    expect(findings[0]).toMatchObject({ basis: `${BATCH}；${CATALOGUE}`, bases: [BATCH, CATALOGUE] });
  });

  it('a rule with one basis gives a finding without bases, as before', () => {
    const { findings } = check(makePack([batchRule]), woman);
    expect(findings[0]!.basis).toBe(BATCH);
    expect(findings[0]).not.toHaveProperty('bases');
  });
});
