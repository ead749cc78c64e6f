import { sheetName, writeXlsx } from '../../../rules/import/xlsx-write';
import type { Cell, Table } from './cells';

/**
 * A review table as an xlsx workbook: one sheet, a bold frozen header row, columns as wide as
 * their text. The workbook itself is written by the one xlsx writer (rules/import/xlsx-write.ts),
 * which also makes the import templates.
 */

/** Column widths from the longest text in each column; CJK characters count double. */
function columnWidths(table: Table): number[] {
  const width = (cell: Cell) => [...String(cell ?? '')].reduce((sum, ch) => sum + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return table.header.map((_, i) => Math.min(60, Math.max(6, ...[table.header, ...table.rows].map((row) => width(row[i]))) + 2));
}

export function toXlsx(table: Table, name = 'Sheet1'): Uint8Array {
  return writeXlsx([{ name: sheetName(name), rows: [table.header, ...table.rows], widths: columnWidths(table), header: true }]);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv;charset=utf-8';
