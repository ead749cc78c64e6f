import type { XlsxOptions, XlsxRow, XlsxSheet } from './xlsx';
import { cellOf, locateHeader, type ColumnRole, type Columns } from './columns';
import { readWorkbookSheets, type WorkbookRead } from './workbook-sheets';
import { firstText, isExcelError, isTrailerRow, looksLikeCode } from './trailer';
import { lostLeadingZeros, numericCodeProblem, splitCodes } from './codes';
import { batchFromFileName, fileTitle, type BatchName } from './batch-name';
import { FileReportBuilder } from './report';
import { RuleCollector, idPart, type RuleSeed } from './rule-collector';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { draftsFromText, leftoverMessages, type TextParser } from './drafts';
import type { RuleDraft } from './restriction-text';
import { courseFromText, dailyLimit, frequencyFromText, periodLimit } from './period-text';
import {
  ageValue, departmentValue, institutionLevelValue, insuranceValue, operationGroupValue, restrictionFromText, sexValue,
  visitTypeValue, type Restriction, type ValueReading,
} from './restriction-values';

/**
 * Imports an NHSA 两库 batch workbook as published: sheet 1 holds one rule per row (name, 说明,
 * 限定类型, 限定对象 …); drug batches add a sheet of national codes per name, joined here by name.
 * Each batch words its headers differently, so columns are found by meaning and the restriction
 * is read from 限定类型, then the headers, then the file title.
 */

/** Names are joined across sheets: full-width brackets and stray spaces must not break the join. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

/** Kept here too: callers import it from the batch importer. */
export { splitCodes };

interface TableSheet {
  sheet: XlsxSheet;
  header: readonly string[];
  columns: Columns;
  dataRows: XlsxRow[];
}

function asTable(sheet: XlsxSheet): TableSheet | undefined {
  const header = locateHeader(sheet.rows);
  if (!header) return undefined;
  return { sheet, header: sheet.rows[header.index]!.cells, columns: header.columns, dataRows: sheet.rows.slice(header.index + 1) };
}

/**
 * The rule sheet says what is restricted: a value or 说明 column, counts, a main/secondary pair,
 * or a 限定类型 without codes. A sheet of names and codes only (with or without 限定类型) is the
 * code sheet of a drug batch.
 */
export function isRuleTable(columns: Columns): boolean {
  const r = columns.roles;
  return (
    r.restrictionValue !== undefined ||
    r.text !== undefined ||
    r.limitCount !== undefined ||
    r.maxCount !== undefined ||
    r.periodDays !== undefined ||
    (r.mainCode !== undefined && r.secondaryCode !== undefined) ||
    (r.restrictionType !== undefined && r.code === undefined)
  );
}

const isCodeTable = (columns: Columns) => columns.roles.name !== undefined && columns.roles.code !== undefined;

/** The headers a sheet's table was found by, for messages. */
const headersOf = (table: TableSheet) => table.header.filter((c) => c.trim() !== '').join(', ');

interface CodeIndex {
  codes: Map<string, { name: string; row: number; codes: string[] }>;
}

/** name → national codes, from every code sheet; rows missing either are reported, not dropped. */
function buildCodeIndex(tables: readonly TableSheet[], report: FileReportBuilder): CodeIndex {
  const codes = new Map<string, { name: string; row: number; codes: string[] }>();
  for (const table of tables) {
    for (const row of table.dataRows) {
      const name = cellOf(row.cells, table.columns, 'name');
      const codeCell = cellOf(row.cells, table.columns, 'code');
      if (isTrailerRow(row.cells, looksLikeCode(codeCell))) continue;
      if (!name && !codeCell) continue;
      if (isExcelError(name) || isExcelError(codeCell)) {
        report.warn(`编码表“${table.sheet.name}”该行含 Excel 错误值（${isExcelError(name) ? name : codeCell}），未使用`, row.row);
        continue;
      }
      const found = splitCodes(codeCell);
      const bad = found.map(numericCodeProblem).find((p) => p !== undefined);
      if (bad) {
        report.warn(`编码表“${table.sheet.name}”：${bad}`, row.row);
        continue;
      }
      if (!name || found.length === 0) {
        report.warn(`编码表“${table.sheet.name}”该行${name ? `有名称“${name}”但没有编码` : `有编码“${codeCell}”但没有名称`}，未使用`, row.row);
        continue;
      }
      const key = nameKey(name);
      const entry = codes.get(key);
      if (entry) {
        for (const c of found) if (!entry.codes.includes(c)) entry.codes.push(c);
      } else codes.set(key, { name, row: row.row, codes: [...new Set(found)] });
    }
  }
  return { codes };
}

/** What the whole sheet restricts when a row has no 限定类型 of its own. */
export function sheetRestriction(columns: Columns, title: string): Restriction | undefined {
  const r = columns.roles;
  if (r.mainCode !== undefined && r.secondaryCode !== undefined) return 'charge-pair';
  if (r.maxCount !== undefined && r.periodDays !== undefined) return 'frequency';
  if (r.limitCount !== undefined) return 'frequency';
  const fromHeader = columns.valueHeader ? restrictionFromText(columns.valueHeader) : undefined;
  return fromHeader ?? restrictionFromText(title);
}

interface RowContext {
  file: string;
  batch: BatchName;
  basis: string;
  columns: Columns;
  index: CodeIndex;
  joinedNames: Set<string>;
  report: FileReportBuilder;
  collector: RuleCollector;
  sheetLevel: Restriction | undefined;
  parse: TextParser | undefined;
}

type DraftsReading = { drafts: RuleDraft[]; notes: string[]; basisNote?: string } | { drafts: []; reason: string };

function single(reading: ValueReading): DraftsReading {
  if (!reading.ok) return { drafts: [], reason: reading.reason };
  return { drafts: [reading.draft], notes: reading.note ? [reading.note] : [], ...(reading.basisNote ? { basisNote: reading.basisNote } : {}) };
}

/** Drafts from the restriction text parser, keeping only the kinds wanted. */
function parsed(text: string, kinds: readonly RuleDraft['kind'][] | undefined, fallbackReason: string, parse: TextParser | undefined): DraftsReading {
  const read = draftsFromText(text, parse);
  const drafts = kinds ? read.drafts.filter((d) => kinds.includes(d.kind)) : read.drafts;
  if (drafts.length === 0) {
    const why = read.leftovers.map((l) => l.reason).join('; ');
    return { drafts: [], reason: why ? `${fallbackReason} (${why})` : fallbackReason };
  }
  return { drafts, notes: leftoverMessages(read) };
}

function draftsFor(restriction: Restriction, cells: readonly string[], columns: Columns, parse: TextParser | undefined): DraftsReading {
  const value = cellOf(cells, columns, 'restrictionValue');
  const text = cellOf(cells, columns, 'text');
  const valueOrText = value || text;
  switch (restriction) {
    case 'sex':
      return single(sexValue(valueOrText));
    case 'age':
      return single(ageValue(valueOrText));
    case 'insurance-type':
      return single(insuranceValue(valueOrText));
    case 'visit-type':
      return single(visitTypeValue(valueOrText));
    case 'institution-level':
      return single(institutionLevelValue(valueOrText));
    case 'department':
      return single(departmentValue(valueOrText));
    case 'operation-group':
      return single(operationGroupValue(value));
    case 'indication':
      return parsed(valueOrText, undefined, 'restriction text not understood', parse);
    case 'frequency': {
      const count = cellOf(cells, columns, 'limitCount');
      if (count) {
        const unit = cellOf(cells, columns, 'limitUnit');
        const d = dailyLimit(count, unit);
        return d ? { drafts: [d], notes: [] } : { drafts: [], reason: `限制数量 "${count}" ${unit} is not a whole count per day, hour or time` };
      }
      const max = cellOf(cells, columns, 'maxCount');
      const period = cellOf(cells, columns, 'periodDays');
      if (max || period) {
        const d = periodLimit(max, period);
        return d ? { drafts: [d], notes: [] } : { drafts: [], reason: `频次上限 "${max}" / 疗程周期 "${period}" are not whole numbers` };
      }
      const fromText = frequencyFromText(valueOrText);
      return fromText ? { drafts: [fromText], notes: [] } : parsed(valueOrText, ['frequency'], 'no count and period in the row', parse);
    }
    case 'course': {
      const course = courseFromText(valueOrText);
      if (!course) return parsed(valueOrText, ['course'], 'no payable course length in the text', parse);
      // "总时间不超过90天，评定间隔时间不短于14天": the interval is a second limit of its own.
      const interval = frequencyFromText(valueOrText);
      return { drafts: interval ? [course, interval] : [course], notes: [] };
    }
    case 'charge-pair':
      return { drafts: [], reason: 'a 重复收费 row needs 主项编码 and 从项编码 columns' };
  }
}

const KIND_SLUG = (d: RuleDraft): string =>
  d.kind === 'duplicate-charge' ? ((d.params as { mode: string }).mode === 'group' ? 'group' : 'pair') : d.kind;

/** The first cell of the given roles holding an Excel error value (#N/A, #REF! …). */
function garbageIn(cells: readonly string[], columns: Columns, roles: readonly ColumnRole[]): { text: string; reason: string } | undefined {
  for (const role of roles) {
    const value = cellOf(cells, columns, role);
    if (isExcelError(value)) return { text: value, reason: `单元格是 Excel 错误值 ${value}（公式出错或引用失效），无法导入该行` };
  }
  return undefined;
}

function readRuleRow(row: XlsxRow, ctx: RowContext): void {
  const { columns, report } = ctx;
  const name = cellOf(row.cells, columns, 'name');
  const codeCell = cellOf(row.cells, columns, 'code');
  const typeCell = cellOf(row.cells, columns, 'restrictionType');
  if (isTrailerRow(row.cells, looksLikeCode(codeCell))) {
    report.skip({ row: row.row, text: firstText(row.cells), reason: 'note or total line under the table' });
    return;
  }
  report.read();
  if (!name && !codeCell) {
    report.notUnderstoodRow({ row: row.row, text: row.cells.join(' | '), reason: 'row has neither a name nor a code' });
    return;
  }
  const garbage = garbageIn(row.cells, columns, ['name', 'code', 'restrictionType', 'restrictionValue']);
  if (garbage) {
    report.notUnderstoodRow({ row: row.row, ...(name && !isExcelError(name) ? { name } : {}), text: garbage.text, reason: garbage.reason });
    return;
  }
  // A row that names its own 限定类型 is read by it alone: an unknown type is not the file's type.
  const restriction = typeCell ? restrictionFromText(typeCell) : ctx.sheetLevel;
  if (!restriction) {
    report.notUnderstoodRow({ row: row.row, name, ...(typeCell ? { text: typeCell } : {}), reason: 'the restriction type (限定类型) is not recognised' });
    return;
  }
  const reading = draftsFor(restriction, row.cells, columns, ctx.parse);
  const text = cellOf(row.cells, columns, 'text') || undefined;
  if ('reason' in reading) {
    const shown = cellOf(row.cells, columns, 'restrictionValue') || text;
    report.notUnderstoodRow({ row: row.row, ...(name ? { name } : {}), ...(shown ? { text: shown } : {}), reason: reading.reason });
    return;
  }
  let codes = splitCodes(codeCell);
  const numeric = codes.map(numericCodeProblem).find((p) => p !== undefined);
  if (numeric) {
    report.notUnderstoodRow({ row: row.row, ...(name ? { name } : {}), text: codeCell, reason: numeric });
    return;
  }
  for (const code of codes.filter(lostLeadingZeros)) {
    report.warn(`编码“${code}”只有 ${code.length} 位数字，可能是 15 位项目编码被 Excel 存成数字后丢了前导零；请核对`, row.row);
  }
  const ownCode = codes.length === 1 ? codes[0] : undefined;
  if (codes.length === 0) {
    const joined = ctx.index.codes.get(nameKey(name));
    if (!joined) {
      report.notUnderstoodRow({ row: row.row, name, reason: 'no national code for this name in the row or the code sheet' });
      return;
    }
    codes = joined.codes;
    ctx.joinedNames.add(nameKey(name));
  }
  for (const note of reading.notes) report.warn(note, row.row);
  for (const draft of reading.drafts) {
    const isGroup = draft.kind === 'duplicate-charge';
    const key = isGroup ? (draft.params as { group: string }).group : (ownCode ?? name);
    ctx.collector.add({
      id: `nhsa-${ctx.batch.slug}-${KIND_SLUG(draft)}-${idPart(key)}`,
      draft,
      ...(isGroup ? { name: key } : name ? { name } : {}),
      basis: reading.basisNote ? `${ctx.basis}（${reading.basisNote}）` : ctx.basis,
      ...(text ? { text } : {}),
      source: { batch: ctx.batch.label, file: ctx.file, row: row.row },
      codes,
      rows: [row.row],
    });
  }
}

/** 重复收费: rows of one main item, 频度 and 备注 become one pair rule listing every secondary item. */
function readPairRows(rows: readonly XlsxRow[], ctx: RowContext): void {
  const { columns, report } = ctx;
  const groups = new Map<string, { mainName: string; main: string; scope: string; note: string; secondary: string[]; rows: number[] }>();
  const looseScopes = new Map<string, number>();
  for (const row of rows) {
    const main = cellOf(row.cells, columns, 'mainCode');
    const secondary = cellOf(row.cells, columns, 'secondaryCode');
    if (isTrailerRow(row.cells, looksLikeCode(main) || looksLikeCode(secondary))) {
      report.skip({ row: row.row, text: firstText(row.cells), reason: 'note or total line under the table' });
      continue;
    }
    report.read();
    if (!main || !secondary) {
      report.notUnderstoodRow({ row: row.row, text: row.cells.join(' | '), reason: 'a 重复收费 row needs both 主项编码 and 从项编码' });
      continue;
    }
    const bad = garbageIn(row.cells, columns, ['mainCode', 'secondaryCode'])?.reason ?? [main, secondary].map(numericCodeProblem).find((p) => p !== undefined);
    if (bad) {
      report.notUnderstoodRow({ row: row.row, text: `${main} / ${secondary}`, reason: bad });
      continue;
    }
    const scope = cellOf(row.cells, columns, 'scope');
    const note = cellOf(row.cells, columns, 'text');
    if (scope && !/^(单日|同日|当日|单次就诊)$/.test(scope)) looseScopes.set(scope, (looseScopes.get(scope) ?? 0) + 1);
    const key = `${main}\u0000${scope}\u0000${note}`;
    const group = groups.get(key);
    if (group) {
      if (!group.secondary.includes(secondary)) group.secondary.push(secondary);
      group.rows.push(row.row);
    } else {
      groups.set(key, { mainName: cellOf(row.cells, columns, 'mainName'), main, scope, note, secondary: [secondary], rows: [row.row] });
    }
  }
  for (const [scope, count] of looseScopes) {
    report.warn(`频度 "${scope}" (${count} rows) is checked as the same day: the engine compares dates, not hours`);
  }
  for (const g of groups.values()) {
    const draft = { kind: 'duplicate-charge', params: { mode: 'pair', main: [g.main], secondary: g.secondary, ...(g.note ? { note: g.note } : {}) } } as RuleDraft;
    const text = [g.note, g.scope ? `频度：${g.scope}` : ''].filter(Boolean).join('；');
    const seed: RuleSeed = {
      id: `nhsa-${ctx.batch.slug}-pair-${idPart(g.main)}`,
      draft,
      ...(g.mainName ? { name: g.mainName } : {}),
      basis: ctx.basis,
      ...(text ? { text } : {}),
      source: { batch: ctx.batch.label, file: ctx.file, row: g.rows[0]! },
      codes: [g.main, ...g.secondary.filter((s) => s !== g.main)],
      rows: g.rows,
    };
    ctx.collector.add(seed);
  }
}

function detectedLabel(restrictions: ReadonlySet<Restriction>): string | undefined {
  if (restrictions.size === 0) return undefined;
  return [...restrictions].join(', ');
}

/** Restrictions that are read from a value or 说明 cell of the row. */
const NEEDS_VALUE = new Set<Restriction>(['sex', 'age', 'insurance-type', 'visit-type', 'institution-level', 'department', 'indication', 'operation-group', 'course']);

/** A rule sheet that cannot give any row a rule is a file problem, said once rather than per row. */
function missingColumns(table: TableSheet, sheetLevel: Restriction | undefined): string | undefined {
  const r = table.columns.roles;
  const headers = headersOf(table);
  if (r.restrictionType === undefined && !sheetLevel) {
    return `sheet "${table.sheet.name}" has no 限定类型 column, and neither its headers nor the file name say what is restricted (限定性别, 限定年龄, 限定就医方式 …); headers: ${headers}`;
  }
  const hasValue = r.restrictionValue !== undefined || r.text !== undefined;
  if (sheetLevel && NEEDS_VALUE.has(sheetLevel) && !hasValue && r.restrictionType === undefined) {
    return `sheet "${table.sheet.name}" has no 限定对象 / 限定值域 / 限定内容 or 说明 column to read the ${sheetLevel} limit from; headers: ${headers}`;
  }
  if (r.restrictionType !== undefined && !hasValue && r.limitCount === undefined && r.maxCount === undefined) {
    return `sheet "${table.sheet.name}" has 限定类型 but no 限定对象 / 限定值域 / 限定内容 or 说明 column; headers: ${headers}`;
  }
  return undefined;
}

export interface NhsaBatchOptions extends XlsxOptions, ImportOptions {
  /** Batch label and slug when the file name does not carry 第N批. */
  batch?: BatchName;
}

/** Imports one two-libs batch workbook. Never throws for bad input: problems go into the report. */
export function importNhsaXlsxBatch(file: ImportFile, options: NhsaBatchOptions = {}): ImportOutcome {
  const bytes = file.bytes instanceof Uint8Array ? file.bytes : new Uint8Array(file.bytes);
  return importNhsaSheets(file.name, readWorkbookSheets(bytes, options), options);
}

/** The batch import of a workbook already read (import-any reads it once to tell the kind of file). */
export function importNhsaSheets(path: string, read: WorkbookRead, options: NhsaBatchOptions = {}): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'nhsa-batch-xlsx');
  const collector = new RuleCollector(report);
  const title = fileTitle(fileName);
  const batch = options.batch ?? batchFromFileName(fileName) ?? { label: title || fileName, slug: 'local', title };
  report.batch = batch.label;
  if (!options.batch && !batchFromFileName(fileName)) report.warn('the file name carries no 第N批; rule ids use "local"');
  const failed = (code: Parameters<FileReportBuilder['fail']>[0], detail: string): ImportOutcome => {
    report.fail(code, detail);
    return { rules: [], report: report.build([]) };
  };

  if (!read.ok) return failed(read.code, read.detail);
  for (const w of read.warnings) report.warn(w);
  const tables: TableSheet[] = [];
  for (const sheet of read.sheets) {
    const table = asTable(sheet);
    if (table) tables.push(table);
    else report.warn(`sheet "${sheet.name}" has no header row that names a 名称 or 编码 column; not read`);
  }
  if (tables.length === 0) {
    return failed('no-header', `no header row naming a 名称 or 编码 column in the first 10 rows of ${read.sheets.map((s) => `"${s.name}"`).join(', ')}`);
  }
  const ruleTable = tables.find((t) => isRuleTable(t.columns));
  if (!ruleTable) {
    const described = tables.map((t) => `"${t.sheet.name}": ${headersOf(t)}`).join('; ');
    return failed(tables.some((t) => isCodeTable(t.columns)) ? 'codes-only' : 'no-rules-sheet', `sheets read: ${described}`);
  }
  const codeTables = tables.filter((t) => t !== ruleTable && isCodeTable(t.columns));
  for (const t of tables) {
    if (t !== ruleTable && !codeTables.includes(t)) report.warn(`工作表“${t.sheet.name}”既不是规则表也不是编码表（列：${headersOf(t)}），未读取`);
  }
  for (const t of [ruleTable, ...codeTables]) {
    for (const header of t.columns.unknown) report.warn(`工作表“${t.sheet.name}”的列“${header}”未识别，未使用`);
  }
  const sheetLevel = sheetRestriction(ruleTable.columns, title);
  const missing = sheetLevel === 'charge-pair' ? undefined : missingColumns(ruleTable, sheetLevel);
  if (missing) return failed('missing-columns', missing);

  const index = buildCodeIndex(codeTables, report);
  const ctx: RowContext = {
    file: fileName,
    batch,
    basis: `国家医保局两库 ${batch.label} ${batch.title || title}`.trim(),
    columns: ruleTable.columns,
    index,
    joinedNames: new Set(),
    report,
    collector,
    sheetLevel,
    parse: options.parseText,
  };

  const seen = new Set<Restriction>();
  if (sheetLevel === 'charge-pair') {
    seen.add('charge-pair');
    readPairRows(ruleTable.dataRows, ctx);
  } else {
    for (const row of ruleTable.dataRows) {
      const typeCell = cellOf(row.cells, ruleTable.columns, 'restrictionType');
      const r = typeCell ? restrictionFromText(typeCell) : sheetLevel;
      if (r) seen.add(r);
      readRuleRow(row, ctx);
    }
  }
  report.detected = detectedLabel(seen);

  let joinedCodes = 0;
  for (const [key, entry] of index.codes) {
    if (ctx.joinedNames.has(key)) joinedCodes += entry.codes.length;
    else report.warn(`code sheet name "${entry.name}" (${entry.codes.length} codes) matches no rule row; its codes were not used`, entry.row);
  }
  report.joined(joinedCodes);
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}
