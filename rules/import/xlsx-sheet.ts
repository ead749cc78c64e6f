import { xmlTokens } from './xml';

/**
 * One worksheet's cells as text, and the workbook's shared strings: what the xlsx reader
 * (xlsx.ts) needs once it has found the parts. Cell text only — no styles, formulas or dates.
 */

export interface XlsxRow {
  /** Row number as the sheet shows it (1-based). */
  row: number;
  /** Cell text by column (0 = A); missing cells are ''. Trailing empty cells are dropped. */
  cells: string[];
}

export interface XlsxSheet {
  name: string;
  /** Non-blank rows only, in sheet order. */
  rows: XlsxRow[];
  /** True when rows past `maxRows` were not read. */
  truncated: boolean;
  /** Non-empty cells beyond `maxColumns` that were ignored. */
  ignoredCells: number;
  /**
   * Cells of vertically merged ranges given the range's value: Excel keeps it in the top cell
   * only, while the sheet shows it on every row (a drug name merged over its codes).
   */
  mergedFilled: number;
}

/** OOXML escapes control characters in strings as _xHHHH_ (e.g. _x000D_ for a carriage return). */
function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Shared strings; rich-text runs are joined and phonetic guides (rPh) left out. */
export function readSharedStrings(xml: string | undefined): string[] {
  const strings: string[] = [];
  if (!xml) return strings;
  let current: string[] | undefined;
  let inText = false;
  let phoneticDepth = 0;
  for (const token of xmlTokens(xml)) {
    if (token.type === 'open') {
      if (token.name === 'si') {
        current = [];
        if (token.selfClosing) {
          strings.push('');
          current = undefined;
        }
      } else if (token.name === 'rPh' && !token.selfClosing) phoneticDepth++;
      else if (token.name === 't' && !token.selfClosing) inText = true;
    } else if (token.type === 'close') {
      if (token.name === 'si' && current) {
        strings.push(decodeOoxmlEscapes(current.join('')));
        current = undefined;
      } else if (token.name === 'rPh') phoneticDepth = Math.max(0, phoneticDepth - 1);
      else if (token.name === 't') inText = false;
    } else if (inText && current && phoneticDepth === 0) {
      current.push(token.text);
    }
  }
  return strings;
}

/** "B7" → { column: 1, row: 7 }; undefined for anything else. */
function cellRef(ref: string): { column: number; row: number } | undefined {
  const column = columnIndex(ref);
  const digits = /^[A-Za-z]{1,3}(\d+)$/.exec(ref.trim())?.[1];
  if (column === undefined || digits === undefined) return undefined;
  return { column, row: Number(digits) };
}

/**
 * Copies each vertically merged range's top value into the rows below it, in the range's first
 * column (a horizontal merge is one value shown wide, not a value per column). Rows that are
 * blank apart from the merge were never read and stay absent.
 */
function fillMergedDown(rows: XlsxRow[], ranges: readonly string[], maxColumns: number): number {
  if (ranges.length === 0) return 0;
  const byNumber = new Map(rows.map((r) => [r.row, r]));
  let filled = 0;
  for (const range of ranges) {
    const [from, to] = range.split(':').map((r) => cellRef(r));
    if (!from || !to || to.row <= from.row || from.column >= maxColumns) continue;
    const value = byNumber.get(from.row)?.cells[from.column] ?? '';
    if (value === '') continue;
    for (let r = from.row + 1; r <= to.row; r++) {
      const row = byNumber.get(r);
      if (!row || (row.cells[from.column] ?? '') !== '') continue;
      while (row.cells.length < from.column) row.cells.push('');
      row.cells[from.column] = value;
      filled++;
    }
  }
  return filled;
}

/** "AB12" → 27 (0-based column); undefined when the reference has no column letters. */
export function columnIndex(ref: string): number | undefined {
  let index = 0;
  let letters = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code >= 65 && code <= 90) index = index * 26 + (code - 64);
    else if (code >= 97 && code <= 122) index = index * 26 + (code - 96);
    else break;
    letters++;
    if (letters > 3) return undefined;
  }
  return letters === 0 ? undefined : index - 1;
}

function cellValue(type: string | undefined, raw: string, inline: string, shared: readonly string[]): string {
  switch (type) {
    case 's': {
      const index = Number(raw.trim());
      return Number.isInteger(index) && index >= 0 && index < shared.length ? shared[index]! : '';
    }
    case 'inlineStr':
      return decodeOoxmlEscapes(inline);
    case 'b':
      return raw.trim() === '1' ? 'TRUE' : raw.trim() === '0' ? 'FALSE' : raw;
    case 'str':
      return decodeOoxmlEscapes(raw);
    default:
      return raw.trim();
  }
}

export interface SheetLimits {
  maxColumns: number;
  maxRows: number;
}

/**
 * Formatting applied to whole rows or columns leaves empty elements down to row 1,048,576
 * (<row r="9" s="1" customFormat="1"/>, <c r="B9" s="3"/>). They hold nothing; dropping them
 * before tokenizing keeps such a sheet as quick to read as its real rows. Only elements with an
 * explicit reference go, so the position of any element without one is unchanged.
 */
const EMPTY_ROW = /<(?:\w+:)?row\s[^<>]*?\br="\d+"[^<>]*\/>/g;
const EMPTY_CELL = /<(?:\w+:)?c\s[^<>]*?\br="[A-Za-z]+\d+"[^<>]*\/>/g;

function dropEmptyElements(xml: string): string {
  return xml.replace(EMPTY_ROW, '').replace(EMPTY_CELL, '');
}

export function readSheetRows(sheetXml: string, shared: readonly string[], limits: SheetLimits): Omit<XlsxSheet, 'name'> {
  const xml = dropEmptyElements(sheetXml);
  const rows: XlsxRow[] = [];
  let truncated = false;
  let ignoredCells = 0;
  let rowNumber = 0;
  let cells: string[] | undefined;
  let column = -1;
  let cellType: string | undefined;
  let raw = '';
  let inline = '';
  let inCell = false;
  let capture: 'v' | 't' | undefined;
  let phoneticDepth = 0;
  const merged: string[] = [];

  const finishCell = () => {
    if (!cells) return;
    const value = cellValue(cellType, raw, inline, shared);
    if (column >= limits.maxColumns) {
      if (value !== '') ignoredCells++;
    } else if (value !== '') {
      while (cells.length < column) cells.push('');
      cells[column] = value;
    }
    inCell = false;
  };
  const finishRow = () => {
    if (!cells) return;
    if (cells.some((c) => c.trim() !== '')) {
      if (rows.length >= limits.maxRows) truncated = true;
      else rows.push({ row: rowNumber, cells });
    }
    cells = undefined;
  };

  for (const token of xmlTokens(xml)) {
    if (truncated) break;
    if (token.type === 'open') {
      switch (token.name) {
        case 'row': {
          finishRow();
          const declared = Number(token.attrs.r);
          rowNumber = Number.isInteger(declared) && declared > 0 ? declared : rowNumber + 1;
          cells = [];
          column = -1;
          if (token.selfClosing) finishRow();
          break;
        }
        case 'c': {
          if (!cells) break;
          const declared = token.attrs.r ? columnIndex(token.attrs.r) : undefined;
          column = declared ?? column + 1;
          cellType = token.attrs.t;
          raw = '';
          inline = '';
          inCell = true;
          if (token.selfClosing) finishCell();
          break;
        }
        case 'v':
          if (inCell && !token.selfClosing) capture = 'v';
          break;
        case 't':
          if (inCell && !token.selfClosing) capture = 't';
          break;
        case 'rPh':
          if (!token.selfClosing) phoneticDepth++;
          break;
        case 'mergeCell':
          if (token.attrs.ref) merged.push(token.attrs.ref);
          break;
      }
    } else if (token.type === 'close') {
      switch (token.name) {
        case 'c':
          if (inCell) finishCell();
          break;
        case 'row':
          finishRow();
          break;
        case 'v':
        case 't':
          capture = undefined;
          break;
        case 'rPh':
          phoneticDepth = Math.max(0, phoneticDepth - 1);
          break;
      }
    } else if (capture === 'v') {
      raw += token.text;
    } else if (capture === 't' && phoneticDepth === 0) {
      inline += token.text;
    }
  }
  finishRow();
  const mergedFilled = truncated ? 0 : fillMergedDown(rows, merged, limits.maxColumns);
  return { rows, truncated, ignoredCells, mergedFilled };
}

