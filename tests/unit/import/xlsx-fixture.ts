import { strToU8, zipSync } from 'fflate';
import path from 'node:path';
import { readFileSync } from 'node:fs';

/** ../shared beside the repository (CI has it there too). */
export const SHARED = path.resolve(__dirname, '../../../..', 'shared');
export const TWO_LIBS = path.join(SHARED, 'data', 'nhsa-two-libs');
export const CATALOGUE_PATH = path.join(SHARED, 'data', 'drug-restrictions-structured.csv');

export function sharedFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(TWO_LIBS, name)));
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface FixtureSheet {
  name: string;
  /** The whole <sheetData> content, or rows of cell texts (inline strings) to write. */
  xml?: string;
  rows?: (string | undefined)[][];
  /** Extra markup before <sheetData> (e.g. a dimension). */
  before?: string;
  /** Extra markup after </sheetData> (e.g. merged cells). */
  after?: string;
}

const colName = (i: number): string => {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

function rowsXml(rows: (string | undefined)[][]): string {
  return rows
    .map((cells, r) => {
      const cs = cells
        .map((v, c) => (v === undefined ? '' : `<c r="${colName(c)}${r + 1}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`))
        .join('');
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join('');
}

/** A minimal but well-formed xlsx: workbook, its rels, sheets and optional shared strings. */
export function makeXlsx(sheets: FixtureSheet[], options: { sharedStrings?: string; extra?: Record<string, string>; level?: 0 | 1 | 6 | 9 } = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets
        .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}<Relationship Id="rId99" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
  };
  sheets.forEach((s, i) => {
    const data = s.xml ?? rowsXml(s.rows ?? []);
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}">${s.before ?? ''}<sheetData>${data}</sheetData>${s.after ?? ''}</worksheet>`,
    );
  });
  if (options.sharedStrings !== undefined) {
    files['xl/sharedStrings.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN_NS}">${options.sharedStrings}</sst>`);
  }
  for (const [name, text] of Object.entries(options.extra ?? {})) files[name] = strToU8(text);
  return zipSync(files, { level: options.level ?? 6 });
}
