import type { RuleDraft } from '../restriction-text';
import { draftsFromText, leftoverMessages, type TextParser } from '../drafts';
import { courseFromText, dailyLimit, durationDays, frequencyFromText, periodLimit } from '../period-text';
import {
  ageValue, departmentValue, institutionLevelValue, insuranceValue, operationGroupValue, sexValue, visitTypeValue,
  type ValueReading,
} from '../restriction-values';
import type { KnowledgePoint } from './knowledge-point';
import type { ReaderId, RuleClass } from './rule-classes';
import { sexFromNature } from './sex-nature';
import { firstLineIn } from '../../data/first-line-drugs';
import { memoizeFrozen } from '../frozen-memo';

/**
 * One reader per rule family: what the class means, with the parameters the point's cells give.
 * A reader reads the cell that states the limit (限定对象, a count column, the 限定支付范围 of
 * an indication class); a text that only describes the item (说明书, 功能主治, 备注) is kept as
 * the rule's text and never becomes a limit. When a class needs a value that is not there, the
 * point is not understood, with the reason: no rule from a guess.
 */

export interface PointReading {
  drafts: RuleDraft[];
  /** Things worth a look, for the import report. */
  notes: readonly string[];
  /** An assumption the doctor should see too, appended to the rule's 依据. */
  basisNote?: string;
}
export type ReaderResult = PointReading | { reason: string };

const draft = (kind: RuleDraft['kind'], params: unknown): RuleDraft => ({ kind, params }) as RuleDraft;
const one = (d: RuleDraft, notes: string[] = []): PointReading => ({ drafts: [d], notes });

/**
 * Drafts every point of a class shares (儿童, 新生儿, a sex read from the item's nature) and value
 * cells read once per distinct value: points that read alike then share one params object, which
 * the rule grouping, the schema check and overlap removal each handle once rather than per point.
 * Frozen, as the text parser's shared readings are.
 */
const shared = (kind: RuleDraft['kind'], params: object): RuleDraft => Object.freeze({ kind, params: Object.freeze(params) }) as RuleDraft;
const CHILD = shared('age', { group: 'child', label: '儿童' });
const NEWBORN = shared('age', { group: 'newborn', label: '新生儿' });
const SEX = { M: shared('sex', { allowed: 'M' }), F: shared('sex', { allowed: 'F' }) } as const;
const SECOND_LINE = shared('second-line', {});
const INTERNET = shared('visit-type', { forbidInternet: true });
const VALUES_KEPT = 5_000;
const sexCell = memoizeFrozen(sexValue, VALUES_KEPT);
const ageCell = memoizeFrozen(ageValue, VALUES_KEPT);
const insuranceCell = memoizeFrozen(insuranceValue, VALUES_KEPT);
const institutionLevelCell = memoizeFrozen(institutionLevelValue, VALUES_KEPT);
const visitTypeCell = memoizeFrozen(visitTypeValue, VALUES_KEPT);
const departmentCell = memoizeFrozen(departmentValue, VALUES_KEPT);

function fromValue(reading: ValueReading): ReaderResult {
  if (!reading.ok) return { reason: reading.reason };
  return { drafts: [reading.draft], notes: reading.note ? [reading.note] : [], ...(reading.basisNote ? { basisNote: reading.basisNote } : {}) };
}

const filled = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);

function readSex(p: KnowledgePoint): ReaderResult {
  if (p.value !== undefined) return fromValue(sexCell(p.value));
  // 检测逻辑 such as "与限定性别（女）不符" names it; the usual "与限定性别不符" does not.
  const logic = /[（(]\s*([男女])\s*性?\s*[)）]|限\s*([男女])\s*性/.exec(p.detectLogic);
  if (logic) return fromValue(sexCell(logic[1] ?? logic[2]!));
  const nature = sexFromNature(p.name, p.text);
  if (!nature.sex) return { reason: nature.reason };
  const notes = nature.from === 'text' ? [`限定性别按说明“${p.text.slice(0, 40)}”所述的器官或情形定为${nature.sex === 'M' ? '男' : '女'}，请核对`] : [];
  return one(SEX[nature.sex], notes);
}

/** 儿童专用 / 限儿童使用: the class says 儿童; a 限定对象 cell may give an explicit bound instead. */
function readChild(p: KnowledgePoint): ReaderResult {
  const value = filled(p.value);
  if (value && value !== '儿童') return fromValue(ageCell(value));
  // Without a 限定对象 column the item says it: 新生儿护理, 婴幼儿健康体检 are 儿童专用 of a younger
  // age. 婴儿 in a name is read as 婴幼儿 (under 3), the wider word: 第一批 gives 婴儿氧舱治疗 as 婴幼儿.
  const younger = !value ? /新生儿|婴幼儿|婴儿/.exec(p.name.normalize('NFKC'))?.[0] : undefined;
  if (younger) return fromValue(ageCell(younger === '婴儿' ? '婴幼儿' : younger));
  return one(CHILD);
}

function readNewborn(p: KnowledgePoint): ReaderResult {
  const value = filled(p.value);
  if (value && value !== '新生儿') return fromValue(ageCell(value));
  return one(NEWBORN);
}

/** 限年龄: the bound is in 限定对象, or in the row's text or 检测逻辑 ("超出法定就业年龄限制"). */
function readAge(p: KnowledgePoint): ReaderResult {
  for (const source of [p.value, p.text, p.detectLogic]) {
    const v = filled(source);
    if (!v) continue;
    const reading = ageCell(v);
    if (reading.ok) return fromValue(reading);
  }
  return { reason: `年龄限定“${filled(p.value) ?? p.text}”没有写明年龄段或界限` };
}

function readInsurance(p: KnowledgePoint, cls: RuleClass): ReaderResult {
  const value = filled(p.value);
  return fromValue(insuranceCell(value ?? cls.name));
}

/**
 * 中药饮片: 单方使用不予支付 is the sole-use condition, 单复方均不予支付 never paid. The class
 * says which; a row whose own text says the other is reported, and its text decides (an
 * attachment filed under the wrong class is a known publishing slip).
 */
export function herbalCondition(className: string, text: string): 'sole-use' | 'always' {
  if (/单独使用|单方使用/.test(text)) return 'sole-use';
  if (/不得纳入|均不予支付|单复方/.test(text)) return 'always';
  return /单复方均/.test(className) ? 'always' : 'sole-use';
}

function readHerbal(p: KnowledgePoint, cls: RuleClass): ReaderResult {
  const byClass = /单复方均/.test(cls.name) ? 'always' : 'sole-use';
  const condition = herbalCondition(cls.name, p.text);
  const notes = condition === byClass ? [] : [`规则类别为“${cls.name}”，但该行文字写的是${condition === 'always' ? '单复方均不予支付' : '单独使用不予支付'}，按文字处理`];
  return one(draft('self-pay', { condition, familyPrefix: 'T' }), notes);
}

/** 限支付疗程: the text names a limit, or the value column holds the days alone ("14", "14天", "2周"). */
function readCourse(p: KnowledgePoint, parse: TextParser | undefined): ReaderResult {
  const notes: string[] = [];
  for (const source of [p.value, p.limitCount, p.text]) {
    const v = filled(source)?.normalize('NFKC');
    if (!v) continue;
    const bare = /^(?:限(?:支付)?)?\s*(\d+)\s*(天|日|周|个月|月|年)?$/.exec(v);
    const days = bare ? durationDays(bare[1]!, bare[2] ?? filled(p.limitUnit) ?? '天') : undefined;
    const course = days !== undefined ? draft('course', { maxDays: days }) : courseFromText(v);
    if (!course) continue;
    // "总时间不超过90天" counts calendar days from the first use, not the days billed.
    const span = /总时间|总时长|自首次|首次(?:使用|治疗)起|起算|连续使用不超过/.test(v);
    const params = span ? { ...(course.params as object), span: true } : course.params;
    const drafts = [draft('course', params)];
    const interval = frequencyFromText(v);
    if (interval) drafts.push(interval);
    return { drafts, notes };
  }
  const text = filled(p.text);
  if (text) {
    const read = draftsFromText(text, parse);
    const course = read.drafts.find((d) => d.kind === 'course');
    if (course) return { drafts: [course], notes: leftoverMessages(read) };
  }
  return { reason: `没有写明医保支付的疗程天数（${filled(p.value) ?? text ?? '空'}）` };
}

/** Values of a limit column first, then the row's text; both read by the same value reader. */
function valueOrText(p: KnowledgePoint, read: (v: string) => ValueReading): ReaderResult {
  const tried: string[] = [];
  for (const source of [p.value, p.text]) {
    const v = filled(source);
    if (!v) continue;
    const reading = read(v);
    if (reading.ok) return fromValue(reading);
    tried.push(reading.reason);
  }
  return { reason: tried.join('；') || '没有限定值' };
}

function readIndication(p: KnowledgePoint, parse: TextParser | undefined): ReaderResult {
  const text = filled(p.value) ?? filled(p.text);
  if (!text) return { reason: '没有限定支付范围文字' };
  const read = draftsFromText(text, parse);
  if (read.drafts.length === 0) {
    const why = read.leftovers.map((l) => l.reason).join('; ');
    return { reason: why ? `限定支付范围未能读懂（${why}）` : '限定支付范围未能读懂' };
  }
  return { drafts: read.drafts.map((d) => (d.kind === 'second-line' ? withFirstLine(d, text) : d)), notes: leftoverMessages(read) };
}

/** 二线: the class itself says so; the text may name the first-line therapy and add other limits. */
function readSecondLine(p: KnowledgePoint, parse: TextParser | undefined): ReaderResult {
  const read = draftsFromText(p.text, parse);
  const second = read.drafts.find((d) => d.kind === 'second-line') ?? SECOND_LINE;
  return { drafts: [withFirstLine(second, p.text), ...read.drafts.filter((d) => d.kind !== 'second-line')], notes: leftoverMessages(read) };
}

/** The first-line drugs the text names, so the patient's history can show them. */
function withFirstLine(d: RuleDraft, text: string): RuleDraft {
  const entries = firstLineIn(text);
  if (entries.length === 0) return d;
  const params = d.params as { firstLine?: string };
  return draft('second-line', {
    ...params,
    firstLine: params.firstLine ?? entries.map((e) => e.label).join('、'),
    firstLinePrefixes: [...new Set(entries.flatMap((e) => e.prefixes))],
  });
}

function readOperationGroup(p: KnowledgePoint): ReaderResult {
  const group = filled(p.value) ?? filled(p.text);
  if (!group || group.length > 30) return { reason: '没有写明手术组（限定值域）' };
  return fromValue(operationGroupValue(group));
}

/** 重复收费: 主项 and 从项 from their columns, else the point's two codes in order (A×B). */
function readChargePair(p: KnowledgePoint): ReaderResult {
  const main = filled(p.mainCode) ?? (p.codes.length === 2 ? p.codes[0] : undefined);
  const secondary = filled(p.secondaryCode) ?? (p.codes.length === 2 ? p.codes[1] : undefined);
  if (!main || !secondary) return { reason: `重复收费知识点需要主项和从项两个编码（本行 ${p.codes.length} 个）` };
  const note = filled(p.text);
  return one(draft('duplicate-charge', { mode: 'pair', main: [main], secondary: [secondary], ...(note ? { note } : {}) }));
}

/**
 * 限定频次: a count and the unit the item is billed in. Without a count the unit alone is the
 * limit: an item billed per 日 is paid once a day, one billed per 小时 at most 24 hours a day.
 */
function readDailyCount(p: KnowledgePoint): ReaderResult {
  const count = filled(p.limitCount);
  const unit = filled(p.limitUnit) ?? '';
  if (count) {
    const d = dailyLimit(count, unit || '日');
    return d ? one(d) : { reason: `限制数量“${count}${unit}”不是每日、每小时或每次的整数` };
  }
  const text = (filled(p.value) ?? filled(p.text) ?? '').normalize('NFKC');
  const bare = /^(\d+)?\s*(日|天|小时|次)$/.exec(text);
  if (bare) {
    const n = bare[1] ?? (bare[2] === '小时' ? '24' : '1');
    const d = dailyLimit(n, bare[2]!);
    if (d) return one(d);
  }
  const fromText = frequencyFromText(text);
  return fromText ? one(fromText) : { reason: `限定频次“${text || '空'}”没有写明数量和计价单位` };
}

/** 周期超频次: 频次上限 and 疗程周期 columns, else the text ("间隔不短于14天", "每周最多支付一次"). */
function readPeriod(p: KnowledgePoint): ReaderResult {
  if (filled(p.maxCount) || filled(p.periodDays)) {
    const d = periodLimit(p.maxCount ?? '', p.periodDays ?? '');
    return d ? one(d) : { reason: `频次上限“${p.maxCount ?? ''}”/ 疗程周期“${p.periodDays ?? ''}”不是整数` };
  }
  const fromText = frequencyFromText(p.text) ?? frequencyFromText(p.value ?? '');
  if (fromText) return one(fromText);
  return { reason: '该版式没有频次上限和周期天数列，文字也未写明周期（如“间隔不短于14天”）' };
}

export function readPoint(p: KnowledgePoint, cls: RuleClass, reader: ReaderId, parse: TextParser | undefined): ReaderResult {
  switch (reader) {
    case 'sex':
      return readSex(p);
    case 'child':
      return readChild(p);
    case 'newborn':
      return readNewborn(p);
    case 'age':
      return readAge(p);
    case 'insurance':
      return readInsurance(p, cls);
    case 'herbal':
      return readHerbal(p, cls);
    case 'second-line':
      return readSecondLine(p, parse);
    case 'indication':
      return readIndication(p, parse);
    case 'course':
      return readCourse(p, parse);
    case 'institution-level':
      return valueOrText(p, institutionLevelCell);
    case 'visit-type':
      return valueOrText(p, visitTypeCell);
    case 'internet':
      return one(INTERNET);
    case 'department':
      return valueOrText(p, departmentCell);
    case 'operation-group':
      return readOperationGroup(p);
    case 'charge-pair':
      return readChargePair(p);
    case 'daily-count':
      return readDailyCount(p);
    case 'period':
      return readPeriod(p);
  }
}
