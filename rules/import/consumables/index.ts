import type { CsvRead } from '../csv-input';
import type { ImportOutcome } from '../import-file';
import type { WorkbookRead } from '../workbook-sheets';
import { readLimitRow } from './limits';
import { readPairRow } from './pairs';
import { importConsumableCsv, importConsumableSheets, type RowSeeds } from './table';
import type { ConsumableTable } from './template';

/** The hospital's 医用耗材 lists (项目与耗材对照, 耗材限定) into rules: see template.ts. */

const READERS: Record<ConsumableTable, RowSeeds> = { pairs: readPairRow, limits: readLimitRow };

export function importConsumablesCsv(path: string, read: CsvRead): ImportOutcome {
  return importConsumableCsv(path, read, READERS);
}

export function importConsumablesSheets(path: string, read: WorkbookRead): ImportOutcome {
  return importConsumableSheets(path, read, READERS);
}

export { findConsumableTable } from './table';
export { readConsumableHeader, consumableTemplateCsv, TABLE_NAMES, type ConsumableTable } from './template';
