import type { CsvRead } from './csv-input';
import type { ImportErrorCode } from './import-error';
import { isListHeader, readListHeader, type ListHeader, type ListTemplate } from './hospital-lists';
import type { FileReportBuilder } from './report';
import { firstText, isExcelError, isTrailerRow, looksLikeCode } from './trailer';
import type { WorkbookRead } from './workbook-sheets';

/**
 * The table of a hospital list (hospital-lists.ts) in a CSV or a workbook, and its rows one by one
 * with what every row of any list gets: 合计/说明 lines under the table skipped and reported,
 * Excel error values refused with the column named, the row counted as read.
 */

export interface TableRow {
  row: number;
  cells: readonly string[];
}

export interface ListTable<C extends string> {
  header: ListHeader<C>;
  rows: TableRow[];
  /** Sheet name for workbooks. */
  sheet?: string;
}

export type ListTableRead<C extends string> =
  | { ok: true; table: ListTable<C>; warnings: string[] }
  | { ok: false; code: ImportErrorCode; detail: string };

/** The first sheet with the list's header in its first 10 rows. */
export function findListTable<C extends string>(template: ListTemplate<C>, sheets: readonly { name: string; rows: readonly TableRow[] }[]): ListTable<C> | undefined {
  for (const sheet of sheets) {
    const at = sheet.rows.slice(0, 10).findIndex((r) => isListHeader(template, r.cells));
    if (at !== -1) return { header: readListHeader(template, sheet.rows[at]!.cells), rows: sheet.rows.slice(at + 1), sheet: sheet.name };
  }
  return undefined;
}

const needs = <C extends string>(template: ListTemplate<C>): string => {
  const header = (c: C) => template.columns.find((s) => s.column === c)!.header;
  return `${template.required.map(header).join(', ')} and one of ${template.oneOf.map(header).join(', ')}`;
};

export function listTableFromCsv<C extends string>(template: ListTemplate<C>, read: CsvRead): ListTableRead<C> {
  if (!read.ok) return read;
  const rows = [{ row: 1, cells: read.table.header }, ...read.table.records.map((r) => ({ row: r.row, cells: r.fields }))];
  const table = findListTable(template, [{ name: '', rows }]);
  if (!table) return { ok: false, code: 'missing-columns', detail: `the ${template.title} template needs ${needs(template)}; header: ${read.table.header.join(', ')}` };
  return { ok: true, table, warnings: read.warnings };
}

export function listTableFromSheets<C extends string>(template: ListTemplate<C>, read: WorkbookRead): ListTableRead<C> {
  if (!read.ok) return read;
  const table = findListTable(template, read.sheets);
  if (!table) return { ok: false, code: 'missing-columns', detail: `no sheet has the ${template.title} header (${needs(template)})` };
  const others = read.sheets.filter((s) => s.name !== table.sheet).map((s) => `工作表“${s.name}”不是${template.title}表，未读取`);
  return { ok: true, table, warnings: [...read.warnings, ...others] };
}

/** One data row: its number, a trimmed cell by column, and its non-blank text for the report. */
export interface ListRow<C extends string> {
  row: number;
  cell(column: C): string;
  text: string;
}

/**
 * Calls `read` for each data row of the table, after the checks every list shares. `keys` are the
 * columns that identify a row (a 合计 line has none of them filled with a code-like value).
 * Returns whatever `read` gave back for the rows it took, in order.
 */
export function eachListRow<C extends string, T>(
  template: ListTemplate<C>,
  table: ListTable<C>,
  report: FileReportBuilder,
  keys: readonly C[],
  read: (row: ListRow<C>) => T | undefined,
): T[] {
  for (const h of table.header.unknown) report.warn(`列“${h}”不是${template.title}模板中的列，未使用`);
  const out: T[] = [];
  for (const { row, cells } of table.rows) {
    const at = (column: C) => {
      const index = table.header.columns[column];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    if (isTrailerRow(cells, keys.some((c) => looksLikeCode(at(c))))) {
      report.skip({ row, text: firstText(cells), reason: 'note or total line under the table' });
      continue;
    }
    report.read();
    const text = cells.filter((c) => c.trim() !== '').join(' | ');
    const errors = template.columns.filter((spec) => isExcelError(at(spec.column))).map((spec) => `“${spec.header}”是 Excel 错误值 ${at(spec.column)}（公式出错或引用失效）`);
    if (errors.length > 0) {
      report.notUnderstoodRow({ row, text, reason: errors.join('；') });
      continue;
    }
    const value = read({ row, cell: at, text });
    if (value !== undefined) out.push(value);
  }
  return out;
}
