import type { Cell, Table } from './cells';

/**
 * CSV as Excel on a Chinese Windows opens it: UTF-8 with a byte-order mark (without it Excel
 * guesses GBK and the Chinese turns to mojibake), CRLF line ends, every text field quoted.
 */

const BOM = '\uFEFF';

/**
 * A text starting with = + - @ (or a tab/CR) is a formula to a spreadsheet; an apostrophe in
 * front keeps a comment such as "=HYPERLINK(…)" from running when the file is opened.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(table: Table): string {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvField).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
