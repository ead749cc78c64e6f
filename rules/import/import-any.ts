import { CsvError, readCsv } from './csv';
import { FileReportBuilder } from './report';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { importNhsaXlsxBatch } from './nhsa-batch';
import { importNhsaCsvBatch, isBatchCsvHeader } from './nhsa-batch-csv';
import { importCatalogue, isCatalogueHeader } from './catalogue';

const bytesOf = (data: Uint8Array | ArrayBuffer) => (data instanceof Uint8Array ? data : new Uint8Array(data));
const isZip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x50 && b[1] === 0x4b;

/** Picks the importer for a file by its content (zip → batch workbook; CSV by its header). */
export function importAnyFile(file: ImportFile, options: ImportOptions = {}): ImportOutcome {
  const bytes = bytesOf(file.bytes);
  if (/\.xls[xm]$/i.test(file.name) || isZip(bytes)) return importNhsaXlsxBatch({ name: file.name, bytes }, options);
  let header: string[] = [];
  try {
    header = readCsv(bytes).header;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
  }
  if (isBatchCsvHeader(header)) return importNhsaCsvBatch({ name: file.name, bytes }, options);
  if (isCatalogueHeader(header)) return importCatalogue({ name: file.name, bytes }, options);
  const report = new FileReportBuilder(baseName(file.name), 'unknown');
  report.error = 'not a two-libs batch workbook, a batch CSV (rule_class, item_name, constraint, med_codes) or the structured catalogue (药品编码 + 限制 columns)';
  return { rules: [], report: report.build([]) };
}
