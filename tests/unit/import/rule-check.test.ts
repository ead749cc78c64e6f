import { describe, expect, it } from 'vitest';
import { RuleBaseSchema } from '../../../rules/pack/rule-base';
import { checkImportedRule, checkRule, PLAINLY_VISIBLE_ID } from '../../../rules/import/rule-check';
import type { RuleInput } from '../../../rules/import/rule-collector';

const idSchema = RuleBaseSchema.shape.id;

/** Every UTF-16 code unit the shortcut takes as visible. */
function shortcutUnits(): string[] {
  const units: string[] = [];
  for (let u = 0; u <= 0xffff; u++) {
    const ch = String.fromCharCode(u);
    if (PLAINLY_VISIBLE_ID.test(ch)) units.push(ch);
  }
  return units;
}

describe('checking imported rules by their parts', () => {
  it('takes as visible no character the id schema refuses', () => {
    const refused = shortcutUnits().filter((ch) => !idSchema.safeParse(`id${ch}`).success);
    expect(refused.map((ch) => ch.charCodeAt(0).toString(16))).toEqual([]);
  });

  it('leaves ids with invisible characters to the schema, which refuses them', () => {
    for (const id of ['nhsa-r8-sex-阿莫\u200b西林', 'cat-age-\u202e片', 'x\u0000', '']) {
      expect(PLAINLY_VISIBLE_ID.test(id)).toBe(false);
      const rule = { id, kind: 'sex', basis: 'b', match: { codes: ['X1'] }, params: { allowed: 'F' } } as RuleInput;
      expect(checkImportedRule(rule).success).toBe(false);
    }
  });

  it('gives what the full schema gives', () => {
    const rules = [
      { id: 'nhsa-r67-sex-阿莫西林（Ⅱ）片', kind: 'sex', name: '阿莫西林', basis: '依据', text: '限女性', effective: { from: '2026-09-01' }, match: { codes: ['XJ01CAA040A001010101445'] }, params: { allowed: 'F' }, source: { batch: '第十六批', ruleClass: '药品区分性别使用', publishedAt: '2026-09-01', gzCode: 'GZ1', file: 'f.csv', row: 3 } },
      { id: 'cat-age-头孢0片', kind: 'age', name: '头孢0片', basis: '目录', text: '年龄限制：儿童', match: { prefixes: ['XJ01DCA001A0'] }, params: { group: 'child', label: '儿童' }, source: { file: 'c.csv', row: 2 } },
    ] as RuleInput[];
    for (const rule of rules) {
      const byParts = checkImportedRule(rule);
      const full = checkRule(rule);
      expect(byParts.success && full.success).toBe(true);
      expect(byParts.data).toEqual(full.data);
    }
  });

  it('sends a rule with a part the schema refuses through the schema, for its error', () => {
    const rule = { id: 'x', kind: 'sex', basis: 'b', effective: { from: '2026-02-30' }, match: { codes: ['X1'] }, params: { allowed: 'F' } } as RuleInput;
    const parsed = checkImportedRule(rule);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['effective', 'from']);
  });
});
