import { CsvError, readCsv, type CsvTable } from './csv';
import type { ImportErrorCode } from './import-error';
import { IMPORT_LIMITS } from './limits';
import { refuseAsText } from './precheck';

/**
 * Reads a CSV file for import, once, within the limits, for whichever importer its header calls
 * for. Decoding choices worth knowing (GBK, UTF-16) come back as warnings.
 */

export type CsvRead = { ok: true; table: CsvTable; warnings: string[] } | { ok: false; code: ImportErrorCode; detail: string };

const ENCODING_NOTE: Partial<Record<CsvTable['encoding'], string>> = {
  gb18030: '文件不是 UTF-8 编码，已按 GBK/GB18030 读取；若有乱码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”',
  'utf-16le': '文件是 UTF-16 编码（Excel“Unicode 文本”），已按此读取',
  'utf-16be': '文件是 UTF-16 编码（Excel“Unicode 文本”），已按此读取',
};

export function readCsvForImport(bytes: Uint8Array, maxRows: number = IMPORT_LIMITS.maxRows): CsvRead {
  const refused = refuseAsText(bytes);
  if (refused) return { ok: false, ...refused };
  let table: CsvTable;
  try {
    table = readCsv(bytes);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { ok: false, code: e.code === 'no-header' ? 'empty-file' : 'csv-syntax', detail: e.message };
  }
  if (table.records.length > maxRows) return { ok: false, code: 'too-many-rows', detail: `${table.records.length} records, the limit is ${maxRows}` };
  const warnings: string[] = [];
  const note = ENCODING_NOTE[table.encoding];
  if (note) warnings.push(note);
  if (table.delimiter === '\t') warnings.push('文件以制表符分隔，已按此读取');
  // Mojibake from a wrong guess shows as replacement characters in the header.
  if (table.header.some((h) => h.includes('\uFFFD'))) warnings.push('表头含无法解码的字符，文件编码可能不是 UTF-8 或 GBK；请另存为“CSV UTF-8（逗号分隔）”');
  return { ok: true, table, warnings };
}
