import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A small raw pack (plain JSON, as it would arrive from storage) built from real rows of
 * ../shared/data/drug-restrictions-structured.csv: 性别限制 and 年龄限制=儿童 drugs, matched by the
 * 12-character code prefix the file is keyed by.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const CSV = path.resolve(here, '../../../..', 'shared', 'data', 'drug-restrictions-structured.csv');

interface RestrictedDrug {
  prefix: string;
  name: string;
  sex: string;
  age: string;
}

function readRestrictedDrugs(): RestrictedDrug[] {
  const [header, ...rows] = readFileSync(CSV, 'utf8').trim().split(/\r?\n/);
  const columns = header!.split(',');
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`column ${name} missing from ${CSV}`);
    return index;
  };
  const [code, name, sex, age] = [at('药品编码'), at('药品名称'), at('性别限制'), at('年龄限制')];
  return rows.map((row) => {
    const cells = row.split(',');
    return { prefix: cells[code]!, name: cells[name]!, sex: cells[sex]!, age: cells[age]! };
  });
}

const drugs = readRestrictedDrugs();
export const femaleOnly = drugs.find((d) => d.sex === '女')!;
export const maleOnly = drugs.find((d) => d.sex === '男')!;
export const childOnly = drugs.find((d) => d.age === '儿童')!;

/** A full national code under a prefix from the file (the suffix stands for spec and maker). */
export const codeOf = (drug: RestrictedDrug): string => `${drug.prefix}01010101`;

const basis = '医保药品目录备注（drug-restrictions-structured.csv）';

export function fixturePackJson(version = '2026.11.1'): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: 'fixture-pack',
    version,
    publisher: { name: '测试医保办' },
    rules: [
      { id: `sex-${femaleOnly.prefix}`, kind: 'sex', name: femaleOnly.name, basis, match: { prefixes: [femaleOnly.prefix] }, params: { allowed: 'F' } },
      { id: `sex-${maleOnly.prefix}`, kind: 'sex', name: maleOnly.name, basis, match: { prefixes: [maleOnly.prefix] }, params: { allowed: 'M' } },
      { id: `age-${childOnly.prefix}`, kind: 'age', name: childOnly.name, basis, match: { prefixes: [childOnly.prefix] }, params: { group: 'child', label: '儿童' } },
    ],
  };
}

/** A raw order in the public contract shape, for a patient of the given sex and age. */
export function orderJson(patient: { sex: 'M' | 'F' | 'U'; ageYears?: number }, codes: string[], id = 'rx-1'): Record<string, unknown> {
  return {
    id,
    patient: { key: 'p-1', ...patient },
    encounter: { visitType: 'outpatient', date: '2026-11-22', insuranceType: 'employee', institutionLevel: 3 },
    lines: codes.map((code, i) => ({ id: String(i + 1), code, name: drugs.find((d) => code.startsWith(d.prefix))?.name ?? '', quantity: 1, price: 30 })),
  };
}
