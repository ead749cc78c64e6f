import { strFromU8, unzipSync } from 'fflate';

/**
 * Deliberately plain readings of the shared files, written apart from rules/import so the stated
 * counts do not come from the code they check: regular expressions over the sheet XML (the
 * published workbooks keep sheet N in xl/worksheets/sheetN.xml) and a small RFC 4180 splitter.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

function columnNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

/** Rows with any content, as arrays of cell text by column; `sheet` is 1-based. */
export function plainSheetRows(bytes: Uint8Array, sheet: number): string[][] {
  const parts = unzipSync(bytes);
  const shared = [...strFromU8(parts['xl/sharedStrings.xml'] ?? new Uint8Array()).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescape(m[1]!.replace(/<rPh[\s\S]*?<\/rPh>/g, '').replace(/<[^>]+>/g, '')),
  );
  const xml = strFromU8(parts[`xl/worksheets/sheet${sheet}.xml`]!);
  const rows: string[][] = [];
  for (const row of xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: string[] = [];
    for (const c of row[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const value = /<v>([\s\S]*?)<\/v>/.exec(c[3] ?? '')?.[1];
      if (value === undefined) continue;
      cells[columnNumber(c[1]!)] = / t="s"/.test(c[2]!) ? shared[Number(value)]! : unescape(value);
    }
    const filled = Array.from(cells, (v) => (v ?? '').trim());
    if (filled.some((v) => v !== '')) rows.push(filled);
  }
  return rows;
}

/** CSV records (header first) of UTF-8 text with an optional BOM. */
export function plainCsvRecords(bytes: Uint8Array): string[][] {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\n') {
      record.push(field.replace(/\r$/, ''));
      if (record.some((f) => f.trim() !== '')) records.push(record);
      (record = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || record.length) records.push([...record, field]);
  return records;
}

/** Records as objects keyed by the header. */
export function plainCsvObjects(bytes: Uint8Array): Record<string, string>[] {
  const [header, ...rows] = plainCsvRecords(bytes);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
