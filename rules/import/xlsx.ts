import { unzipSync, type Unzipped } from 'fflate';
import { xmlTokens, XmlSyntaxError } from './xml';
import { readSharedStrings, readSheetRows, type XlsxSheet } from './xlsx-sheet';

export { columnIndex, type XlsxRow, type XlsxSheet } from './xlsx-sheet';

/**
 * A minimal xlsx reader: sheet names and cell text, nothing else (no styles, formulas or dates).
 * It takes bytes, not a path, so the options page can import a file the user picked. This file
 * opens the package (zip parts, relationships, the workbook's sheet list); xlsx-sheet.ts reads
 * a sheet's cells and the shared strings.
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
