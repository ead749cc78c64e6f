import { lostLeadingZeros, numericCodeProblem, splitCodes } from '../codes';
import type { CsvRead } from '../csv-input';
import { baseName, type ImportOutcome } from '../import-file';
import { dateOf, severityOf, yesNoOf, type Reading } from '../local-values';
import { LOCAL_BASIS } from '../local-rules';
import { FileReportBuilder } from '../report';
import { RuleCollector, type RuleSeed } from '../rule-collector';
import { firstText, isExcelError, isTrailerRow, looksLikeCode } from '../trailer';
import type { WorkbookRead } from '../workbook-sheets';
import { CONSUMABLE_CODE } from './values';
import { readConsumableHeader, TABLE_COLUMNS, TABLE_NAMES, type ConsumableColumn, type ConsumableHeader, type ConsumableTable } from './template';

/**
 * Reading the two 医用耗材 lists (template.ts): finding the table, then each row into rule seeds
 * by the list's own reader (pairs.ts, limits.ts). What every row shares is read here — the cells,
 * Excel error values, the consumable codes and the rule fields (严重程度 … 启用). A row that cannot
 * become rules is listed with its row number and every reason at once, never dropped.
 */

export interface TableRow {
  row: number;
  cells: readonly string[];
}

export interface FoundTable {
  header: ConsumableHeader;
  rows: TableRow[];
  sheet?: string;
}

/** The first sheet with one of the two lists' headers in its first 10 rows. */
export function findConsumableTable(sheets: readonly { name: string; rows: readonly TableRow[] }[]): FoundTable | undefined {
  for (const sheet of sheets) {
    for (const [at, row] of sheet.rows.slice(0, 10).entries()) {
      const header = readConsumableHeader(row.cells);
      if (header) return { header, rows: sheet.rows.slice(at + 1), sheet: sheet.name };
    }
  }
  return undefined;
}

/** One row's cells by column, and the reasons it cannot become rules. */
export class RowReader {
  readonly reasons: string[] = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly header: ConsumableHeader,
    readonly row: TableRow,
  ) {}

  cell(column: ConsumableColumn): string {
    const index = this.header.columns[column];
    return index === undefined ? '' : (this.row.cells[index] ?? '').trim();
  }

  take<T>(reading: Reading<T>): T | undefined {
    if (reading.ok) return reading.value;
    this.reasons.push(reading.reason);
    return undefined;
  }

  /** Excel error values (#N/A, #REF! …) anywhere in the row: a formula failed, nothing here is data. */
  excelErrors(): boolean {
    for (const spec of TABLE_COLUMNS[this.header.table]) {
      const value = this.cell(spec.column);
      if (isExcelError(value)) this.reasons.push(`“${spec.header}”是 Excel 错误值 ${value}（公式出错或引用失效）`);
    }
    return this.reasons.length > 0;
  }

  /** The consumable codes (or prefixes): C codes only, with a reason naming what else was written. */
  consumableCodes(column: 'codes' | 'prefixes'): string[] {
    const codes = splitCodes(this.cell(column).normalize('NFKC').toUpperCase());
    for (const code of codes) {
      const problem = numericCodeProblem(code);
      if (problem) this.reasons.push(problem);
      else if (/^\d{15}$/.test(code) || lostLeadingZeros(code)) this.reasons.push(`“${code}”是医疗服务项目编码，不是耗材编码`);
      else if (/^[XZT]/.test(code)) this.reasons.push(`“${code}”是药品编码，不是耗材编码`);
      else if (column === 'codes' && !CONSUMABLE_CODE.test(code)) this.reasons.push(`耗材医保编码“${code}”不是 C 开头的 27 位（或 20 位）国家医保耗材代码`);
      else if (column === 'prefixes' && !/^C[0-9A-Z]{1,25}$/.test(code)) this.reasons.push(`耗材编码前缀“${code}”应为 C 开头、短于 27 位的代码开头`);
    }
    return codes;
  }

  /** 严重程度, 是否拦截, 启用 and the dates, as the local rules template reads them. */
  ruleFields(): RuleSeed['fields'] {
    const severity = this.take(severityOf(this.cell('severity')));
    const interruptive = this.take(yesNoOf(this.cell('interruptive'), '是否拦截'));
    const enabled = this.take(yesNoOf(this.cell('enabled'), '启用'));
    const from = this.take(dateOf(this.cell('from'), '生效日期'));
    const to = this.take(dateOf(this.cell('to'), '失效日期'));
    if (from && to && from > to) this.reasons.push(`生效日期 ${from} 晚于失效日期 ${to}`);
    const effective = from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;
    return {
      ...(severity ? { severity } : {}),
      ...(interruptive !== undefined ? { interruptive } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
      ...(effective ? { effective } : {}),
    };
  }

  /** What every seed of the row carries: name, 依据, 提示语, its place in the file. */
  seedBase(fileName: string): Pick<RuleSeed, 'basis' | 'source' | 'rows'> & Partial<Pick<RuleSeed, 'name' | 'text'>> {
    const name = this.cell('name');
    const text = this.cell('text');
    return {
      ...(name ? { name } : {}),
      basis: this.cell('basis') || LOCAL_BASIS,
      ...(text ? { text } : {}),
      source: { file: fileName, row: this.row.row },
      rows: [this.row.row],
    };
  }
}

/** Reads one row into seeds, or leaves its reasons on the reader. */
export type RowSeeds = (reader: RowReader, fileName: string) => RuleSeed[];

function importTable(path: string, table: FoundTable, warnings: readonly string[], readRow: RowSeeds): ImportOutcome {
  const fileName = baseName(path);
  const kind: ConsumableTable = table.header.table;
  const report = new FileReportBuilder(fileName, kind === 'pairs' ? 'consumable-items' : 'consumable-limits');
  const collector = new RuleCollector(report);
  report.batch = `本院${TABLE_NAMES[kind]}`;
  for (const w of warnings) report.warn(w);
  for (const h of table.header.unknown) report.warn(`列“${h}”不是模板中的列，未使用`);
  const kinds = new Set<string>();
  for (const row of table.rows) {
    const codeAt = table.header.columns.codes ?? table.header.columns.prefixes;
    const identifies = codeAt !== undefined && looksLikeCode(row.cells[codeAt] ?? '');
    if (isTrailerRow(row.cells, identifies)) {
      report.skip({ row: row.row, text: firstText(row.cells), reason: 'note or total line under the table' });
      continue;
    }
    report.read();
    const reader = new RowReader(table.header, row);
    const seeds = reader.excelErrors() ? [] : readRow(reader, fileName);
    if (reader.reasons.length > 0 || seeds.length === 0) {
      const name = reader.cell('name');
      const reason = reader.reasons.join('；') || '没有可生成的规则';
      report.notUnderstoodRow({ row: row.row, ...(name ? { name } : {}), text: row.cells.filter((c) => c.trim() !== '').join(' | '), reason });
      continue;
    }
    for (const w of reader.warnings) report.warn(w, row.row);
    for (const seed of seeds) {
      kinds.add(seed.draft.kind);
      collector.add(seed);
    }
  }
  report.detected = [...kinds].join(', ') || undefined;
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}

function failed(path: string, code: Parameters<FileReportBuilder['fail']>[0], detail: string): ImportOutcome {
  const report = new FileReportBuilder(baseName(path), 'consumable-limits');
  report.fail(code, detail);
  return { rules: [], report: report.build([]) };
}

export function importConsumableCsv(path: string, read: CsvRead, readers: Record<ConsumableTable, RowSeeds>): ImportOutcome {
  if (!read.ok) return failed(path, read.code, read.detail);
  const rows = [{ row: 1, cells: read.table.header }, ...read.table.records.map((r) => ({ row: r.row, cells: r.fields }))];
  const table = findConsumableTable([{ name: '', rows }]);
  if (!table) return failed(path, 'missing-columns', `not a consumable list; header: ${read.table.header.join(', ')}`);
  return importTable(path, table, read.warnings, readers[table.header.table]);
}

export function importConsumableSheets(path: string, read: WorkbookRead, readers: Record<ConsumableTable, RowSeeds>): ImportOutcome {
  if (!read.ok) return failed(path, read.code, read.detail);
  const table = findConsumableTable(read.sheets);
  if (!table) return failed(path, 'missing-columns', 'no sheet has a consumable list header');
  const others = read.sheets.filter((s) => s.name !== table.sheet).map((s) => `工作表“${s.name}”不是规则表，未读取`);
  return importTable(path, table, [...read.warnings, ...others], readers[table.header.table]);
}
