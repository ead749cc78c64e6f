import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { readDiagnosisCell, namesOfCodes } from './diagnosis-cell';
import { DrugRow, LEVEL_ZH, seedOf } from './row';
import { CONTRAINDICATION_BASIS, type ContraindicationColumn } from './templates';

/**
 * A row of the 药品禁忌症表 → one `contraindication` rule on the row's drugs: the ICD-10 codes and
 * ranges of its 禁忌诊断编码 (a code covers its extensions), named by 禁忌诊断名称. Anything that is
 * not an ICD-10 code (a disease name in the code column) is refused rather than dropped: the row
 * would look checked while part of it is not.
 */

const RULE_CLASS = '药品禁忌症';

/** Rows read so far: drug key + codes → row. */
export type SeenContraindications = Map<string, number>;

export function readContraindicationRow(row: DrugRow<ContraindicationColumn>, fileName: string, seen: SeenContraindications): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', atc: 'atc', name: 'name' }, '药品');
  const level = row.level('level', '禁忌程度', 'contraindicated');
  const effective = row.effective('from', 'to');
  const diagnoses = readDiagnosisCell(row, 'diagnoses', '禁忌诊断编码', '禁忌诊断名称');
  if (!drugs || !level || !diagnoses || row.reasons.length > 0) return undefined;

  const { icdRanges, icdPrefixes, codesText } = diagnoses;
  // The same codes in another order are the same row.
  const key = `${[...drugs.codes, ...drugs.prefixes].sort().join(',')} @ ${codesText.split(';').sort().join(';')}`;
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    row.reasons.push(`与第 ${earlier} 行重复（同一药品、同一组禁忌诊断）`);
    return undefined;
  }
  seen.set(key, row.row.row);
  const label = row.cell('diagnosisName') || namesOfCodes(diagnoses);
  const name = row.cell('name');
  const note = row.cell('note');
  return seedOf(
    row,
    fileName,
    {
      id: `ci-${idPart(drugs.key)}-${idPart(diagnoses.first)}`,
      draft: { kind: 'contraindication', params: { icdRanges, icdPrefixes, label, level } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || CONTRAINDICATION_BASIS,
      text: `${label}（${codesText}）患者${LEVEL_ZH[level]}${note ? `：${note}` : ''}`,
      ruleClass: RULE_CLASS,
      drugs,
    },
    effective,
  );
}
