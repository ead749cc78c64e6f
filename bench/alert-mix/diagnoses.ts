import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Diagnosis } from '../../contract/order';

/**
 * Diagnoses by ICD-10 医保版 2.0 code with their official names, read from
 * ../shared/data/icd10-chs-v2-diagnoses.csv: a scenario names codes only, so no order carries a
 * made-up code or a name the code does not have.
 */

export const ICD_PATH = fileURLToPath(new URL('../../../shared/data/icd10-chs-v2-diagnoses.csv', import.meta.url));

export type IcdNames = ReadonlyMap<string, string>;

export function readIcdNames(path: string = ICD_PATH): IcdNames {
  const names = new Map<string, string>();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const comma = line.indexOf(',');
    if (comma > 0) names.set(line.slice(0, comma), line.slice(comma + 1).trim());
  }
  return names;
}

export function diagnosis(names: IcdNames, code: string, primary = false): Diagnosis {
  const name = names.get(code);
  if (name === undefined) throw new Error(`${code} is not an ICD-10 医保版 2.0 code`);
  return primary ? { code, name, primary } : { code, name };
}

/** The first code is the primary diagnosis. */
export function diagnosesOf(names: IcdNames, codes: readonly string[]): Diagnosis[] {
  return codes.map((code, i) => diagnosis(names, code, i === 0));
}
