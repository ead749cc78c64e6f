import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { readDiagnosisCell, namesOfCodes } from './diagnosis-cell';
import { DrugRow, LEVEL_ZH, seedOf, type Drugs } from './row';
import { CONTRAINDICATION_BASIS, type ContraindicationColumn } from './templates';

/**
 * A row of the 药品禁忌症表 → one `contraindication` rule on the row's drugs: the ICD-10 codes and
 * ranges of its 禁忌诊断编码 (a code covers its extensions), named by 禁忌诊断名称. Anything that is
 * not an ICD-10 code (a disease name in the code column) is refused rather than dropped: the row
 * would look checked while part of it is not. The 诊疗项目禁忌症表 (item-lists/rows.ts) has the same
 * columns after its item codes and is read by the same `contraindicationSeed`.
 */

/** Rows read so far: drug (or item) key + codes → row. */
export type SeenContraindications = Map<string, number>;

/** The columns both contraindication lists share, besides those naming the drugs or items. */
type SharedColumn = 'diagnoses' | 'diagnosisName' | 'level' | 'name' | 'note' | 'basis' | 'from' | 'to';

/** What tells the two lists' rules apart. */
export interface ContraindicationList {
  /** 药品 or 项目: in the reason a duplicate row gets. */
  readonly who: string;
  /** The rule id's prefix (ci-, itemci-): a new edition of the list updates the same rules. */
  readonly idPrefix: string;
  readonly basis: string;
  readonly ruleClass: string;
  readonly lineKind: 'drug' | 'item';
}

const DRUG_LIST: ContraindicationList = { who: '药品', idPrefix: 'ci', basis: CONTRAINDICATION_BASIS, ruleClass: '药品禁忌症', lineKind: 'drug' };

/**
 * The rule of one row whose drugs or items (`targets`, read by the caller first so the reasons
 * keep the columns' order) are contraindicated in its diagnoses; undefined, the reasons left on
 * the row, when anything is wrong or the row repeats an earlier one.
 */
export function contraindicationSeed(row: DrugRow<SharedColumn>, fileName: string, seen: SeenContraindications, targets: Drugs | undefined, list: ContraindicationList): RuleSeed | undefined {
  const level = row.level('level', '禁忌程度', 'contraindicated');
  const effective = row.effective('from', 'to');
  const diagnoses = readDiagnosisCell(row, 'diagnoses', '禁忌诊断编码', '禁忌诊断名称');
  if (!targets || !level || !diagnoses || row.reasons.length > 0) return undefined;

  const { icdRanges, icdPrefixes, codesText } = diagnoses;
  // The same codes in another order are the same row.
  const key = `${[...targets.codes, ...targets.prefixes].sort().join(',')} @ ${codesText.split(';').sort().join(';')}`;
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    row.reasons.push(`与第 ${earlier} 行重复（同一${list.who}、同一组禁忌诊断）`);
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
      id: `${list.idPrefix}-${idPart(targets.key)}-${idPart(diagnoses.first)}`,
      draft: { kind: 'contraindication', params: { icdRanges, icdPrefixes, label, level } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || list.basis,
      text: `${label}（${codesText}）患者${LEVEL_ZH[level]}${note ? `：${note}` : ''}`,
      ruleClass: list.ruleClass,
      drugs: targets,
    },
    effective,
    list.lineKind,
  );
}

export function readContraindicationRow(row: DrugRow<ContraindicationColumn>, fileName: string, seen: SeenContraindications): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', atc: 'atc', name: 'name' }, '药品');
  return contraindicationSeed(row, fileName, seen, drugs, DRUG_LIST);
}
