import { unzipSync } from 'fflate';
import { openXlsx, XlsxError, type XlsxOptions, type XlsxSheet } from './xlsx';
import type { ImportErrorCode } from './import-error';
import { IMPORT_LIMITS } from './limits';
import { refuseAsWorkbook } from './precheck';

/**
 * Reads every sheet of a workbook within the import limits, once, for whichever importer the
 * content calls for (a two-libs batch or the local rules template). A sheet over the row limit
 * fails the whole file: a rule table cut short would import as if it were complete.
 */

export type WorkbookRead =
  | { ok: true; sheets: XlsxSheet[]; warnings: string[] }
  | { ok: false; code: ImportErrorCode; detail: string };

const XLSX_ERROR_CODES: Record<XlsxError['code'], ImportErrorCode> = {
  'not-zip': 'not-zip',
  'not-xlsx': 'not-xlsx',
  'missing-sheet': 'corrupt',
  'empty-sheet': 'corrupt',
  'too-large': 'part-too-large',
  corrupt: 'corrupt',
};

/** Names the archive's entries without inflating them, to say what the zip is instead. */
function zipContents(bytes: Uint8Array): string {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch {
    return '';
  }
  if (names.some((n) => n.startsWith('word/'))) return 'a Word document (.docx)';
  if (names.some((n) => n.startsWith('ppt/'))) return 'a PowerPoint file (.pptx)';
  if (names.includes('content.xml') && names.includes('mimetype')) return 'an OpenDocument file (.ods/.odt); save it as .xlsx';
  const workbooks = names.filter((n) => /\.(xlsx|xlsm|csv)$/i.test(n));
  if (workbooks.length > 0) return `a zip holding ${workbooks.length} spreadsheet file(s) (${workbooks.slice(0, 3).join(', ')}); unzip it and import those`;
  return `a zip of ${names.length} file(s): ${names.slice(0, 5).join(', ')}`;
}

export function readWorkbookSheets(bytes: Uint8Array, options: XlsxOptions = {}): WorkbookRead {
  const refused = refuseAsWorkbook(bytes);
  if (refused) return { ok: false, ...refused };
  const limits = {
    maxColumns: options.maxColumns ?? IMPORT_LIMITS.maxColumns,
    maxRows: options.maxRows ?? IMPORT_LIMITS.maxRows,
    maxPartBytes: options.maxPartBytes ?? IMPORT_LIMITS.maxPartBytes,
  };
  const warnings: string[] = [];
  const sheets: XlsxSheet[] = [];
  try {
    const workbook = openXlsx(bytes, limits);
    for (const [i, name] of workbook.sheetNames.entries()) {
      let sheet: XlsxSheet;
      try {
        sheet = workbook.sheet(i);
      } catch (e) {
        if (e instanceof XlsxError && e.code === 'empty-sheet') {
          warnings.push(`工作表“${name}”是空的`);
          continue;
        }
        throw e;
      }
      if (sheet.truncated) return { ok: false, code: 'too-many-rows', detail: `sheet "${name}" has more than ${limits.maxRows} non-blank rows` };
      if (sheet.ignoredCells > 0) warnings.push(`工作表“${name}”第 ${limits.maxColumns} 列以后的 ${sheet.ignoredCells} 个单元格未读取`);
      if (sheet.mergedFilled > 0) warnings.push(`工作表“${name}”有合并单元格：按合并区域顶部的值补到了下面 ${sheet.mergedFilled} 个单元格`);
      sheets.push(sheet);
    }
  } catch (e) {
    if (!(e instanceof XlsxError)) throw e;
    const code = XLSX_ERROR_CODES[e.code];
    const what = code === 'not-xlsx' ? zipContents(bytes) : '';
    return { ok: false, code, detail: what ? `${e.message}; it is ${what}` : e.message };
  }
  if (sheets.length === 0) return { ok: false, code: 'empty-file', detail: 'every sheet of the workbook is empty' };
  return { ok: true, sheets, warnings };
}
