import type { CsvRead } from '../csv-input';
import type { ImportOutcome } from '../import-file';
import { listTableFromCsv, listTableFromSheets } from '../list-table';
import type { WorkbookRead } from '../workbook-sheets';
import { readLimitRow } from './limits';
import { readPairRow } from './pairs';
import { importConsumableList } from './table';
import { CONSUMABLE_ITEMS_LIST, CONSUMABLE_LIMITS_LIST } from './template';

/** The hospital's 医用耗材 lists (项目与耗材对照, 耗材限定) into rules: see template.ts. */

export const importConsumableItemsCsv = (path: string, read: CsvRead): ImportOutcome =>
  importConsumableList(CONSUMABLE_ITEMS_LIST, 'consumable-items', path, listTableFromCsv(CONSUMABLE_ITEMS_LIST, read), readPairRow);

export const importConsumableItemsSheets = (path: string, read: WorkbookRead): ImportOutcome =>
  importConsumableList(CONSUMABLE_ITEMS_LIST, 'consumable-items', path, listTableFromSheets(CONSUMABLE_ITEMS_LIST, read), readPairRow);

export const importConsumableLimitsCsv = (path: string, read: CsvRead): ImportOutcome =>
  importConsumableList(CONSUMABLE_LIMITS_LIST, 'consumable-limits', path, listTableFromCsv(CONSUMABLE_LIMITS_LIST, read), readLimitRow);

export const importConsumableLimitsSheets = (path: string, read: WorkbookRead): ImportOutcome =>
  importConsumableList(CONSUMABLE_LIMITS_LIST, 'consumable-limits', path, listTableFromSheets(CONSUMABLE_LIMITS_LIST, read), readLimitRow);

export { CONSUMABLE_ITEMS_LIST, CONSUMABLE_LIMITS_LIST } from './template';
