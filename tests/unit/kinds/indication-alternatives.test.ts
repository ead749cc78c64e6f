import { describe, expect, it } from 'vitest';
import { FindingSchema, type Finding } from '../../../contract/findings';
import { parseRestrictionText } from '../../../rules/import/restriction-text';
import type { PackInput } from '../../../rules/pack/schema';
import { check, makeOrder, makePack } from '../../support/builders';

/**
 * Numbered alternatives of a 限定支付范围 text, read from the text itself and judged: a diagnosis of
 * one alternative is not asked the conditions of another, and an alternative that names no
 * disease is a second way to be paid, asked for instead of refusing.
 */
const SACUBITRIL = 'XC09DXS255A001010101606'; // 沙库巴曲缬沙坦钠片 (第十四批)
const SACUBITRIL_TEXT = '限：1.射血分数降低的慢性心力衰竭(NYHA Ⅱ-Ⅳ级,LVEF≤40%)成人患者，降低心血管死亡和心力衰竭住院的风险；2.原发性高血压。';
const VONOPRAZAN = 'XA02BCF721A001010100239'; // 富马酸伏诺拉生片 (第十三批)
const VONOPRAZAN_TEXT = '限：1.反流性食管炎；2.与适当的抗生素联用以根除幽门螺杆菌。';
const CONSULTED_TEXT = '限：1.非小细胞肺癌；2.经上级医院会诊同意使用。';

function ruleFrom(text: string, code: string, name: string) {
  const [draft] = parseRestrictionText(text).drafts;
  expect(draft?.kind).toBe('indication');
  return { id: `t-${name}`, kind: 'indication' as const, name, basis: '测试', text, match: { codes: [code] }, params: draft!.params };
}

function run(text: string, code: string, name: string, diagnoses: { code: string; name: string }[]): Finding[] {
  const pack = makePack([ruleFrom(text, code, name)] as PackInput['rules']);
  const { findings } = check(pack, makeOrder({ encounter: { diagnoses }, lines: [{ id: '1', code, name, kind: 'drug', days: 7 }] }));
  for (const f of findings) FindingSchema.parse(f);
  return findings;
}

describe('numbered alternatives of an indication text', () => {
  it('binds each condition to its own item only when the items are numbered', () => {
    const numbered = parseRestrictionText(SACUBITRIL_TEXT).drafts[0]!.params as { conditionScopes?: { keywords: string[] }[] };
    expect(numbered.conditionScopes).toHaveLength(1);
    expect(numbered.conditionScopes![0]!.keywords).toContain('心力衰竭');
    expect(numbered.conditionScopes![0]!.keywords).not.toContain('原发性高血压');
    // Plain sentences add conditions to the disease before them: no scopes.
    const sequential = parseRestrictionText('限有明确的肝硬化诊断证据的患者。需经营养风险筛查，明确具有营养风险。').drafts[0]!.params;
    expect(sequential).not.toHaveProperty('conditionScopes');
  });

  it('a hypertension patient is not asked the heart-failure condition; a heart-failure patient is', () => {
    expect(run(SACUBITRIL_TEXT, SACUBITRIL, '沙库巴曲缬沙坦钠片', [{ code: 'I10.x00x002', name: '高血压' }])).toEqual([]);
    const [f] = run(SACUBITRIL_TEXT, SACUBITRIL, '沙库巴曲缬沙坦钠片', [{ code: 'I50.900x008', name: '慢性心力衰竭' }]);
    expect(f?.message).toContain('LVEF≤40%');
    expect(f?.actions[0]?.type).toBe('confirm');
  });

  it('reflux oesophagitis needs no H. pylori confirmation; an H. pylori infection does; neither is refused', () => {
    expect(run(VONOPRAZAN_TEXT, VONOPRAZAN, '富马酸伏诺拉生片', [{ code: 'K21.001', name: '反流性食管炎' }])).toEqual([]);
    const [f] = run(VONOPRAZAN_TEXT, VONOPRAZAN, '富马酸伏诺拉生片', [{ code: 'B98.000', name: '幽门螺杆菌感染' }]);
    expect(f?.message).toContain('抗生素联用');
    const [g] = run(VONOPRAZAN_TEXT, VONOPRAZAN, '富马酸伏诺拉生片', [{ code: 'K29.500', name: '慢性胃炎' }]);
    expect(g?.message).toContain('不符合限定支付范围');
  });

  it('an item without a disease is a second way to be paid: asked for, not refused', () => {
    const [f] = run(CONSULTED_TEXT, VONOPRAZAN, '某药', [{ code: 'J18.900', name: '肺炎' }]);
    expect(f).toMatchObject({ severity: 'warning', kind: 'indication' });
    expect(f!.message).toContain('经上级医院会诊同意');
    expect(f!.message).not.toContain('不符合限定支付范围');
    expect(f!.actions[0]).toMatchObject({ type: 'confirm' });
    expect(run(CONSULTED_TEXT, VONOPRAZAN, '某药', [{ code: 'C34.900', name: '支气管或肺恶性肿瘤' }])).toEqual([]);
  });
});
