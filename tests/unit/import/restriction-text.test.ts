import { describe, expect, it } from 'vitest';
import { parseRestrictionText, type RuleDraft } from '../../../rules/import/restriction-text';
import { RuleSchema } from '../../../rules/pack/schema';
import type { PackInput } from '../../../rules/pack/schema';
import { check, makeOrder, makePack } from '../../support/builders';
import { diagnosis, diseaseRestrictionRows, indicationBatchRows, indicationRow } from '../indication/shared-data';

type Params = Record<string, unknown> & {
  icdPrefixes?: string[];
  icdRanges?: { from: string; to: string }[];
  keywords?: string[];
  conditions?: string[];
};

const draftsOf = (text: string) => parseRestrictionText(text).drafts;
const draft = (text: string, kind: RuleDraft['kind']) => draftsOf(text).find((d) => d.kind === kind);
const params = (text: string, kind: RuleDraft['kind']) => draft(text, kind)?.params as Params | undefined;
const hasCodes = (p: Params | undefined) => (p?.icdPrefixes?.length ?? 0) + (p?.icdRanges?.length ?? 0) > 0;

function asRule(d: RuleDraft, i: number) {
  return { id: `draft-${i}`, kind: d.kind, match: { codes: ['XA04ADA285B002010102180'] }, params: d.params };
}

describe('parseRestrictionText over the published batches', () => {
  const rows = indicationBatchRows();

  it('reads all four 药品限适应症 batches', () => {
    expect(new Set(rows.map((r) => r.batch))).toEqual(new Set(['12', '13', '14', '15']));
    expect(rows.length).toBeGreaterThanOrEqual(200);
  });

  it('gives at least 95% of the rows an indication with ICD codes', () => {
    // Measured: 196 of 200. The rest name no disease (BMI≥25 …, 术中冲洗) and become confirmations.
    const withCodes = rows.filter((r) => hasCodes(params(r.constraint, 'indication')));
    expect(withCodes.length / rows.length).toBeGreaterThanOrEqual(0.95);
  });

  it('turns every row into drafts or reasons, never into nothing', () => {
    for (const row of rows) {
      const parsed = parseRestrictionText(row.constraint);
      expect(parsed.drafts.length + parsed.unparsed.length, row.constraint).toBeGreaterThan(0);
    }
  });

  it('produces drafts that are valid rules of the pack schema', () => {
    const drafts = rows.flatMap((r) => draftsOf(r.constraint));
    const failures = drafts.map(asRule).filter((rule) => !RuleSchema.safeParse(rule).success);
    expect(failures).toEqual([]);
  });
});

describe('parseRestrictionText over the catalogue 疾病限制 patterns', () => {
  const rows = diseaseRestrictionRows();

  it('gives at least 98% of the patterns ICD codes', () => {
    // Measured: 520 of 521; (阳气虚脱) is a traditional-medicine syndrome with no ICD-10 code.
    expect(rows.length).toBeGreaterThan(500);
    const withCodes = rows.filter((r) => hasCodes(params(r.pattern, 'indication')));
    expect(withCodes.length / rows.length).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps each alternative of the pattern as a name keyword', () => {
    const p = params('(脑卒中|脑梗死)', 'indication')!;
    expect(p.icdRanges).toContainEqual({ from: 'I60', to: 'I64' });
    expect(p.icdPrefixes).toContain('I63');
    // Each alternative is found in a diagnosis name, by itself or by a shorter keyword it contains.
    for (const alternative of ['脑卒中', '脑梗死']) expect(p.keywords!.some((k) => alternative.includes(k)), alternative).toBe(true);
    const unknown = parseRestrictionText('(肝癌|介入治疗)');
    expect((unknown.drafts[0]!.params as Params).keywords).toContain('介入治疗');
    expect(unknown.notes).toEqual([{ fragment: '介入治疗', note: '疾病术语表未收录，仅按诊断名称关键词匹配' }]);
  });

  it('produces drafts that are valid rules of the pack schema', () => {
    const drafts = rows.flatMap((r) => draftsOf(r.pattern));
    expect(drafts.map(asRule).filter((rule) => !RuleSchema.safeParse(rule).success)).toEqual([]);
  });

  it('reads the department column’s patterns as departments, not diseases', () => {
    expect(draftsOf('(急诊)')).toEqual([{ kind: 'department', params: { keywords: ['急诊'] } }]);
    expect(draftsOf('(精神|心理)')).toEqual([{ kind: 'department', params: { keywords: ['精神', '心理'] } }]);
    expect(draft('(疼痛)', 'indication')).toBeDefined();
  });
});

describe('parseRestrictionText indications', () => {
  it('reads a single disease with its population', () => {
    expect(draftsOf('限成人社区获得性肺炎。')).toEqual([
      { kind: 'indication', params: expect.objectContaining({ icdRanges: [{ from: 'J12', to: 'J18' }], conditions: [] }) },
      { kind: 'age', params: { group: 'adult' } },
    ]);
  });

  it('reads a numbered list as alternatives with their own conditions', () => {
    const text = indicationRow('艾曲泊帕乙醇胺片').constraint;
    const parsed = parseRestrictionText(text);
    const p = parsed.drafts.find((d) => d.kind === 'indication')!.params as Params;
    expect(p.icdPrefixes).toEqual(expect.arrayContaining(['D69.3', 'D61']));
    expect(p.conditions).toHaveLength(2);
    expect(p.conditions![0]).toContain('既往对糖皮质激素、免疫球蛋白等治疗反应不佳');
    expect(p.conditions![1]).toContain('缓解不充分');
    // "成人和6岁及以上儿童" binds the first alternative only: no age rule for the whole drug.
    expect(parsed.drafts.find((d) => d.kind === 'age')).toBeUndefined();
    expect(parsed.unparsed.map((u) => u.reason)).toContain('只适用于部分适应症，未拆成独立规则');
  });

  it('labels the diseases as the text names them, once per table entry', () => {
    expect(params(indicationRow('复方氨基酸注射液(15AA)').constraint, 'indication')!.label).toBe('肝硬化、重症肝炎、肝昏迷');
    expect(params(indicationRow('复方氨基酸注射液(9AA)').constraint, 'indication')!.label).toBe('肾功能不全');
  });

  it('leaves the conditions empty when the codes say it all', () => {
    expect(params('限2型糖尿病患者。', 'indication')).toMatchObject({ icdPrefixes: ['E11'], conditions: [] });
    expect(params('限3-12岁特发性或先天性肺动脉高压患者。', 'indication')).toMatchObject({ icdPrefixes: ['I27.0', 'I27.2'] });
  });

  it('keeps severity and onset words as conditions', () => {
    expect(params(indicationRow('阿利沙坦酯片').constraint, 'indication')).toMatchObject({
      icdRanges: [{ from: 'I10', to: 'I13' }],
      conditions: ['轻、中度原发性高血压'],
    });
    expect(params('限新发的急性血栓性脑梗死，支付不超过14天。', 'indication')!.conditions).toEqual(['新发的急性血栓性脑梗死']);
  });

  it('does not take a negated or risk word for the disease', () => {
    // 恩那度司他片: 非透析 must not add the dialysis codes; 艾多沙班: 出血高危 is no bleeding diagnosis.
    const enarodustat = params(indicationRow('恩那度司他片').constraint, 'indication')!;
    expect(enarodustat.icdPrefixes).toContain('N18');
    expect(enarodustat.icdPrefixes).not.toContain('Z49');
    const edoxaban = params(indicationRow('甲苯磺酸艾多沙班片').constraint, 'indication')!;
    expect(edoxaban.icdPrefixes).toEqual(expect.arrayContaining(['I48', 'I26']));
    expect(edoxaban.icdPrefixes).not.toContain('R58');
  });

  it('pays an insurance type instead of the disease when the text says 或', () => {
    expect(params(indicationRow('米非司酮片').constraint, 'indication')).toMatchObject({ icdPrefixes: ['D25'], orInsuranceTypes: ['maternity'] });
  });

  it('keeps a text that names no disease as a confirmation', () => {
    const p = params(indicationRow('度拉糖肽注射液').constraint, 'indication')!;
    expect(hasCodes(p)).toBe(false);
    expect(p.conditions![0]).toContain('BMI≥25');
    // The 首次处方 clause is about who prescribes first, not an institution limit for every line.
    expect(draft(indicationRow('度拉糖肽注射液').constraint, 'institution-level')).toBeUndefined();
  });
});

describe('parseRestrictionText other restrictions', () => {
  it.each([
    ['限二级及以上医疗机构', { kind: 'institution-level', params: { minLevel: 2 } }],
    ['限三级医疗机构', { kind: 'institution-level', params: { minLevel: 3 } }],
    ['限住院患者', { kind: 'visit-type', params: { allowed: ['inpatient'] } }],
    ['限急诊或住院患者', { kind: 'visit-type', params: { allowed: ['emergency', 'inpatient'] } }],
    ['支付不超过14天', { kind: 'course', params: { maxDays: 14 } }],
    ['限儿童', { kind: 'age', params: { group: 'child' } }],
    ['限新生儿', { kind: 'age', params: { group: 'newborn' } }],
    ['限2岁至11岁', { kind: 'age', params: { group: 'range', minYears: 2, maxYears: 11 } }],
    ['6岁及以上', { kind: 'age', params: { group: 'range', minYears: 6 } }],
    ['成人', { kind: 'age', params: { group: 'adult' } }],
    ['限工伤保险', { kind: 'insurance-type', params: { allowed: ['work-injury'] } }],
    ['限生育保险', { kind: 'insurance-type', params: { allowed: ['maternity'] } }],
    ['限二线用药', { kind: 'second-line', params: {} }],
    ['限精神专科使用', { kind: 'department', params: { keywords: ['精神'] } }],
    ['限营养科', { kind: 'department', params: { keywords: ['营养'] } }],
  ])('reads %s', (text, expected) => {
    expect(draftsOf(text)).toEqual([expected]);
  });

  it('reads every restriction of a composite text', () => {
    // 注射用重组人脑利钠肽 — 第十四批.
    const text = indicationRow('注射用重组人脑利钠肽').constraint;
    const kinds = Object.fromEntries(draftsOf(text).map((d) => [d.kind, d.params]));
    expect(kinds['institution-level']).toEqual({ minLevel: 2 });
    expect(kinds['visit-type']).toEqual({ allowed: ['inpatient'] });
    expect(kinds['course']).toEqual({ maxDays: 3 });
    expect((kinds['indication'] as Params).icdPrefixes).toContain('I50');
  });

  it('applies a limit stated apart from the diseases to all of them', () => {
    // ω-3鱼油脂肪乳注射液: the 住院 sentence names no disease, so it binds the drug.
    const text = indicationRow('ω-3鱼油脂肪乳注射液').constraint;
    expect(draft(text, 'visit-type')?.params).toEqual({ allowed: ['inpatient'] });
  });

  it('reads age bounds written in several ways', () => {
    expect(params(indicationRow('盐酸胍法辛缓释片').constraint, 'age')).toEqual({ group: 'range', minYears: 6 });
    expect(params(indicationRow('醋酸艾替班特注射液').constraint, 'age')).toEqual({ group: 'range', minYears: 2 });
    expect(params(indicationRow('怡培生长激素注射液').constraint, 'age')).toEqual({ group: 'child', minYears: 3 });
    expect(params(indicationRow('注射用罗普司亭').constraint, 'age')).toEqual({ group: 'adult' });
    // 成人、儿童和青少年 covers everyone: no age rule.
    expect(draft(indicationRow('阿加糖酶α注射用浓溶液').constraint, 'age')).toBeUndefined();
  });

  it('leaves population words inside a disease name to the disease', () => {
    // 新生儿败血症 is a diagnosis, not a 限新生儿 age limit.
    const parsed = draftsOf('限免疫球蛋白缺乏症、新生儿败血症、川崎病');
    expect(parsed.map((d) => d.kind)).toEqual(['indication']);
    expect((parsed[0]!.params as Params).icdPrefixes).toEqual(expect.arrayContaining(['P36', 'M30.3']));
  });

  it('reports what it cannot turn into a rule', () => {
    const agalsidase = parseRestrictionText(indicationRow('阿加糖酶α注射用浓溶液').constraint);
    expect(agalsidase.unparsed).toEqual([{ fragment: '尚未确定本品在0-6岁儿童中的安全性和有效性', reason: '说明性文字，不是支付条件' }]);
    const fructose = parseRestrictionText(indicationRow('果糖注射液').constraint);
    expect(fructose.unparsed.map((u) => u.fragment)).toEqual(['果糖总量每日不超过50g']);
    const crisaborole = parseRestrictionText(indicationRow('克立硼罗软膏').constraint);
    expect(crisaborole.unparsed.map((u) => u.fragment)).toEqual(['3月龄及以上']);
    const factorVIII = parseRestrictionText(indicationRow('注射用培妥罗凝血素α').constraint);
    expect(factorVIII.unparsed.map((u) => u.reason)).toEqual(['同一限制出现不同取值，未生成规则']);
  });

  it('returns nothing for an empty text', () => {
    expect(parseRestrictionText('  ')).toEqual({ drafts: [], unparsed: [] });
  });
});

describe('parsed drafts evaluated as rules', () => {
  it('checks 阿利沙坦酯片 against real diagnoses', () => {
    const row = indicationRow('阿利沙坦酯片');
    const rules = draftsOf(row.constraint).map(
      (d, i) => ({ id: `b14-${i}`, kind: d.kind, text: row.constraint, match: { codes: row.medCodes }, params: d.params }) as PackInput['rules'][number],
    );
    const pack = makePack(rules);
    const line = { id: '1', code: row.medCodes[1]!, name: row.itemName };
    const hypertension = check(pack, makeOrder({ encounter: { diagnoses: [diagnosis('I10.x00x002')] }, lines: [line] })).findings;
    expect(hypertension).toMatchObject([{ kind: 'indication', severity: 'info', actions: [{ type: 'confirm', label: '已确认：轻、中度原发性高血压' }, {}] }]);
    const pneumonia = check(pack, makeOrder({ encounter: { diagnoses: [diagnosis('J18.900')] }, lines: [line] })).findings;
    expect(pneumonia).toMatchObject([{ kind: 'indication', severity: 'warning' }]);
  });

  it('checks 葛根素注射液 including its course limit', () => {
    const row = indicationRow('葛根素注射液', '14');
    const rules = draftsOf(row.constraint).map(
      (d, i) => ({ id: `b14-puerarin-${i}`, kind: d.kind, match: { codes: row.medCodes }, params: d.params }) as PackInput['rules'][number],
    );
    expect(rules.map((r) => r.kind).sort()).toEqual(['course', 'indication']);
    const pack = makePack(rules);
    const line = { id: '1', code: row.medCodes[0]!, name: row.itemName, days: 21 };
    const findings = check(pack, makeOrder({ encounter: { diagnoses: [diagnosis('H91.200x001')] }, lines: [line] })).findings;
    expect(findings.map((f) => f.kind)).toEqual(['course']);
  });
});
