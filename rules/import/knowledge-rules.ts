import type { RuleInput } from './rule-collector';
import { importedSeverity } from '../kinds';
import { classBySeq } from './classes/rule-classes';
import { AGE_GROUPS, FEMALE_SPANS, MALE_SPANS, SEX_SPAN_EXCEPTIONS, type IcdSpan } from '../data/icd-sex-age';
import { SEX_CODES_BY_NAME } from '../data/icd-sex-codes';
import { EIGHTEEN_INCOMPATIBLE, HERB_FAMILIES, NINETEEN_ANTAGONISTIC, type HerbPair } from '../data/herb-incompatibility';

/**
 * Rules made from the fixed public knowledge shipped in rules/data: the sex- and age-specific
 * ICD-10 codes (诊断与患者性别/年龄不符) and the 十八反/十九畏 pairs (中药饮片配伍禁忌). The demo
 * pack carries them; a hospital pack can take them the same way.
 */

export const RULE_BASE_2025 = '医疗保障基金智能监管规则库（2025年版）';

/** The national rule a knowledge rule stands for, as its source names it. */
export function nationalSource(seq: number): NonNullable<RuleInput['source']> {
  const national = classBySeq(seq)!.national;
  return { ruleClass: national.name, ...(national.gzCode ? { gzCode: national.gzCode } : {}) };
}

const ranges = (spans: readonly IcdSpan[]) => spans.map((s) => ({ from: s.from, to: s.to ?? s.from, title: s.title }));

/** Every line kind: a diagnosis concerns the whole claim, checked whenever the order has a line. */
export const EVERY_LINE = { lineKinds: ['drug', 'item', 'material'] as ('drug' | 'item' | 'material')[] };

export const ICD_SOURCE = {
  id: 'icd-sex-age',
  title: 'ICD-10 医保版 2.0 的类目结构：性别、年龄专用诊断编码',
  note: 'rules/data/icd-sex-age.ts（类目）与 icd-sex-codes.ts（由 scripts/icd/gen-icd-sex-codes.ts 从 icd10-chs-v2-diagnoses.csv 按名称导出）',
};

export function diagnosisRules(): RuleInput[] {
  const sexRule = (allowed: 'M' | 'F'): RuleInput => {
    const params = {
      allowed,
      icdRanges: ranges(allowed === 'F' ? FEMALE_SPANS : MALE_SPANS),
      icdPrefixes: SEX_CODES_BY_NAME[allowed].map(([code]) => code),
      exceptCodes: SEX_SPAN_EXCEPTIONS.map((e) => e.code),
    };
    return {
      id: `icd-sex-${allowed === 'F' ? 'female' : 'male'}`,
      kind: 'diagnosis-sex',
      name: allowed === 'F' ? '女性专用诊断编码' : '男性专用诊断编码',
      severity: importedSeverity('diagnosis-sex', params),
      basis: `${RULE_BASE_2025}：诊断与患者性别不符；ICD-10 类目`,
      text: `仅用于${allowed === 'F' ? '女性' : '男性'}患者的诊断编码：类目标题所指为该性别的器官、妊娠或分娩，或编码名称写明该性别。`,
      match: EVERY_LINE,
      params,
      source: nationalSource(54),
    };
  };
  const ageRules = AGE_GROUPS.map((group): RuleInput => {
    const params = {
      icdRanges: ranges(group.spans),
      icdPrefixes: [],
      exceptCodes: [],
      label: group.label,
      ...(group.minYears !== undefined ? { minYears: group.minYears } : {}),
      ...(group.maxYears !== undefined ? { maxYears: group.maxYears } : {}),
    };
    return {
      id: `icd-age-${group.id}`,
      kind: 'diagnosis-age',
      name: `${group.label}诊断编码`,
      severity: importedSeverity('diagnosis-age', params),
      basis: `${RULE_BASE_2025}：诊断与患者年龄不符；ICD-10 类目`,
      text: group.why,
      match: EVERY_LINE,
      params,
      source: nationalSource(55),
    };
  });
  return [sexRule('F'), sexRule('M'), ...ageRules];
}

export const HERB_SOURCE = {
  id: 'herb-incompatibility',
  title: '中药饮片配伍禁忌：十八反、十九畏',
  note: '十八反歌（张从正《儒门事亲》）、十九畏歌（刘纯《医经小学》）；所指饮片按《中华人民共和国药典》一部各品种【注意】项（rules/data/herb-incompatibility.ts）',
};

/** One rule per verse group; each carries only the families its pairs use. */
export function herbRules(): RuleInput[] {
  const rule = (id: string, group: string, pairs: readonly HerbPair[], basis: string): RuleInput => {
    const used = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
    const params = {
      group,
      families: used.map((name) => ({ name, members: [...HERB_FAMILIES[name]!] })),
      pairs: pairs.map((p) => ({ ...p })),
    };
    return {
      id,
      kind: 'herb-incompatibility',
      name: `中药饮片配伍禁忌（${group}）`,
      severity: importedSeverity('herb-incompatibility', params),
      basis: `${RULE_BASE_2025}：中药饮片配伍禁忌；${basis}`,
      text: '属十八反、十九畏的饮片不宜同用；确需同用时，处方医师应在处方上再次签名（双签名）后方可调配。',
      // National 饮片 codes start with T (T + 药典/地方标准 + 功效分类 + 名称码).
      match: { prefixes: ['T'], lineKinds: ['drug'] },
      params,
      source: nationalSource(75),
    };
  };
  return [
    rule('tcm-eighteen-incompatible', '十八反', EIGHTEEN_INCOMPATIBLE, '十八反（《儒门事亲》）'),
    rule('tcm-nineteen-antagonistic', '十九畏', NINETEEN_ANTAGONISTIC, '十九畏（《医经小学》）'),
  ];
}
