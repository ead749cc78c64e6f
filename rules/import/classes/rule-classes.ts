import { NATIONAL_RULES_2025 } from '../../data/national-rules-2025';
import type { NationalRule } from '../../data/national-rule';

/**
 * The national rule classes as the importer's backbone: every knowledge point gets its class from
 * the file's structure (the rule_class / gz_code columns, the file title, a 限定类型 cell) and is
 * read by that class's reader. Free text never decides the class.
 *
 * `reader` names how a class's parameters are read (./class-readers.ts); a class without one is
 * known but not yet checked at order time, and its points are reported as such.
 */

export type ReaderId =
  | 'sex'
  | 'child'
  | 'newborn'
  | 'age'
  | 'insurance'
  | 'herbal'
  | 'second-line'
  | 'indication'
  | 'course'
  | 'institution-level'
  | 'visit-type'
  | 'internet'
  | 'department'
  | 'operation-group'
  | 'charge-pair'
  | 'daily-count'
  | 'period';

/** Which national rules (by 2025 list number) each reader reads. */
const READER_OF_SEQ: Readonly<Record<number, ReaderId>> = {
  1: 'insurance', // 药品限工伤保险
  2: 'insurance', // 药品限生育保险
  3: 'herbal', // 中药饮片单复方均不予支付
  4: 'herbal', // 中药饮片单方使用不予支付
  5: 'second-line', // 药品限二线使用
  6: 'newborn', // 药品限新生儿使用
  7: 'child', // 药品限儿童使用
  8: 'indication', // 药品限适应症
  10: 'course', // 药品限支付疗程
  12: 'institution-level', // 药品限医疗机构级别
  13: 'visit-type', // 药品限就医方式
  15: 'operation-group', // 手术项目未按规定折价收费
  16: 'insurance', // 医疗服务项目限工伤保险
  17: 'insurance', // 医疗服务项目限生育保险
  18: 'newborn', // 医疗服务项目限新生儿使用
  19: 'child', // 医疗服务项目限儿童使用
  20: 'indication', // 医疗服务项目限适应症
  21: 'department', // 医疗服务项目限科室使用
  22: 'visit-type', // 医疗服务项目限就医方式
  23: 'course', // 医疗服务项目限支付疗程
  24: 'institution-level', // 医疗服务项目限医疗机构级别
  25: 'charge-pair', // 医疗服务项目重复收费
  26: 'charge-pair', // 医疗服务项目分解收费
  27: 'daily-count', // 医疗服务项目限定频次
  29: 'age', // 医疗服务项目限年龄
  31: 'period', // 医疗服务项目周期超频次
  32: 'newborn', // 耗材限新生儿使用
  33: 'child', // 耗材限儿童使用
  47: 'internet', // 超互联网医院药品支付范围
  65: 'child', // 药品儿童专用
  67: 'sex', // 药品区分性别使用
  80: 'child', // 医疗服务项目儿童专用
  81: 'sex', // 医疗服务项目区分性别使用
  87: 'sex', // 医用耗材与性别不符
  88: 'indication', // 医用耗材限疾病使用
};

/** The rule kind each reader makes (the indication and second-line texts may add age, course …). */
export const KIND_OF_READER: Readonly<Record<ReaderId, string>> = {
  sex: 'sex',
  child: 'age',
  newborn: 'age',
  age: 'age',
  insurance: 'insurance-type',
  herbal: 'self-pay',
  'second-line': 'second-line',
  indication: 'indication',
  course: 'course',
  'institution-level': 'institution-level',
  'visit-type': 'visit-type',
  internet: 'visit-type',
  department: 'department',
  'operation-group': 'duplicate-charge',
  'charge-pair': 'duplicate-charge',
  'daily-count': 'frequency',
  period: 'frequency',
};

export interface RuleClass {
  /** Id part of the rules made from it: r<seq> for a national rule. */
  slug: string;
  /** The class name as published (also the rule_class value of its knowledge points). */
  name: string;
  national: NationalRule;
  reader: ReaderId | undefined;
}

const toClass = (national: NationalRule): RuleClass => ({
  slug: `r${national.seq}`,
  name: national.name,
  national,
  reader: READER_OF_SEQ[national.seq],
});

export const RULE_CLASSES: readonly RuleClass[] = NATIONAL_RULES_2025.map(toClass);

/** Full-width brackets, spaces and 的 do not make another class: 药品限工伤保险 = 药品 限 工伤保险. */
export function classKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s“”"'《》「」]/g, '');
}

const BY_NAME = new Map(RULE_CLASSES.map((c) => [classKey(c.name), c]));
const BY_GZ = new Map(RULE_CLASSES.filter((c) => c.national.gzCode).map((c) => [c.national.gzCode, c]));

/**
 * A few published spellings differ from the 2025 list's names (older editions, attachment
 * titles): 药品限就医方式 was also published as 药品限定就医方式, 限年龄 as 限定年龄.
 */
const ALIASES: readonly [RegExp, number][] = [
  [/^药品限(定)?(就医|就诊)(方式|类型)$/, 13],
  [/^医疗服务项目限(定)?(就医|就诊)(方式|类型)$/, 22],
  [/^药品限(定)?(医疗)?机构(级别|等级)$/, 12],
  [/^医疗服务项目限(定)?(医疗)?机构(级别|等级)$/, 24],
  [/^药品限(定)?支付疗程$/, 10],
  [/^医疗服务项目限(定)?支付疗程$/, 23],
  [/^医疗服务项目限(定)?年龄$/, 29],
  [/^医疗服务项目限(定)?频次$/, 27],
  [/^(医疗服务项目)?周期超频次$/, 31],
  [/^(药品)?超互联网医院(药品)?支付范围$/, 47],
];

const BY_SEQ = new Map(RULE_CLASSES.map((c) => [c.national.seq, c]));
const bySeq = (seq: number) => BY_SEQ.get(seq);

/** The class a rule_class cell or a GZ code names; undefined when it names none of the 88. */
export function classByName(name: string): RuleClass | undefined {
  const key = classKey(name);
  const exact = BY_NAME.get(key);
  if (exact) return exact;
  const alias = ALIASES.find(([pattern]) => pattern.test(key));
  return alias ? bySeq(alias[1]) : undefined;
}

export function classByGzCode(code: string): RuleClass | undefined {
  return BY_GZ.get(code.trim().toUpperCase());
}

export function classBySeq(seq: number): RuleClass | undefined {
  return bySeq(seq);
}
