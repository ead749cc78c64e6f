import type { CsvRead } from '../csv-input';
import { isListHeader, type ListTemplate } from '../hospital-lists';
import type { ImportOutcome } from '../import-file';
import { findListTable, listTableFromCsv, listTableFromSheets, type ListTableRead } from '../list-table';
import type { Importer } from '../report';
import type { RuleSeed } from '../rule-collector';
import type { WorkbookRead } from '../workbook-sheets';
import { readAgeUseRow } from './age-use';
import { readContraindicationRow } from './contraindications';
import { readDrugItemRow } from './drug-items';
import { readInteractionRow } from './interactions';
import { readLabelIndicationRow } from './label-indications';
import { readMaxDoseRow } from './max-dose';
import { readMaternityRow } from './maternity';
import { readHerbDoseRow } from './herb-dose';
import { importDrugList, type DrugRow } from './row';
import { ITEM_LISTS } from '../item-lists';
import { AGE_USE_LIST, CONTRAINDICATION_LIST, DRUG_ITEM_LIST, INTERACTION_LIST, LABEL_INDICATION_LIST, MATERNITY_LIST, MAX_DOSE_LIST, HERB_DOSE_LIST } from './templates';

/**
 * The hospital's drug lists (templates.ts) as the importers see them: which list a header or a
 * workbook is, and the list's table into rules, row by row.
 */

export interface DrugList<C extends string = string> {
  template: ListTemplate<C>;
  importer: Importer;
  /** Columns that identify a row: a 合计 line under the table has none of them filled with a code. */
  keys: readonly C[];
  nameColumn: C;
  /** Reads one row; `seen` is the rows read before it in the same file (repeats are refused). */
  readRow: (row: DrugRow<C>, fileName: string, seen: Map<string, number>) => RuleSeed | undefined;
}

/** Erases a list's column type for the registry; each list's reader and columns agree by construction. */
const list = <C extends string>(l: DrugList<C>): DrugList => l as unknown as DrugList;

export const DRUG_LISTS: readonly DrugList[] = [
  list({ template: INTERACTION_LIST, importer: 'drug-interactions', keys: ['aCodes', 'aPrefixes', 'aAtc', 'bCodes', 'bPrefixes', 'bAtc'], nameColumn: 'aName', readRow: readInteractionRow }),
  list({ template: CONTRAINDICATION_LIST, importer: 'drug-contraindications', keys: ['codes', 'prefixes', 'atc'], nameColumn: 'name', readRow: readContraindicationRow }),
  list({ template: AGE_USE_LIST, importer: 'drug-age-use', keys: ['codes', 'prefixes', 'atc'], nameColumn: 'name', readRow: readAgeUseRow }),
  list({ template: MAX_DOSE_LIST, importer: 'drug-max-dose', keys: ['codes', 'prefixes'], nameColumn: 'name', readRow: readMaxDoseRow }),
  list({ template: DRUG_ITEM_LIST, importer: 'drug-items', keys: ['codes', 'prefixes'], nameColumn: 'name', readRow: readDrugItemRow }),
  list({ template: MATERNITY_LIST, importer: 'drug-maternity', keys: ['codes', 'prefixes', 'atc'], nameColumn: 'name', readRow: readMaternityRow }),
  list({ template: LABEL_INDICATION_LIST, importer: 'drug-label-indications', keys: ['codes', 'prefixes', 'atc'], nameColumn: 'name', readRow: readLabelIndicationRow }),
  list({ template: HERB_DOSE_LIST, importer: 'herb-max-dose', keys: ['codes', 'prefixes'], nameColumn: 'name', readRow: readHerbDoseRow }),
];

function importTable(l: DrugList, path: string, read: ListTableRead<string>): ImportOutcome {
  const seen = new Map<string, number>();
  return importDrugList(l.template, l.importer, path, read, l.keys, l.nameColumn, (row, fileName) => l.readRow(row, fileName, seen));
}

/** The drug lists and the 诊疗项目 lists (item-lists/), read alike: one row, one rule. */
export const ROW_LISTS: readonly DrugList[] = [...DRUG_LISTS, ...ITEM_LISTS];

/** The drug or item list a CSV header is, if any. */
export const drugListOfHeader = (header: readonly string[]): DrugList | undefined => ROW_LISTS.find((l) => isListHeader(l.template, header));

/** The drug or item list a workbook holds (a sheet with its header in the first rows), if any. */
export function drugListOfWorkbook(read: WorkbookRead): DrugList | undefined {
  return read.ok ? ROW_LISTS.find((l) => findListTable(l.template, read.sheets) !== undefined) : undefined;
}

export const importDrugListCsv = (l: DrugList, path: string, read: CsvRead): ImportOutcome => importTable(l, path, listTableFromCsv(l.template, read));

export const importDrugListSheets = (l: DrugList, path: string, read: WorkbookRead): ImportOutcome => importTable(l, path, listTableFromSheets(l.template, read));

export { AGE_USE_LIST, CONTRAINDICATION_LIST, DRUG_ITEM_LIST, HERB_DOSE_LIST, INTERACTION_LIST, LABEL_INDICATION_LIST, MATERNITY_LIST, MAX_DOSE_LIST } from './templates';
