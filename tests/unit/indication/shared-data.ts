import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readCsv } from '../../../scripts/icd/read-csv';

/** ../shared/data beside the repository (CI has it there too). */
export const SHARED_DATA = path.resolve(__dirname, '../../../..', 'shared', 'data');
const TWO_LIBS = path.join(SHARED_DATA, 'nhsa-two-libs');

export interface IndicationRow {
  batch: string;
  itemName: string;
  constraint: string;
  medCodes: string[];
}

/** Every row of the 两库 药品限适应症 batches (第十二批 onwards) as published. */
export function indicationBatchRows(): IndicationRow[] {
  return readdirSync(TWO_LIBS)
    .filter((f) => f.endsWith('药品限适应症.csv'))
    .flatMap((f) => readCsv(path.join(TWO_LIBS, f)))
    .map((r) => ({
      batch: r['batch']!,
      itemName: r['item_name']!,
      constraint: r['constraint']!,
      medCodes: r['med_codes']!.split(';').filter(Boolean),
    }));
}

export function indicationRow(itemName: string, batch?: string): IndicationRow {
  const row = indicationBatchRows().find((r) => r.itemName === itemName && (batch === undefined || r.batch === batch));
  if (!row) throw new Error(`no 药品限适应症 row for ${itemName}`);
  return row;
}

/** The 疾病限制 keyword patterns of the catalogue restriction table, one per drug that has one. */
export function diseaseRestrictionRows(): { code: string; name: string; pattern: string }[] {
  return readCsv(path.join(SHARED_DATA, 'drug-restrictions-structured.csv'))
    .filter((r) => r['疾病限制'] !== '')
    .map((r) => ({ code: r['药品编码']!, name: r['药品名称']!, pattern: r['疾病限制']! }));
}

let icdNames: Map<string, string> | undefined;

/** ICD-10 医保版 2.0 code → Chinese name. */
export function icdDiagnoses(): Map<string, string> {
  icdNames ??= new Map(readCsv(path.join(SHARED_DATA, 'icd10-chs-v2-diagnoses.csv')).map((r) => [r['code']!, r['name_zh']!]));
  return icdNames;
}

/** A real diagnosis as an order would carry it: code and official name. */
export function diagnosis(code: string, primary = true) {
  const name = icdDiagnoses().get(code);
  if (name === undefined) throw new Error(`${code} is not an ICD-10 医保版 2.0 code`);
  return { code, name, primary };
}
