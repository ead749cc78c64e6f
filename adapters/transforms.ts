import { fail, ok, type Parsed } from '../rules/parse/result';
import { arabicNumerals, toHalfWidth } from '../rules/parse/text';
import type { ChronicDisease, LineKind, Maternity, Sex } from '../contract/order';
import type { MapTransform, Transform } from './profile-schema';
import { applyPattern, applyPick, applySplit, applyStrip } from './composite/steps';
import { compositeDetail, isComposite, type CompositeValue } from './composite/values';

/**
 * Turning what a page shows into contract values: "45岁" → 45 years, "女" → F, "3盒" → 3 and 盒,
 * "２０２６年11月22日" → 2026-11-22. Every parser answers with a value or a reason; none throws.
 * Frequencies are left as written: reading "tid" or "每日三次" is the engine's job.
 */

/** An age as pages write it: whole and fractional years, or days for infants. */
export interface AgeValue {
  readonly years?: number;
  readonly days?: number;
}

export type TransformValue = string | number | boolean | AgeValue;

export function isAgeValue(value: TransformValue | CompositeValue): value is AgeValue {
  return typeof value === 'object' && value !== null && !isComposite(value);
}

/** Half-width, trimmed, inner runs of whitespace collapsed to one space. */
export function cleanText(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, ' ').trim();
}

const LEADING_NUMBER = /^[+]?(\d+(?:\.\d+)?|\.\d+)(?:\/(\d+(?:\.\d+)?))?/;
const ANY_NUMBER = /\d+(?:\.\d+)?/g;

function numberAndRest(raw: string): Parsed<{ value: number; rest: string }> {
  const text = arabicNumerals(cleanText(raw)).replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (text.startsWith('-')) return fail('negative', `「${raw}」为负数`);
  const lead = LEADING_NUMBER.exec(text);
  if (lead) {
    const numerator = Number(lead[1]);
    const denominator = lead[2] === undefined ? 1 : Number(lead[2]);
    if (denominator === 0) return fail('not-a-number', `「${raw}」不是有效数字`);
    return ok({ value: numerator / denominator, rest: text.slice(lead[0].length).trim() });
  }
  const all = text.match(ANY_NUMBER);
  if (all && all.length === 1) return ok({ value: Number(all[0]), rest: text.slice(text.indexOf(all[0]) + all[0].length).trim() });
  return fail('not-a-number', `「${raw}」不是数字`);
}

/** "3盒" → 3, "０.２g" → 0.2, "1/2片" → 0.5, "三" → 3; negatives are refused (no order quantity is). */
export function parseNumber(raw: string): Parsed<number> {
  const parsed = numberAndRest(raw);
  return parsed.ok ? ok(parsed.value.value) : parsed;
}

/** "3盒" → 盒, "0.2 g" → g, "10万单位" → 万单位, "盒" → 盒. */
export function parseUnit(raw: string): Parsed<string> {
  const text = cleanText(raw);
  const parsed = numberAndRest(text);
  const unit = parsed.ok ? parsed.value.rest : /\d/.test(text) ? '' : text;
  if (!unit) return fail('no-unit', `「${raw}」中没有单位`);
  return ok(unit);
}

// A prescription month is counted as 30 days, as 处方 day limits count it.
const DAY_UNITS: ReadonlyMap<string, number> = new Map([
  ['', 1], ['天', 1], ['日', 1], ['d', 1], ['day', 1], ['days', 1],
  ['周', 7], ['星期', 7], ['w', 7], ['week', 7], ['weeks', 7],
  ['月', 30], ['个月', 30], ['m', 30], ['month', 30], ['months', 30],
]);

/** A course length in days: "7", "7天" → 7, "一周" and "1周" → 7, "1个月" → 30. */
export function parseDays(raw: string): Parsed<number> {
  const parsed = numberAndRest(raw);
  if (!parsed.ok) return parsed;
  const factor = DAY_UNITS.get(parsed.value.rest.toLowerCase().replace(/\s+/g, ''));
  if (factor === undefined) return fail('not-days', `「${raw}」不是天数`);
  return ok(parsed.value.value * factor);
}

const SEX_WORDS: ReadonlyMap<string, Sex> = new Map<string, Sex>([
  ['男', 'M'], ['男性', 'M'], ['m', 'M'], ['male', 'M'], ['1', 'M'],
  ['女', 'F'], ['女性', 'F'], ['f', 'F'], ['female', 'F'], ['2', 'F'],
  // GB/T 2261.1: 0 未知的性别, 9 未说明的性别.
  ['未知', 'U'], ['不详', 'U'], ['未说明', 'U'], ['u', 'U'], ['unknown', 'U'], ['0', 'U'], ['9', 'U'], ['other', 'U'],
]);

export function parseSex(raw: string): Parsed<Sex> {
  const sex = SEX_WORDS.get(cleanText(raw).toLowerCase());
  return sex ? ok(sex) : fail('unknown-sex', `「${raw}」不是可识别的性别`);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE_PARTS = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:$|[\sT])/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:$|[\sT])/;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** "2026-11-22", "2026/11/22 09:30", "2026年11月22日", "20261122" → "2026-11-22". */
export function parseDate(raw: string): Parsed<string> {
  const text = cleanText(raw);
  const m = DATE_PARTS.exec(text) ?? COMPACT_DATE.exec(text);
  if (!m) return fail('not-a-date', `「${raw}」不是日期`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const maxDay = month === 2 && !isLeap(year) ? 28 : DAYS_IN_MONTH[month - 1];
  if (maxDay === undefined || day < 1 || day > maxDay || year < 1900) return fail('not-a-date', `「${raw}」不是有效日期`);
  return ok(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

// Months and weeks in days, on average: exact enough for "newborn" (≤ 28 days) and infant limits.
const DAYS_PER = { year: 365.25, month: 30.4375, week: 7 } as const;
const AGE_PART = /^(\d+(?:\.\d+)?)(岁|周岁|个月|月|周|天|日|小时|时|years?|months?|weeks?|days?|hours?|y|m|w|d|h)/;
type AgeUnit = 'year' | 'month' | 'week' | 'day' | 'hour';

function ageUnit(word: string): AgeUnit {
  if (word === '岁' || word === '周岁' || word.startsWith('y')) return 'year';
  if (word === '个月' || word === '月' || word.startsWith('mo') || word === 'm') return 'month';
  if (word === '周' || word.startsWith('w')) return 'week';
  if (word === '小时' || word === '时' || word.startsWith('h')) return 'hour';
  return 'day';
}

const MAX_AGE_YEARS = 150;

/**
 * "45岁" and "45" → 45 years; "3岁2月" → 3.17 years; "3月", "2月15天", "12天", "18小时" → days.
 * Whole years keep their value in years (the engine floors them); younger ages are given in days
 * because infant and newborn limits are counted in days.
 */
export function parseAge(raw: string): Parsed<AgeValue> {
  let text = arabicNumerals(cleanText(raw)).toLowerCase().replace(/\s+/g, '');
  if (text === '') return fail('empty', '年龄为空');
  if (/^\d+(?:\.\d+)?$/.test(text)) text += '岁';
  const totals: Record<AgeUnit, number> = { year: 0, month: 0, week: 0, day: 0, hour: 0 };
  while (text.length > 0) {
    const m = AGE_PART.exec(text);
    if (!m) return fail('not-an-age', `「${raw}」不是可识别的年龄`);
    totals[ageUnit(m[2]!)] += Number(m[1]);
    text = text.slice(m[0].length);
  }
  if (totals.year > MAX_AGE_YEARS) return fail('not-an-age', `「${raw}」超出合理的年龄范围`);
  if (totals.year >= 1) {
    const years = totals.year + totals.month / 12 + (totals.week * DAYS_PER.week + totals.day) / DAYS_PER.year;
    return ok({ years: Math.round(years * 10_000) / 10_000 });
  }
  const days = totals.year * DAYS_PER.year + totals.month * DAYS_PER.month + totals.week * DAYS_PER.week + totals.day + totals.hour / 24;
  return ok({ days: Math.floor(days + 1e-9) });
}

const TRUE_WORDS = new Set(['true', '1', 'y', 'yes', 'on', 'checked', '是', '有', '√', '✓', '✔', '☑', '自费']);
const FALSE_WORDS = new Set(['false', '0', 'n', 'no', 'off', 'unchecked', '否', '无', '×', '✗', '☐', '']);

/** Yes/no as pages show it: a checkbox state, 是/否, √/×. */
export function parseFlag(raw: string): Parsed<boolean> {
  const word = cleanText(raw).toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail('not-a-flag', `「${raw}」不是是/否`);
}

/**
 * 妊娠/哺乳 as pages write it: 妊娠期, 孕12周, 怀孕 → pregnant; 哺乳期 → lactating; 否, 无, 非妊娠期,
 * 未孕, 其他 → none. Denials are looked for first (非妊娠 holds 妊娠); any other text with a negating
 * word (否认妊娠, 不详) or naming both states is refused rather than guessed. 3101's `matn_stas` digits read as its dictionary (0 其他, 1, 2).
 */
export function parseMaternity(raw: string): Parsed<Maternity> {
  const word = cleanText(raw).toLowerCase().replace(/\s+/g, '');
  if (word === '1' || word === 'pregnant') return ok('pregnant');
  if (word === '2' || word === 'lactating') return ok('lactating');
  if (word === '0' || word === 'none' || /^(否|无|其他|其它|非孕期?|非妊娠期?|非哺乳期?|未孕|未妊娠|非妊娠非哺乳期?|非孕非哺乳期?)$/.test(word)) return ok('none');
  if (/[非未否无不]/.test(word)) return fail('unmapped', `「${raw}」需为 妊娠期 / 哺乳期 / 无（或在适配配置中加 map）`);
  const pregnant = /妊娠|怀孕|孕(?:期|妇|\d|早|中|晚)|^孕$/.test(word);
  const lactating = /哺乳/.test(word);
  if (pregnant && !lactating) return ok('pregnant');
  if (lactating && !pregnant) return ok('lactating');
  return fail('unmapped', `「${raw}」需为 妊娠期 / 哺乳期 / 无（或在适配配置中加 map）`);
}

/** A national 门诊慢特病病种编码: a letter and five digits (M03900 高血压病, M01600 糖尿病). */
const CHRONIC_CODE = /^[A-Za-z]\d{5}$/;

/**
 * 门诊慢特病病种 as a page shows them: "高血压病(M03900)；糖尿病", "M03900 高血压病", a bare name or
 * code. 无 / 否 / 非慢特病 say the visit has none (an empty list, never a guess).
 */
export function parseChronicDiseases(raw: string): Parsed<ChronicDisease[]> {
  const text = cleanText(raw);
  // A 病种 field is a few words: anything longer is not one (and is not worth scanning).
  if (text.length > 200) return fail('unmapped', `「${text.slice(0, 20)}…」太长，不是慢特病病种`);
  if (/^(无|否|非(门诊)?慢特病|普通门诊)$/.test(text)) return ok([]);
  const diseases: ChronicDisease[] = [];
  for (const part of text.split(/[；;、,，\n]+/).map((p) => p.trim()).filter(Boolean)) {
    const bracketed = /^(.*?)\s*[（(]\s*([A-Za-z0-9.]+)\s*[)）]$/.exec(part);
    const leading = /^([A-Za-z]\d{5})\s*[:：]?\s*(.*)$/.exec(part);
    const trailing = /^(.*?)\s+([A-Za-z]\d{5})$/.exec(part);
    const [name, code] = bracketed ? [bracketed[1], bracketed[2]] : leading ? [leading[2], leading[1]] : trailing ? [trailing[1], trailing[2]] : CHRONIC_CODE.test(part) ? ['', part] : [part, ''];
    const entry: ChronicDisease = {};
    if (code) entry.code = code.toUpperCase();
    if (name?.trim()) entry.name = name.trim();
    if (entry.code === undefined && entry.name === undefined) return fail('unmapped', `「${raw}」不是慢特病病种（如 高血压病(M03900)）`);
    diseases.push(entry);
  }
  return diseases.length > 0 ? ok(diseases) : fail('unmapped', `「${raw}」不是慢特病病种（如 高血压病(M03900)）`);
}

const KIND_WORDS: ReadonlyMap<string, LineKind> = new Map<string, LineKind>([
  ...['drug', 'medication', '药品', '药', '西药', '中成药', '中药', '草药', '中草药', '中药饮片'].map((w) => [w, 'drug'] as const),
  ...['item', 'service', 'procedure', '项目', '诊疗', '诊疗项目', '治疗', '检查', '检验', '手术'].map((w) => [w, 'item'] as const),
  ...['material', 'device', '材料', '耗材', '卫生材料', '医用耗材'].map((w) => [w, 'material'] as const),
]);

export function parseLineKind(raw: string): Parsed<LineKind> {
  const kind = KIND_WORDS.get(cleanText(raw).toLowerCase());
  return kind ? ok(kind) : fail('unknown-kind', `「${raw}」不是可识别的项目类别`);
}

/**
 * The line kind a national code implies: 15-digit 医疗服务项目 codes are items, codes starting with
 * C and 20 (分类至特征) or 27 characters long (the full 医保医用耗材代码) are 医用耗材, X/Z/T codes
 * are drugs (西药, 中成药, 中药饮片).
 */
export function lineKindFromCode(code: string): LineKind | undefined {
  if (/^\d{15}$/.test(code)) return 'item';
  if (/^C[0-9A-Z]{19}(?:[0-9A-Z]{7})?$/.test(code)) return 'material';
  if (/^[XZT][0-9A-Z]+$/.test(code)) return 'drug';
  return undefined;
}

function applyMap(value: TransformValue, step: MapTransform): Parsed<TransformValue> {
  const key = cleanText(String(value));
  if (Object.hasOwn(step.map, key)) return ok(step.map[key]!);
  if (step.default !== undefined) return ok(step.default);
  return fail('unmapped', `「${key}」不在映射表中`);
}

function asText(value: TransformValue, name: string): Parsed<string> {
  if (isAgeValue(value)) return fail('type', `${name} 需要文字，得到的是年龄`);
  return ok(String(value));
}

/** What flows between the steps of a chain: a field's value, or the parts or groups of a composite. */
export type ChainValue = TransformValue | CompositeValue;

/** The object steps: a lookup table, or taking a composite text apart (composite/steps.ts). */
function applyObject(value: ChainValue, step: Exclude<Transform, string>): Parsed<ChainValue> {
  if ('map' in step) return isComposite(value) ? fail('type', `map ${compositeDetail(value)}`) : applyMap(value, step);
  if ('strip' in step) return applyStrip(value, step);
  if ('split' in step) return applySplit(value, step, applyChain);
  if ('pattern' in step) return applyPattern(value, step);
  return applyPick(value, step);
}

function applyOne(value: ChainValue, step: Transform): Parsed<ChainValue> {
  if (typeof step === 'object') return applyObject(value, step);
  if (isComposite(value)) return fail('type', `${step} ${compositeDetail(value)}`);
  if ((step === 'number' || step === 'days') && typeof value === 'number') return ok(value);
  if (step === 'flag' && typeof value === 'boolean') return ok(value);
  const text = asText(value, step);
  if (!text.ok) return text;
  switch (step) {
    case 'trim':
      return ok(cleanText(text.value));
    case 'upper':
      return ok(cleanText(text.value).toUpperCase());
    case 'number':
      return parseNumber(text.value);
    case 'days':
      return parseDays(text.value);
    case 'unit':
      return parseUnit(text.value);
    case 'age':
    case 'age-years':
      return parseAge(text.value);
    case 'sex':
      return parseSex(text.value);
    case 'date':
      return parseDate(text.value);
    case 'flag':
      return parseFlag(text.value);
    case 'line-kind':
      return parseLineKind(text.value);
  }
}

/** Runs a chain from left to right and may end in parts or groups (a diagnosis list); the first failure stops it. */
export function applyChain(raw: ChainValue, chain: readonly Transform[] = []): Parsed<ChainValue> {
  let value: ChainValue = typeof raw === 'string' ? cleanText(raw) : raw;
  for (const step of chain) {
    const next = applyOne(value, step);
    if (!next.ok) return next;
    value = next.value;
  }
  return ok(value);
}

/** Runs a field's transform chain: it must end in one value, not in parts or groups. */
export function applyTransforms(raw: TransformValue, chain: readonly Transform[] = []): Parsed<TransformValue> {
  const result = applyChain(raw, chain);
  if (!result.ok) return result;
  return isComposite(result.value) ? fail('composite', compositeDetail(result.value)) : ok(result.value);
}
