import type { XlsxOptions, XlsxRow, XlsxSheet } from './xlsx';
import { cellOf, locateHeader, type ColumnRole, type Columns } from './columns';
import { readWorkbookSheets, type WorkbookRead } from './workbook-sheets';
import { firstText, isExcelError, isTrailerRow, looksLikeCode } from './trailer';
import { lostLeadingZeros, numericCodeProblem, splitCodes } from './codes';
import { batchFromFileName, fileTitle, type BatchName } from './batch-name';
import { FileReportBuilder } from './report';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { restrictionFromText, type Restriction } from './restriction-values';
import type { KnowledgePoint } from './classes/knowledge-point';
import { finishKnowledgeFiles, type KnowledgeFile } from './classes/finish';
import { classForRestriction, familyFromTitle, type ItemFamily } from './classes/workbook-class';
import { readPoint } from './classes/class-readers';
import type { TextParser } from './drafts';

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
  family: ItemFamily | undefined;
  columns: Columns;
  index: CodeIndex;
  joinedNames: Set<string>;
  report: FileReportBuilder;
  points: KnowledgePoint[];
  sheetLevel: Restriction | undefined;
  parse: TextParser | undefined;
}

/** The first cell of the given roles holding an Excel error value (#N/A, #REF! …). */
function garbageIn(cells: readonly string[], columns: Columns, roles: readonly ColumnRole[]): { text: string; reason: string } | undefined {
  for (const role of roles) {
    const value = cellOf(cells, columns, role);
    if (isExcelError(value)) return { text: value, reason: `单元格是 Excel 错误值 ${value}（公式出错或引用失效），无法导入该行` };
  }
  return undefined;
}

const optional = (key: string, value: string) => (value ? { [key]: value } : {});

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
  const ownCodes = splitCodes(codeCell);
  const numeric = ownCodes.map(numericCodeProblem).find((p) => p !== undefined);
  if (numeric) {
    report.notUnderstoodRow({ row: row.row, ...(name ? { name } : {}), text: codeCell, reason: numeric });
    return;
  }
  for (const code of ownCodes.filter(lostLeadingZeros)) {
    report.warn(`编码“${code}”只有 ${code.length} 位数字，可能是 15 位项目编码被 Excel 存成数字后丢了前导零；请核对`, row.row);
  }
  const joined = ownCodes.length === 0 ? ctx.index.codes.get(nameKey(name)) : undefined;
  const codes = ownCodes.length > 0 ? ownCodes : joined?.codes ?? [];
  if (codes.length === 0) {
    report.notUnderstoodRow({ row: row.row, name, reason: 'no national code for this name in the row or the code sheet' });
    return;
  }
  const value = cellOf(row.cells, columns, 'restrictionValue');
  const text = cellOf(row.cells, columns, 'text');
  const hasCounts = cellOf(row.cells, columns, 'limitCount') !== '';
  const hasPeriod = cellOf(row.cells, columns, 'maxCount') !== '' || cellOf(row.cells, columns, 'periodDays') !== '';
  const pick = classForRestriction({ restriction, family: ctx.family, codes, value, text, hasCounts, hasPeriod, title: ctx.batch.title });
  if (!pick.ok) {
    report.notUnderstoodRow({ row: row.row, ...(name ? { name } : {}), ...(value || text ? { text: value || text } : {}), reason: pick.reason });
    return;
  }
  const { cls } = pick;
  const point: KnowledgePoint = {
    classSeq: cls.national.seq,
    classLabel: typeCell || ctx.batch.title || cls.name,
    name: name || codes[0]!,
    text,
    detectLogic: '',
    // A value column that is there but empty is a gap to report, not a reason to read the item's nature.
    ...(columns.roles.restrictionValue !== undefined ? { value } : {}),
    ...optional('limitCount', cellOf(row.cells, columns, 'limitCount')),
    ...optional('limitUnit', cellOf(row.cells, columns, 'limitUnit')),
    ...optional('maxCount', cellOf(row.cells, columns, 'maxCount')),
    ...optional('periodDays', cellOf(row.cells, columns, 'periodDays')),
    codes,
    ...(ctx.batch.slug !== 'local' ? { batch: { label: ctx.batch.label, slug: ctx.batch.slug } } : {}),
    file: ctx.file,
    row: row.row,
    readFile: ctx.file,
    readRow: row.row,
  };
  // Read now as well, so codes of the code sheet count as joined only for rows that make a rule.
  // Every class a workbook restriction maps to has a reader (workbook-class.ts).
  const readable = readPoint(point, cls, cls.reader!, ctx.parse);
  if ('reason' in readable) {
    report.notUnderstoodRow({ row: row.row, name: point.name, ...(value || text ? { text: value || text } : {}), reason: readable.reason });
    return;
  }
  if (joined) ctx.joinedNames.add(nameKey(name));
  ctx.points.push(point);
}

/** 重复收费: one knowledge point per 主项 × 从项 row; the rule gathers a main item's secondary items. */
function readPairRows(rows: readonly XlsxRow[], ctx: RowContext): void {
  const { columns, report } = ctx;
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
    if (scope && !/^(单日|同日|当日|单次就诊)$/.test(scope)) looseScopes.set(scope, (looseScopes.get(scope) ?? 0) + 1);
    const mainName = cellOf(row.cells, columns, 'mainName');
    const secondaryName = cellOf(row.cells, columns, 'secondaryName');
    ctx.points.push({
      classSeq: 25,
      classLabel: ctx.batch.title || '医疗服务项目重复收费',
      name: mainName && secondaryName ? `${mainName}×${secondaryName}` : `${main}×${secondary}`,
      text: cellOf(row.cells, columns, 'text'),
      detectLogic: '',
      mainCode: main,
      secondaryCode: secondary,
      ...optional('scope', scope),
      codes: [main, secondary],
      ...(ctx.batch.slug !== 'local' ? { batch: { label: ctx.batch.label, slug: ctx.batch.slug } } : {}),
      file: ctx.file,
      row: row.row,
      readFile: ctx.file,
      readRow: row.row,
    });
  }
  for (const [scope, count] of looseScopes) {
    report.warn(`频度 "${scope}" (${count} rows) is checked as the same day: the engine compares dates, not hours`);
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
  const knowledge = readNhsaSheetPoints(path, read, options);
  const [finished] = finishKnowledgeFiles([knowledge], options.parseText);
  return { ...finished!, knowledge };
}

/** Reads a batch workbook into knowledge points; the rules are made from them by finishKnowledgeFiles. */
export function readNhsaSheetPoints(path: string, read: WorkbookRead, options: NhsaBatchOptions = {}): KnowledgeFile {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'nhsa-batch-xlsx');
  const points: KnowledgePoint[] = [];
  const title = fileTitle(fileName);
  const batch = options.batch ?? batchFromFileName(fileName) ?? { label: title || fileName, slug: 'local', title };
  report.batch = batch.label;
  if (!options.batch && !batchFromFileName(fileName)) report.warn('the file name carries no 第N批; rule ids use "local"');
  const failed = (code: Parameters<FileReportBuilder['fail']>[0], detail: string): KnowledgeFile => {
    report.fail(code, detail);
    return { points, readReport: report };
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
    family: familyFromTitle(`${batch.title} ${title}`),
    columns: ruleTable.columns,
    index,
    joinedNames: new Set(),
    report,
    points,
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
  return { points, readReport: report };
}
