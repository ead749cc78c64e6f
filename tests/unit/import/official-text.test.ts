import { describe, expect, it } from 'vitest';
import { yieldToOfficialTexts } from '../../../rules/import/official-text';
import type { RuleInput } from '../../../rules/import/rule-collector';

/** An inferred 急诊 visit-type rule from the catalogue yields to the drug's official NHSA text. */
const LIGUSTRAZINE = 'XC02CAC046B002010100112'; // 盐酸川芎嗪注射液 (demo drug dictionary)
const officialText = (id: string, codes: string[], kind: RuleInput['kind'] = 'indication'): RuleInput =>
  ({ id, kind, basis: '两库', match: { codes }, params: kind === 'indication' ? { keywords: ['缺血性脑血管病'] } : { allowed: ['emergency'] }, source: { batch: '第十四批', ruleClass: '药品限适应症' } }) as RuleInput;
const inferred = (prefixes: string[]): RuleInput =>
  ({ id: 'cat-visit-type-川芎嗪', kind: 'visit-type', basis: '目录', match: { prefixes }, params: { allowed: ['emergency'], orConfirm: '急救、抢救时使用' } }) as RuleInput;

describe('catalogue 急诊 rules and the official 限定支付范围 text', () => {
  it('drops the inferred rule where the drug has an official text that sets no visit type, and reports it', () => {
    const result = yieldToOfficialTexts([officialText('nhsa-r8-indication-川芎嗪', [LIGUSTRAZINE]), inferred([LIGUSTRAZINE.slice(0, 12)])]);
    expect(result.rules.map((r) => r.id)).toEqual(['nhsa-r8-indication-川芎嗪']);
    expect(result.dropped).toEqual(['cat-visit-type-川芎嗪']);
    expect(result.overlaps).toEqual([{ ruleId: 'cat-visit-type-川芎嗪', keptIn: 'nhsa-r8-indication-川芎嗪', dropped: [LIGUSTRAZINE.slice(0, 12)] }]);
  });

  it('keeps it for drugs without an official text, and where the official text sets a visit type too', () => {
    const other = 'XB01AXA223B0';
    const kept = yieldToOfficialTexts([officialText('nhsa-r8-indication-川芎嗪', [LIGUSTRAZINE]), inferred([LIGUSTRAZINE.slice(0, 12), other])]);
    expect(kept.rules.find((r) => r.id === 'cat-visit-type-川芎嗪')?.match).toEqual({ prefixes: [other] });
    const alsoVisit = yieldToOfficialTexts([
      officialText('nhsa-r8-indication-川芎嗪', [LIGUSTRAZINE]),
      officialText('nhsa-r8-visit-type-川芎嗪', [LIGUSTRAZINE], 'visit-type'),
      inferred([LIGUSTRAZINE.slice(0, 12)]),
    ]);
    expect(alsoVisit.dropped).toEqual([]);
  });
});
