/**
 * A minimal RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF, a leading BOM), taking bytes
 * so it runs in the browser as well. Published Chinese CSVs are UTF-8 or GB18030; both are read.
 */

export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  /** Record number as a spreadsheet would show it: the header is 1, the first data record 2. */
  row: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  /** Data records; blank lines are left out. */
  records: CsvRecord[];
}

/** Decodes UTF-8 (dropping a BOM) and falls back to GB18030 when the bytes are not valid UTF-8. */
export function decodeText(data: Uint8Array | ArrayBuffer): string {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Splits CSV text into records of fields. Throws CsvError on a quote left open at the end. */
export function parseCsvText(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    records.push(fields);
    fields = [];
    field = '';
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && source[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (ch === '\n' || ch === '\r') endRecord();
    else field += ch;
    i++;
  }
  if (quoted) throw new CsvError('a quoted field is not closed before the end of the file');
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

const isBlank = (fields: readonly string[]) => fields.every((f) => f.trim() === '');

/** Reads bytes into a header and numbered data records. Throws CsvError when there is no header. */
export function readCsv(data: Uint8Array | ArrayBuffer): CsvTable {
  const all = parseCsvText(decodeText(data));
  const headerIndex = all.findIndex((r) => !isBlank(r));
  if (headerIndex === -1) throw new CsvError('the file has no header row');
  const header = all[headerIndex]!.map((h) => h.trim());
  const records: CsvRecord[] = [];
  all.forEach((fields, index) => {
    if (index <= headerIndex || isBlank(fields)) return;
    records.push({ row: index + 1, fields });
  });
  return { header, records };
}

/** The record's fields keyed by header name ('' for a missing trailing field). */
export function recordObject(header: readonly string[], record: CsvRecord): Record<string, string> {
  const out: Record<string, string> = {};
  header.forEach((name, i) => {
    out[name] = record.fields[i] ?? '';
  });
  return out;
}
