import { describe, expect, it } from 'vitest';
import { FindingSchema } from '../../../contract/findings';
import { check, makeOrder, makePack } from '../../support/builders';

// The demo pack's two 重复开药 rules: same ingredient (any drug) and same class (质子泵抑制剂).
const INGREDIENT_BASIS = '处方管理办法（卫生部令第53号）；医院处方点评管理规范（试行）：重复给药';
const CLASS_BASIS = '医院处方点评管理规范（试行）：同类药物重复使用';
const ingredientRule = { id: 'rx-duplicate-ingredient', kind: 'duplicate-drug' as const, basis: INGREDIENT_BASIS, match: { lineKinds: ['drug' as const] }, params: { by: 'ingredient' as const } };
const classRule = {
  id: 'rx-duplicate-class-ppi',
  kind: 'duplicate-drug' as const,
  basis: CLASS_BASIS,
  match: { prefixes: ['XA02BC'], lineKinds: ['drug' as const] },
  params: { by: 'class' as const, classes: ['A02BC'], classLabel: '质子泵抑制剂' },
};
const pack = makePack([ingredientRule, classRule]);

// 奥美拉唑碳酸氢钠干混悬剂(Ⅰ) of two manufacturers (national codes from the demo pack), and 艾普拉唑肠溶片.
const omeprazoleA = { id: '1', code: 'XA02BCA348X006010104145', name: '奥美拉唑碳酸氢钠干混悬剂(Ⅰ)' };
const omeprazoleB = { id: '2', code: 'XA02BCA348X006010104193', name: '奥美拉唑碳酸氢钠干混悬剂(Ⅰ)' };
const ilaprazole = { id: '3', code: 'XA02BCA084A012010100453', name: '艾普拉唑肠溶片' };

const duplicates = (lines: { id: string; code: string; name: string }[]) =>
  check(pack, makeOrder({ lines })).findings.filter((f) => f.kind === 'duplicate-drug');

describe('one finding per problem for cross-line rules', () => {
  it('the same PPI twice is one 重复开药 finding on the second line, naming both 依据', () => {
    const found = duplicates([omeprazoleA, omeprazoleB]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'rx-duplicate-ingredient', lineId: '2', relatedLineIds: ['1', '2'], bases: [INGREDIENT_BASIS, CLASS_BASIS] });
    expect(found[0]!.message).toContain('同一成分');
    expect(FindingSchema.parse(found[0])).toEqual(found[0]);
  });

  it('two different PPIs stay a class finding, as before', () => {
    expect(duplicates([omeprazoleA, ilaprazole]).map((f) => [f.ruleId, f.lineId])).toEqual([['rx-duplicate-class-ppi', '3']]);
  });

  it('findings about different lines stay apart: the third PPI duplicates the first by ingredient and all three by class', () => {
    const found = duplicates([omeprazoleA, ilaprazole, { ...omeprazoleB, id: '4' }]);
    expect(found.map((f) => [f.ruleId, f.lineId, f.relatedLineIds])).toEqual([
      ['rx-duplicate-ingredient', '4', ['1', '4']],
      ['rx-duplicate-class-ppi', '3', ['1', '3', '4']],
      ['rx-duplicate-class-ppi', '4', ['1', '3', '4']],
    ]);
  });

  it('keeps the stricter severity and interrupts if either rule would', () => {
    const strict = makePack([{ ...ingredientRule, interruptive: false }, { ...classRule, severity: 'critical' as const }]);
    const found = check(strict, makeOrder({ lines: [omeprazoleA, omeprazoleB] })).findings.filter((f) => f.kind === 'duplicate-drug');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'rx-duplicate-ingredient', severity: 'critical' });
    expect(found[0]).not.toHaveProperty('passive');
  });
});
