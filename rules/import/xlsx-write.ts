import { strToU8, zipSync } from 'fflate';

/**
 * The one xlsx writer: sheets of text and numbers, shared strings, column widths, a bold frozen
 * header and text-formatted columns (so codes typed into the template keep their leading zeros).
 * Used for the committed local rules template and the review views' exports; the output is the
 * same for the same input. Text is always written as a string cell, never as a formula, so a
 * comment such as "=HYPERLINK(…)" stays text when the file is opened.
 */

export type CellValue = string | number | null | undefined;

export interface SheetToWrite {
  name: string;
  rows: readonly (readonly CellValue[])[];
  /** Width per column, in characters. */
  widths?: readonly number[];
  /** 0-based columns formatted as text (Excel's "@"), for cells typed in later too. */
  textColumns?: readonly number[];
  /** Bold first row, frozen while scrolling. */
  header?: boolean;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Zip entries carry a time; a fixed one keeps a regenerated file byte-for-byte the same. */
const FIXED_TIME = new Date('2026-01-01T00:00:00Z');

// Style indexes in styles.xml below.
const STYLE_TEXT = 1;
const STYLE_BOLD = 2;

// XML 1.0 cannot carry most control characters (nor U+FFFE, U+FFFF) at all, not even escaped.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an XML text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const NOT_IN_SHEET_NAME = /[[\]:*?/\\]/g;

/** A name Excel takes for a sheet: at most 31 characters, none of []:*?/\ (each becomes a space). */
export function sheetName(name: string): string {
  const cleaned = name.replace(NOT_IN_SHEET_NAME, ' ').trim().slice(0, 31);
  return cleaned || 'Sheet1';
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  readonly list: string[] = [];
  count = 0;
  add(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    return i;
  }
  xml(): string {
    const items = this.list.map((t) => `<si><t${/^\s|\s$/.test(t) ? ' xml:space="preserve"' : ''}>${escapeXml(t)}</t></si>`).join('');
    return `${XML_HEAD}<sst xmlns="${NS}" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

function sheetXml(sheet: SheetToWrite, shared: SharedStrings): string {
  const text = new Set(sheet.textColumns ?? []);
  const width = Math.max(1, ...sheet.rows.map((r) => r.length), sheet.widths?.length ?? 0);
  const cols = Array.from({ length: width }, (_, i) => {
    const w = sheet.widths?.[i];
    const attrs = [`min="${i + 1}"`, `max="${i + 1}"`, `width="${w ?? 12}"`, 'customWidth="1"', ...(text.has(i) ? [`style="${STYLE_TEXT}"`] : [])];
    return `<col ${attrs.join(' ')}/>`;
  }).join('');
  const rows = sheet.rows
    .map((cells, r) => {
      const bold = sheet.header && r === 0;
      const xml = cells
        .map((value, c) => {
          if (value === null || value === undefined || value === '') return '';
          const ref = `${columnName(c)}${r + 1}`;
          const style = bold ? STYLE_BOLD : text.has(c) ? STYLE_TEXT : 0;
          const s = style ? ` s="${style}"` : '';
          if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
          return `<c r="${ref}"${s} t="s"><v>${shared.add(value)}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${xml}</row>`;
    })
    .join('');
  const freeze = sheet.header
    ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    : '';
  return `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL}">${freeze}<cols>${cols}</cols><sheetData>${rows}</sheetData></worksheet>`;
}

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The workbook as xlsx bytes. Sheet names must be unique, at most 31 characters, without []:*?/\. */
export function writeXlsx(sheets: readonly SheetToWrite[]): Uint8Array {
  if (sheets.length === 0) throw new Error('a workbook needs at least one sheet');
  for (const s of sheets) {
    if (!s.name || s.name.length > 31 || /[[\]:*?/\\]/.test(s.name)) throw new Error(`sheet name "${s.name}" is not allowed in Excel`);
  }
  const shared = new SharedStrings();
  const sheetParts = sheets.map((s) => sheetXml(s, shared));
  const overrides = [
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
    ...sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`),
  ].join('');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        `<Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
    ),
    '_rels/.rels': strToU8(`${XML_HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(
      `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheets
        .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${XML_HEAD}<Relationships xmlns="${PKG}">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${sheets.length + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(STYLES),
    'xl/sharedStrings.xml': strToU8(shared.xml()),
  };
  sheetParts.forEach((xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(xml)));
  return zipSync(files, { mtime: FIXED_TIME, level: 6 });
}
