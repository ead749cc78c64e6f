import type { RuleDraft } from './restriction-text';
import { parseChineseNumber } from './batch-name';

/**
 * The restriction a 限定类型 cell, a value header or a file title names, and the typed params
 * of the short values found in 限定对象 / 限定值域 cells (男, 儿童, 工伤, 住院, 二级 …).
 */

export type Restriction =
  | 'sex'
  | 'age'
  | 'insurance-type'
  | 'visit-type'
  | 'institution-level'
  | 'department'
  | 'indication'
  | 'operation-group'
  | 'charge-pair'
  | 'frequency'
  | 'course';

/** Ordered: the first entry whose pattern matches wins (重复收费 before 频次, 周期 is frequency). */
const RESTRICTION_WORDS: readonly [RegExp, Restriction][] = [
  [/性别/, 'sex'],
  [/年龄/, 'age'],
  [/保险类型|险种|保险/, 'insurance-type'],
  [/主次操作|手术组/, 'operation-group'],
  [/重复收费/, 'charge-pair'],
  [/就医方式|就诊方式|就医类型|就诊类型|就医|就诊/, 'visit-type'],
  [/机构等级|机构级别|医院等级|医院级别|机构/, 'institution-level'],
  [/科室|专科/, 'department'],
  [/适应症|支付范围|诊断|疾病/, 'indication'],
  [/频次|周期/, 'frequency'],
  [/疗程/, 'course'],
];

export function restrictionFromText(text: string): Restriction | undefined {
  return RESTRICTION_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * `note` explains an assumption for the import report; `basisNote` states it to the doctor too,
 * appended to the rule's 依据.
 */
export type ValueReading = { ok: true; draft: RuleDraft; note?: string; basisNote?: string } | { ok: false; reason: string };

const draft = (kind: RuleDraft['kind'], params: unknown): RuleDraft => ({ kind, params }) as RuleDraft;
const fail = (reason: string): ValueReading => ({ ok: false, reason });

export function sexValue(value: string): ValueReading {
  const male = /男/.test(value);
  const female = /女/.test(value);
  if (male === female) return fail(`性别 "${value}" is neither 男 nor 女`);
  return { ok: true, draft: draft('sex', { allowed: male ? 'M' : 'F' }) };
}

const NUMBER = String.raw`(\d+|[一二两三四五六七八九十]+)`;
const toNumber = (text: string) => parseChineseNumber(text);

/**
 * Age words and explicit bounds. Per 民法典 第一千二百五十九条, 以上/以下/以内 include the number
 * itself; 不满/未满/超过 exclude it.
 */
export function ageValue(value: string): ValueReading {
  const v = value.normalize('NFKC');
  if (/法定就业年龄/.test(v)) {
    return {
      ok: true,
      draft: draft('age', { group: 'range', maxYears: 60, label: '法定就业年龄（按60岁计）' }),
      note: '法定就业年龄 taken as up to 60 years (男职工法定退休年龄); adjust for local policy',
      basisNote: '法定就业年龄按60岁计',
    };
  }
  if (/新生儿/.test(v)) return { ok: true, draft: draft('age', { group: 'newborn', label: '新生儿' }) };
  const young = youngAge(v);
  if (young) return young;
  if (/婴幼儿/.test(v)) return { ok: true, draft: draft('age', { group: 'range', maxYears: 2, label: '婴幼儿（3岁以下）' }), note: '婴幼儿 taken as under 3 years' };
  if (/婴儿/.test(v)) return { ok: true, draft: draft('age', { group: 'range', maxYears: 0, label: '婴儿（1岁以下）' }), note: '婴儿 taken as under 1 year' };
  const range = new RegExp(`${NUMBER}\\s*岁?\\s*(?:至|到|-|~|－|—)\\s*${NUMBER}\\s*岁`).exec(v);
  if (range) {
    const min = toNumber(range[1]!);
    const max = toNumber(range[2]!);
    if (min !== undefined && max !== undefined && min <= max) return { ok: true, draft: draft('age', { group: 'range', minYears: min, maxYears: max, label: `${min}至${max}岁` }) };
  }
  const upper = new RegExp(`(不满|未满)?\\s*${NUMBER}\\s*(?:周)?岁\\s*(及以下|以下|以内)?`).exec(v);
  if (upper && (upper[1] || upper[3])) {
    const n = toNumber(upper[2]!);
    if (n !== undefined) {
      const max = upper[1] ? n - 1 : n;
      if (max >= 0) return { ok: true, draft: draft('age', { group: 'range', maxYears: max, label: upper[1] ? `不满${n}岁` : `${n}岁及以下` }) };
    }
  }
  const lower = new RegExp(`${NUMBER}\\s*(?:周)?岁\\s*(及以上|以上)`).exec(v);
  if (lower) {
    const n = toNumber(lower[1]!);
    if (n !== undefined) return { ok: true, draft: draft('age', { group: 'range', minYears: n, label: `${n}岁及以上` }) };
  }
  if (/儿童|小儿|儿科|青少年/.test(v)) return { ok: true, draft: draft('age', { group: 'child', label: '儿童' }) };
  if (/成人|成年/.test(v)) return { ok: true, draft: draft('age', { group: 'adult', label: '成人' }) };
  return fail(`年龄 "${value}" names no age group or bound`);
}

/**
 * Ages in 天 (日龄) and 月龄 / 个月: "出生28天内", "28日龄以下", "6月龄以下", "不满6个月",
 * "3月龄至6岁". Months are completed months since birth; the engine reads them from the birth date.
 */
function youngAge(v: string): ValueReading | undefined {
  const dayBound = new RegExp(`(?:出生)?\\s*(不满|未满)?\\s*${NUMBER}\\s*(?:天|日龄|日)\\s*(内|以内|及以下|以下)?`).exec(v);
  if (dayBound && (dayBound[1] || dayBound[3] || /出生/.test(v))) {
    const n = toNumber(dayBound[2]!);
    if (n !== undefined) {
      const max = dayBound[1] ? n - 1 : n;
      if (max >= 0) return { ok: true, draft: draft('age', { group: 'range', maxDays: max, label: dayBound[1] ? `出生不满${n}天` : `出生${n}天内` }) };
    }
  }
  const monthToYear = new RegExp(`${NUMBER}\\s*(?:月龄|个月)\\s*(?:至|到|-|~|－|—)\\s*${NUMBER}\\s*(?:周)?岁`).exec(v);
  if (monthToYear) {
    const min = toNumber(monthToYear[1]!);
    const max = toNumber(monthToYear[2]!);
    if (min !== undefined && max !== undefined) return { ok: true, draft: draft('age', { group: 'range', minMonths: min, maxYears: max, label: `${min}月龄至${max}岁` }) };
  }
  const monthBound = new RegExp(`(不满|未满)?\\s*${NUMBER}\\s*(?:月龄|个月)\\s*(及以下|以下|以内|内|及以上|以上)?`).exec(v);
  if (monthBound && (monthBound[1] || monthBound[3])) {
    const n = toNumber(monthBound[2]!);
    if (n === undefined) return undefined;
    if (monthBound[3] && /以上/.test(monthBound[3])) return { ok: true, draft: draft('age', { group: 'range', minMonths: n, label: `${n}月龄及以上` }) };
    const max = monthBound[1] ? n - 1 : n;
    if (max >= 0) return { ok: true, draft: draft('age', { group: 'range', maxMonths: max, label: monthBound[1] ? `不满${n}月龄` : `${n}月龄及以下` }) };
  }
  return undefined;
}

export function insuranceValue(value: string): ValueReading {
  const allowed: string[] = [];
  if (/工伤/.test(value)) allowed.push('work-injury');
  if (/生育/.test(value)) allowed.push('maternity');
  if (/职工/.test(value)) allowed.push('employee');
  if (/居民/.test(value)) allowed.push('resident');
  if (allowed.length === 0) return fail(`险种 "${value}" is not 工伤, 生育, 职工 or 居民`);
  return { ok: true, draft: draft('insurance-type', { allowed }) };
}

export function visitTypeValue(value: string): ValueReading {
  const allowed: string[] = [];
  const rest = value.replace(/门急诊/g, () => {
    allowed.push('outpatient', 'emergency');
    return '';
  });
  if (/门诊/.test(rest)) allowed.push('outpatient');
  if (/急诊/.test(rest)) allowed.push('emergency');
  if (/住院/.test(rest)) allowed.push('inpatient');
  if (/出院带药/.test(rest)) allowed.push('discharge');
  if (allowed.length === 0) return fail(`就医方式 "${value}" is not 门诊, 急诊 or 住院`);
  return { ok: true, draft: draft('visit-type', { allowed: [...new Set(allowed)] }) };
}

export function institutionLevelValue(value: string): ValueReading {
  const level = /三级/.test(value) ? 3 : /二级/.test(value) ? 2 : /一级/.test(value) ? 1 : undefined;
  if (level === undefined) return fail(`机构级别 "${value}" is not 一级, 二级 or 三级`);
  return { ok: true, draft: draft('institution-level', { minLevel: level }) };
}

/** "(精神|心理)", "急诊科、营养科" → 精神, 心理 / 急诊, 营养: the ordering department must contain one. */
export function departmentKeywords(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[()（）|、,，/;；\s]+/)
        .map((k) => k.trim())
        .map((k) => (k.length > 2 && k.endsWith('科') ? k.slice(0, -1) : k))
        .filter((k) => k.length > 0),
    ),
  ];
}

export function departmentValue(value: string): ValueReading {
  const keywords = departmentKeywords(value);
  if (keywords.length === 0) return fail(`科室 "${value}" names no department`);
  return { ok: true, draft: draft('department', { keywords }) };
}

export function operationGroupValue(value: string): ValueReading {
  const group = value.trim();
  if (!group) return fail('限定值域 gives no operation group');
  return { ok: true, draft: draft('duplicate-charge', { mode: 'group', group }) };
}
