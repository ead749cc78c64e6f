/**
 * A minimal RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF, a leading BOM), taking bytes
 * so it runs in the browser as well. Published Chinese CSVs are UTF-8 or GB18030 (Excel in China
 * saves "CSV" as GBK); both are read, and so is Excel's tab-separated "Unicode 文本" (UTF-16).
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly code: 'unclosed-quote' | 'no-header' = 'unclosed-quote',
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface CsvRecord {
  /** Record number as a spreadsheet would show it: the header is 1, the first data record 2. */
  row: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  /** Data records; blank lines are left out. */
  records: CsvRecord[];
  /** How the bytes were decoded: a GB18030 fallback is worth telling the user. */
  encoding: TextEncoding;
  delimiter: ',' | '\t';
}

/**
 * Decodes by byte order mark (UTF-16 either way, UTF-8), else UTF-8, and falls back to GB18030
 * (a superset of GBK) when the bytes are not valid UTF-8.
 */
export function decodeTextWithEncoding(data: Uint8Array | ArrayBuffer): { text: string; encoding: TextEncoding } {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

export function decodeText(data: Uint8Array | ArrayBuffer): string {
  return decodeTextWithEncoding(data).text;
}

/** Tab-separated when the first line has tabs and no commas (Excel's "Unicode 文本"); else commas. */
export function detectDelimiter(text: string): ',' | '\t' {
  const newline = text.search(/[\r\n]/);
  const first = newline === -1 ? text : text.slice(0, newline);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits CSV text into records of fields. Throws CsvError on a quote left open at the end.
 * Runs of ordinary characters are sliced, not appended one by one: a 100,000-row file is read in
 * a fraction of the time.
 */
export function parseCsvText(text: string, delimiter: ',' | '\t' = ','): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const length = source.length;
  const separator = delimiter.charCodeAt(0);
  const endRecord = () => {
    fields.push(field);
    records.push(fields);
    fields = [];
    field = '';
  };
  let i = 0;
  while (i < length) {
    if (quoted) {
      const close = source.indexOf('"', i);
      if (close === -1) {
        field += source.slice(i);
        i = length;
        break;
      }
      field += source.slice(i, close);
      if (source.charCodeAt(close + 1) === QUOTE) {
        field += '"';
        i = close + 2;
      } else {
        quoted = false;
        i = close + 1;
      }
      continue;
    }
    let j = i;
    let ch = 0;
    while (j < length) {
      ch = source.charCodeAt(j);
      if (ch === separator || ch === LF || ch === CR || ch === QUOTE) break;
      j++;
    }
    if (j > i) field += source.slice(i, j);
    if (j === length) break;
    // A quote opens a quoted field only at its start; inside a field it is an ordinary character.
    if (ch === QUOTE) {
      if (field === '') quoted = true;
      else field += '"';
    } else if (ch === separator) {
      fields.push(field);
      field = '';
    } else {
      endRecord();
      if (ch === CR && source.charCodeAt(j + 1) === LF) j++;
    }
    i = j + 1;
  }
  if (quoted) throw new CsvError('a quoted field is not closed before the end of the file');
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

const isBlank = (fields: readonly string[]) => fields.every((f) => f.trim() === '');

/** Reads bytes into a header and numbered data records. Throws CsvError when there is no header. */
export function readCsv(data: Uint8Array | ArrayBuffer): CsvTable {
  const { text, encoding } = decodeTextWithEncoding(data);
  const delimiter = detectDelimiter(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const all = parseCsvText(text, delimiter);
  const headerIndex = all.findIndex((r) => !isBlank(r));
  if (headerIndex === -1) throw new CsvError('the file has no header row', 'no-header');
  const header = all[headerIndex]!.map((h) => h.trim());
  const records: CsvRecord[] = [];
  all.forEach((fields, index) => {
    if (index <= headerIndex || isBlank(fields)) return;
    records.push({ row: index + 1, fields });
  });
  return { header, records, encoding, delimiter };
}

/** The record's fields keyed by header name ('' for a missing trailing field). */
export function recordObject(header: readonly string[], record: CsvRecord): Record<string, string> {
  const out: Record<string, string> = {};
  header.forEach((name, i) => {
    out[name] = record.fields[i] ?? '';
  });
  return out;
}

/**
 * A record's field by column name, as recordObject gives it (the last column of a name, '' for a
 * short record, undefined for a column the header lacks), without an object per record.
 */
export function columnReader(header: readonly string[]): (record: CsvRecord, name: string) => string | undefined {
  const at = new Map<string, number>();
  header.forEach((name, i) => at.set(name, i));
  return (record, name) => {
    const i = at.get(name);
    return i === undefined ? undefined : (record.fields[i] ?? '');
  };
}
