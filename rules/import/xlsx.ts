import { unzipSync, type Unzipped } from 'fflate';
import { xmlTokens, XmlSyntaxError } from './xml';

/**
 * A minimal xlsx reader: sheet names and cell text, nothing else (no styles, formulas or dates).
 * It takes bytes, not a path, so the options page can import a file the user picked.
 */

export type XlsxErrorCode = 'not-zip' | 'not-xlsx' | 'missing-sheet' | 'empty-sheet' | 'too-large' | 'corrupt';

export class XlsxError extends Error {
  constructor(
    readonly code: XlsxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'XlsxError';
  }
}

export interface XlsxOptions {
  /** Cells right of this many columns are ignored: some sheets declare all 16,384 columns. */
  maxColumns?: number;
  /** Non-blank rows read per sheet; the rest are counted as cut off, not read. */
  maxRows?: number;
  /** Largest uncompressed part accepted, in bytes (a guard against zip bombs). */
  maxPartBytes?: number;
}

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

export interface XlsxWorkbook {
  readonly sheetNames: readonly string[];
  /** Reads one sheet by name or 0-based position. Throws XlsxError 'missing-sheet' or 'empty-sheet'. */
  sheet(which: string | number): XlsxSheet;
}

const DEFAULTS = { maxColumns: 64, maxRows: 200_000, maxPartBytes: 256 * 1024 * 1024 } as const;

const utf8 = new TextDecoder('utf-8');

function toBytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** Local file header or end-of-central-directory signature: every zip starts with one of them. */
function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

function unzipParts(bytes: Uint8Array, wanted: (name: string) => boolean, maxPartBytes: number): Unzipped {
  let oversized: string | undefined;
  let parts: Unzipped;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        if (file.originalSize > maxPartBytes) {
          oversized = file.name;
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    throw new XlsxError('not-zip', `the file is not a readable zip archive (${(e as Error).message})`);
  }
  if (oversized) throw new XlsxError('too-large', `part ${oversized} is larger than ${maxPartBytes} bytes uncompressed`);
  return parts;
}

function partText(parts: Unzipped, name: string): string | undefined {
  const data = parts[name];
  return data ? utf8.decode(data) : undefined;
}

/** Resolves a relationship target against the folder of the part that owns the relationship. */
function resolveTarget(ownerPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = ownerPart.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') segments.pop();
    else if (piece !== '.' && piece !== '') segments.push(piece);
  }
  return segments.join('/');
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function readRelationships(xml: string | undefined): Map<string, { type: string; target: string }> {
  const rels = new Map<string, { type: string; target: string }>();
  if (!xml) return rels;
  for (const token of xmlTokens(xml)) {
    if (token.type === 'open' && token.name === 'Relationship' && token.attrs.Id && token.attrs.Target) {
      rels.set(token.attrs.Id, { type: token.attrs.Type ?? '', target: token.attrs.Target });
    }
  }
  return rels;
}

/** OOXML escapes control characters in strings as _xHHHH_ (e.g. _x000D_ for a carriage return). */
function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Shared strings; rich-text runs are joined and phonetic guides (rPh) left out. */
function readSharedStrings(xml: string | undefined): string[] {
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

interface SheetLimits {
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

function readSheetRows(sheetXml: string, shared: readonly string[], limits: SheetLimits): Omit<XlsxSheet, 'name'> {
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

function parseXml<T>(part: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new XlsxError('corrupt', `${part}: ${e.message}`);
    throw e;
  }
}

const OFFICE_DOCUMENT = /\/officeDocument$/;

/** Opens a workbook: reads its sheet list and shared strings; sheets are parsed when asked for. */
export function openXlsx(data: Uint8Array | ArrayBuffer, options: XlsxOptions = {}): XlsxWorkbook {
  const bytes = toBytes(data);
  const limits = {
    maxColumns: options.maxColumns ?? DEFAULTS.maxColumns,
    maxRows: options.maxRows ?? DEFAULTS.maxRows,
  };
  const maxPartBytes = options.maxPartBytes ?? DEFAULTS.maxPartBytes;
  if (!looksLikeZip(bytes)) throw new XlsxError('not-zip', 'the file is not a zip archive, so not an xlsx workbook');

  // Sheets are inflated one at a time when asked for; everything else is small and read now.
  const isSheetPart = (name: string) => /(^|\/)worksheets\//.test(name);
  const meta = unzipParts(bytes, (name) => (name.endsWith('.rels') || name.endsWith('.xml')) && !isSheetPart(name), maxPartBytes);
  const rootRels = readRelationships(partText(meta, '_rels/.rels'));
  const officeDoc = [...rootRels.values()].find((r) => OFFICE_DOCUMENT.test(r.type));
  const workbookPart = officeDoc ? resolveTarget('', officeDoc.target) : 'xl/workbook.xml';
  const workbookXml = partText(meta, workbookPart);
  if (!workbookXml) throw new XlsxError('not-xlsx', 'the zip archive holds no workbook (xl/workbook.xml), so it is not an xlsx file');

  const workbookRels = readRelationships(partText(meta, relsPathOf(workbookPart)));
  const sheets: { name: string; part: string | undefined }[] = [];
  parseXml(workbookPart, () => {
    for (const token of xmlTokens(workbookXml)) {
      if (token.type === 'open' && token.name === 'sheet') {
        const relId = token.attrs['r:id'] ?? token.attrs.id;
        const rel = relId ? workbookRels.get(relId) : undefined;
        sheets.push({ name: token.attrs.name ?? `Sheet${sheets.length + 1}`, part: rel ? resolveTarget(workbookPart, rel.target) : undefined });
      }
    }
  });
  const sharedRel = [...workbookRels.values()].find((r) => r.type.endsWith('/sharedStrings'));
  const sharedPart = sharedRel ? resolveTarget(workbookPart, sharedRel.target) : 'xl/sharedStrings.xml';
  const shared = parseXml(sharedPart, () => readSharedStrings(partText(meta, sharedPart)));

  return {
    sheetNames: sheets.map((s) => s.name),
    sheet(which) {
      const entry = typeof which === 'number' ? sheets[which] : sheets.find((s) => s.name === which);
      const label = typeof which === 'number' ? `sheet ${which + 1}` : `sheet "${which}"`;
      if (!entry) throw new XlsxError('missing-sheet', `${label} does not exist; the workbook has ${sheets.map((s) => `"${s.name}"`).join(', ') || 'no sheets'}`);
      const part = entry.part;
      const xml = part ? (partText(meta, part) ?? partText(unzipParts(bytes, (name) => name === part, maxPartBytes), part)) : undefined;
      if (xml === undefined) throw new XlsxError('missing-sheet', `${label} ("${entry.name}") is listed but its part is missing from the archive`);
      const read = parseXml(part!, () => readSheetRows(xml, shared, limits));
      if (read.rows.length === 0) throw new XlsxError('empty-sheet', `sheet "${entry.name}" has no cells with content`);
      return { name: entry.name, ...read };
    },
  };
}
