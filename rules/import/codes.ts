/** Code cells as spreadsheets hold them: several per cell, or mangled into numbers by Excel. */

/** What separates codes in a cell (whitespace included, which is also all that trim removes). */
const SEPARATOR = /[;；,，、\s]/;

/** A code cell may hold several codes. */
export function splitCodes(cell: string): string[] {
  // Most cells hold one code and nothing around it.
  if (!SEPARATOR.test(cell)) return cell.length > 0 ? [cell] : [];
  return cell.split(/[;；,，、\s]+/).map((c) => c.trim()).filter((c) => c.length > 0);
}

/** Code cells Excel has turned into numbers: 1.10200005E+14 lost its digits, 1102000050000 its zeros. */
export function numericCodeProblem(code: string): string | undefined {
  if (/^\d+(\.\d+)?E\+?\d+$/i.test(code)) return `编码“${code}”被 Excel 存成了科学计数法的数字，位数已丢失；请把编码列设为文本后重新填写`;
  if (/^\d+\.\d+$/.test(code)) return `编码“${code}”是带小数的数字，不是医保编码`;
  return undefined;
}

/** A 15-digit item code stored as a number loses its leading zeros (001102000050000 → 1102000050000). */
export function lostLeadingZeros(code: string): boolean {
  return /^[1-9]\d{11,13}$/.test(code);
}
