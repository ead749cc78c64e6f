/**
 * Lines under a table that are not data: 合计 totals, 备注 / 说明 / 注： notes, 填表说明. Published
 * batches end with them (第八批-1), and spreadsheets saved as CSV keep them.
 */
const TRAILER = /^(合计|总计|小计|备注|说明|注[:：]|填表说明|制表|审核人|填表人)/;

/** The first non-blank cell of a row, trimmed ('' for a blank row). */
export function firstText(cells: readonly string[]): string {
  return cells.find((c) => c.trim() !== '')?.trim() ?? '';
}

/**
 * A trailer row starts with one of the words above and gives nothing to identify a rule by
 * (`identifies` is whether the row has a name, a code or another key of its own).
 */
export function isTrailerRow(cells: readonly string[], identifies: boolean): boolean {
  return !identifies && TRAILER.test(firstText(cells));
}

/** A cell holding something like a national code (6+ letters and digits): a total line has none. */
export function looksLikeCode(cell: string): boolean {
  const first = /[;；,，、\s]/.test(cell) ? (cell.trim().split(/[;；,，、\s]+/)[0] ?? '') : cell;
  return /^[0-9A-Za-z]{6,}$/.test(first);
}

/** Excel error values a formula leaves in a cell (#N/A, #REF! …): never a name, code or value. */
const EXCEL_ERROR = /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/i;

export function isExcelError(text: string): boolean {
  return EXCEL_ERROR.test(text.trim());
}
