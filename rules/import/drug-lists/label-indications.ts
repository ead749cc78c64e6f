import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { namesOfCodes, readDiagnosisCell } from './diagnosis-cell';
import { DrugRow, seedOf } from './row';
import { LABEL_INDICATION_BASIS, type LabelIndicationColumn } from './templates';

/**
 * A row of the 药品说明书适应症表 → one `indication-list` rule (purpose `label`) on the row's drugs:
 * the ICD-10 codes and ranges of the label's 【适应症】, named by 适应症名称 or, left empty, by the
 * ICD-10 categories.
 */

const RULE_CLASS = '超说明书适应症用药';

/**
 * Codes and prefixes already listed, with their row. A drug in two rows would be judged by each
 * row alone — a patient with the first row's indication flagged by the second — so a code or
 * prefix that overlaps an earlier one (equal, or one the start of the other) is refused.
 */
export type SeenIndications = Map<string, number>;

export function overlapping(seen: SeenIndications, keys: readonly string[]): { key: string; row: number } | undefined {
  for (const key of keys) {
    for (const [other, row] of seen) if (key.startsWith(other) || other.startsWith(key)) return { key: other, row };
  }
  return undefined;
}

export function readLabelIndicationRow(row: DrugRow<LabelIndicationColumn>, fileName: string, seen: SeenIndications): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', atc: 'atc', name: 'name' }, '药品');
  const effective = row.effective('from', 'to');
  const diagnoses = readDiagnosisCell(row, 'diagnoses', '适应症诊断编码', '适应症名称');
  if (!drugs || !diagnoses || row.reasons.length > 0) return undefined;
  const keys = [...drugs.codes, ...drugs.prefixes];
  const earlier = overlapping(seen, keys);
  if (earlier) {
    row.reasons.push(`药品“${earlier.key}”在第 ${earlier.row} 行已有说明书适应症：同一药品的全部适应症请写在一行`);
    return undefined;
  }
  for (const key of keys) seen.set(key, row.row.row);
  const { icdRanges, icdPrefixes, codesText } = diagnoses;
  const label = row.cell('indicationName') || namesOfCodes(diagnoses);
  const name = row.cell('name');
  const note = row.cell('note');
  return seedOf(
    row,
    fileName,
    {
      id: `labelind-${idPart(drugs.key)}`,
      draft: { kind: 'indication-list', params: { purpose: 'label', icdRanges, icdPrefixes, label } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || LABEL_INDICATION_BASIS,
      text: `说明书适应症：${label}（${codesText}）${note ? `。${note}` : ''}`,
      ruleClass: RULE_CLASS,
      drugs,
    },
    effective,
  );
}
