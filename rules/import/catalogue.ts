import { columnReader } from './csv';
import { readCsvForImport, type CsvRead } from './csv-input';
import { firstText, isTrailerRow } from './trailer';
import { FileReportBuilder } from './report';
import { RuleCollector, idPart } from './rule-collector';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { onePerKind, type TextParser } from './drafts';
import { parseRestrictionText, type RuleDraft } from './restriction-text';
import { paramsKey } from './params-key';
import {
  ageValue, departmentKeywords, departmentValue, institutionLevelValue, insuranceValue, sexValue, visitTypeValue, type ValueReading,
} from './restriction-values';

/**
 * Imports the structured 医保药品目录 restrictions (drug-restrictions-structured.csv): one row per
 * drug, keyed by the first 12 characters of the national drug code, with one column per kind of
 * limit. Rules match by code prefix.
 */

export const CATALOGUE_KEY_LENGTH = 12;
const KEY_COLUMN = '药品编码';
const NAME_COLUMN = '药品名称';
const LIMIT_COLUMNS = ['险种限制', '机构限制', '就医限制', '专科限制', '性别限制', '年龄限制', '疾病限制', '阶梯限制', '疗程限制'] as const;
/** Present in the file but empty in the published extraction; reported if they ever fill. */
const UNUSED_COLUMNS = ['极量限制', '总额限制', '领域标识'] as const;

type LimitColumn = (typeof LIMIT_COLUMNS)[number];

export function isCatalogueHeader(header: readonly string[]): boolean {
  return header.includes(KEY_COLUMN) && LIMIT_COLUMNS.some((c) => header.includes(c));
}

/**
 * "(脑卒中|脑梗死)" is written as a regular expression; it is split into words, never run.
 * Characters that only make sense in a pattern are dropped from the words.
 */
export function diseaseKeywords(pattern: string): { keywords: string[]; dropped: string[] } {
  const dropped: string[] = [];
  const keywords = pattern
    .split('|')
    .map((part) => part.replace(/[()（）]/g, '').trim())
    .map((part) => {
      const clean = part.replace(/[\\^$.*+?[\]{}]/g, '');
      if (clean !== part) dropped.push(part);
      return clean.trim();
    })
    .filter((k) => k.length > 0);
  return { keywords: [...new Set(keywords)], dropped };
}

type IndicationParams = { icdPrefixes?: string[]; icdRanges?: { from: string; to: string }[]; keywords?: string[]; excludeKeywords?: string[]; conditions?: string[] };

/**
 * Keywords become an indication; the text parser, given "限" + the words, may add the ICD-10
 * codes and ranges it knows for them. Our own words are always kept.
 */
export function indicationFromKeywords(keywords: readonly string[], parse: TextParser = parseRestrictionText): RuleDraft {
  const parsed = onePerKind(parse(`限${keywords.join('、')}`).drafts).drafts.find((d) => d.kind === 'indication');
  const p = (parsed?.params ?? {}) as IndicationParams;
  const params: IndicationParams = {
    keywords: [...new Set([...keywords, ...(p.keywords ?? [])])],
    ...(p.icdPrefixes?.length ? { icdPrefixes: p.icdPrefixes } : {}),
    ...(p.icdRanges?.length ? { icdRanges: p.icdRanges } : {}),
    ...(p.excludeKeywords?.length ? { excludeKeywords: p.excludeKeywords } : {}),
    ...(p.conditions?.length ? { conditions: p.conditions } : {}),
  };
  return { kind: 'indication', params } as RuleDraft;
}

/** `condition`: a condition to confirm, joined to the row's indication rule. */
type LimitReading = { draft?: RuleDraft; warning?: string; reason?: string; condition?: string };
/** A cell's reading and the rule text it gives ("性别限制：女"). */
type CellReading = LimitReading & { text: string };
/** A limit a prefix was given, by the first row that gave it. */
type GivenLimit = { kind: string; params: string; row: number };

/**
 * 专科限制 also carries words that name no department. "(急诊)" comes from remarks such as
 * "限…急救、抢救时使用" (安宫牛黄丸, 紫雪, 参麦注射液): the drug is paid in an emergency visit or
 * when used to rescue a patient, whichever department orders it. A 急诊科-only department rule
 * refused it to every other department, so these words make a visit-type rule instead: paid in
 * 急诊, otherwise paid when the doctor confirms 急救、抢救.
 */
const RESCUE_WORDS = new Set(['急诊', '急救', '抢救']);
const RESCUE_USE = '急救、抢救时使用';

/**
 * "(营养)" comes from remarks such as "限经营养风险筛查，明确具有营养风险的肠外营养支持患者"
 * (复方氨基酸, 脂肪乳, 肠内营养剂, 多种维生素, 微量元素): a condition the doctor states, not a
 * 营养科 department — a 消化内科 order is paid when it holds. It joins the row's indication (its
 * 疾病限制) as a condition to confirm.
 */
const NUTRITION_WORDS = new Set(['营养']);
export const NUTRITION_CONDITION = '经营养风险筛查，有肠内或肠外营养支持适应证';

function specialtyLimit(value: string): LimitReading {
  const words = departmentKeywords(value);
  if (words.length > 0 && words.every((w) => NUTRITION_WORDS.has(w))) return { condition: NUTRITION_CONDITION };
  const rescue = words.filter((w) => RESCUE_WORDS.has(w));
  if (rescue.length === 0) return fromValue(departmentValue(value));
  const departments = words.filter((w) => !RESCUE_WORDS.has(w));
  return {
    draft: { kind: 'visit-type', params: { allowed: ['emergency'], orConfirm: RESCUE_USE } } as RuleDraft,
    ...(departments.length ? { warning: `${departments.join('、')} not checked: the value also names ${rescue.join('、')}, read as an emergency or rescue use` } : {}),
  };
}

const fromValue = (reading: ValueReading): LimitReading => (reading.ok ? { draft: reading.draft, ...(reading.note ? { warning: reading.note } : {}) } : { reason: reading.reason });

function readLimit(column: LimitColumn, value: string, parse: TextParser | undefined): LimitReading {
  switch (column) {
    case '险种限制':
      return fromValue(insuranceValue(value));
    case '机构限制':
      return fromValue(institutionLevelValue(value));
    case '就医限制':
      return fromValue(visitTypeValue(value));
    case '专科限制':
      return specialtyLimit(value);
    case '性别限制':
      return fromValue(sexValue(value));
    case '年龄限制':
      return fromValue(ageValue(value));
    case '疾病限制': {
      const { keywords, dropped } = diseaseKeywords(value);
      if (keywords.length === 0) return { reason: `疾病限制 "${value}" names no disease` };
      return { draft: indicationFromKeywords(keywords, parse), ...(dropped.length ? { warning: `pattern characters dropped from ${dropped.join(', ')}` } : {}) };
    }
    case '阶梯限制':
      if (/二线/.test(value)) return { draft: { kind: 'second-line', params: {} } as RuleDraft };
      if (/三线/.test(value)) return { draft: { kind: 'second-line', params: { firstLine: '一线及二线治疗' } } as RuleDraft, warning: '三线 checked as second-line: earlier lines must have failed' };
      if (/一线/.test(value)) return { warning: '一线 restricts nothing; no rule made' };
      return { reason: `阶梯限制 "${value}" is not 一线, 二线 or 三线` };
    case '疗程限制': {
      const m = /^(\d+)\s*(天|日)$/.exec(value.normalize('NFKC').trim());
      if (!m) return { reason: `疗程限制 "${value}" is not a number of days` };
      return { draft: { kind: 'course', params: { maxDays: Number(m[1]) } } as RuleDraft };
    }
  }
}

/** Imports the structured catalogue CSV. Never throws for bad input: problems go into the report. */
export function importCatalogue(file: ImportFile, options: ImportOptions = {}): ImportOutcome {
  const bytes = file.bytes instanceof Uint8Array ? file.bytes : new Uint8Array(file.bytes);
  return importCatalogueTable(file.name, readCsvForImport(bytes), options);
}

/** The catalogue import of a CSV already read (import-any reads it once to tell the kind of file). */
export function importCatalogueTable(path: string, read: CsvRead, options: ImportOptions = {}): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'catalogue');
  const collector = new RuleCollector(report);
  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { rules: [], report: report.build([]) };
  }
  const { table } = read;
  for (const w of read.warnings) report.warn(w);
  if (!isCatalogueHeader(table.header)) {
    report.fail('missing-columns', `not the structured catalogue: needs ${KEY_COLUMN} and at least one of ${LIMIT_COLUMNS.join(', ')}; header: ${table.header.join(', ')}`);
    return { rules: [], report: report.build([]) };
  }
  const columns = LIMIT_COLUMNS.filter((c) => table.header.includes(c));
  // A column holds a few dozen distinct values over 100,000 rows: each is read once, and the rows
  // that give it share one draft (whose params the collector, the schema check and overlap
  // removal then handle once) and one rule text.
  const readings = new Map<LimitColumn, Map<string, CellReading>>(columns.map((c) => [c, new Map()]));
  const readOnce = (column: LimitColumn, value: string): CellReading => {
    const ofColumn = readings.get(column)!;
    let reading = ofColumn.get(value);
    if (!reading) {
      reading = { ...readLimit(column, value, options.parseText), text: `${column}：${value}` };
      ofColumn.set(value, reading);
    }
    return reading;
  };
  const basis = '医保药品目录 限定支付范围（结构化整理）';
  /** Per prefix, the limits given for it so far (one prefix carries one copy of a limit). */
  const given = new Map<string, GivenLimit[]>();
  let shortKeys = 0;
  const cell = columnReader(table.header);

  for (const record of table.records) {
    const code = (cell(record, KEY_COLUMN) ?? '').trim();
    if (isTrailerRow(record.fields, /^[A-Za-z0-9]+$/.test(code))) {
      report.skip({ row: record.row, text: firstText(record.fields), reason: 'note or total line under the table' });
      continue;
    }
    report.read();
    const name = (cell(record, NAME_COLUMN) ?? '').trim() || code;
    if (!/^[A-Za-z0-9]+$/.test(code)) {
      report.notUnderstoodRow({ row: record.row, name, text: code, reason: `药品编码 "${code}" is not a national drug code` });
      continue;
    }
    if (code.length < CATALOGUE_KEY_LENGTH) shortKeys++;
    const prefix = code.slice(0, CATALOGUE_KEY_LENGTH);
    for (const unused of UNUSED_COLUMNS) {
      const v = (cell(record, unused) ?? '').trim();
      if (v) report.warn(`${unused} "${v}" is not imported`, record.row);
    }
    let limits = 0;
    const drafts: { column: LimitColumn; text: string; draft: RuleDraft | undefined }[] = [];
    const conditions: { column: LimitColumn; value: string; condition: string }[] = [];
    for (const column of columns) {
      const value = (cell(record, column) ?? '').trim();
      if (!value) continue;
      limits++;
      const reading = readOnce(column, value);
      if (reading.warning) report.warn(`${column}: ${reading.warning}`, record.row);
      if (reading.reason) {
        report.notUnderstoodRow({ row: record.row, name, text: reading.text, reason: reading.reason });
        continue;
      }
      if (reading.condition) conditions.push({ column, value, condition: reading.condition });
      else drafts.push({ column, text: reading.text, draft: reading.draft });
    }
    for (const c of conditions) {
      const indication = drafts.find((d) => d.draft?.kind === 'indication');
      if (indication?.draft) {
        const params = indication.draft.params as IndicationParams;
        indication.draft = { kind: 'indication', params: { ...params, conditions: [...new Set([...(params.conditions ?? []), c.condition])] } } as RuleDraft;
        indication.text = `${indication.text}；${c.column}：${c.value}`;
      } else {
        drafts.push({ column: c.column, text: `${c.column}：${c.value}`, draft: { kind: 'indication', params: { conditions: [c.condition] } } as RuleDraft });
      }
    }
    for (const { column, text, draft } of drafts) {
      if (!draft) {
        report.used(record.row);
        continue;
      }
      const paramsText = paramsKey(draft.params as object);
      let limits = given.get(prefix);
      if (!limits) given.set(prefix, (limits = []));
      const earlier = limits.find((l) => l.kind === draft.kind && l.params === paramsText);
      if (earlier) {
        report.warn(`${column} for ${prefix} repeats row ${earlier.row}; covered by that rule`, record.row);
        report.used(record.row);
        continue;
      }
      const other = limits.find((l) => l.kind === draft.kind);
      if (other) report.warn(`${prefix} also has a different ${draft.kind} limit from row ${other.row}; both apply`, record.row);
      limits.push({ kind: draft.kind, params: paramsText, row: record.row });
      collector.add({
        id: `cat-${draft.kind}-${idPart(name)}`,
        draft,
        name,
        basis,
        text,
        source: { file: fileName, row: record.row },
        prefixes: [prefix],
        rows: [record.row],
      });
    }
    if (limits === 0) report.notUnderstoodRow({ row: record.row, name, reason: 'the row gives no limit at all' });
  }
  if (shortKeys > 0) report.warn(`${shortKeys} drug codes are shorter than ${CATALOGUE_KEY_LENGTH} characters; they match as prefixes as given`);
  report.detected = columns.join(', ');
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}
