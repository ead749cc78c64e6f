import type { RuleDraft } from '../restriction-text';
import { herbDoseValue } from '../herb-dose-value';
import { idPart, type RuleSeed } from '../rule-collector';
import { formatNumber } from '../../parse/units';
import { DrugRow, seedOf } from './row';
import { HERB_DOSE_BASIS, type HerbDoseColumn } from './templates';

/**
 * A row of the 中药饮片最大剂量表 → one `herb-dose` rule on the row's 饮片 codes: the largest dose
 * of one 剂 in grams, and the lower end of the range when the row gives one (药典 细辛 1～3g). Only
 * grams: a 饮片 dose in anything else (袋, 包) cannot be compared, so the list does not take it.
 */

const RULE_CLASS = '中药饮片超量上传';

export function readHerbDoseRow(row: DrugRow<HerbDoseColumn>, fileName: string, seen: Map<string, number>): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', name: 'name' }, '饮片');
  const effective = row.effective('from', 'to');
  const raw = row.cell('maxDose');
  const dose = raw ? row.take(herbDoseValue(raw)) : (row.reasons.push('每剂最大剂量为空'), undefined);
  if (!drugs || !dose || row.reasons.length > 0) return undefined;
  for (const key of [...drugs.codes, ...drugs.prefixes]) {
    if (!key.startsWith('T')) row.reasons.push(`编码“${key}”不是中药饮片编码（T 开头）：西药、中成药的剂量请用“药品最大日剂量表”`);
    const earlier = seen.get(key);
    if (earlier !== undefined) row.reasons.push(`编码“${key}”在第 ${earlier} 行已有最大剂量：同一饮片只能有一个`);
  }
  if (row.reasons.length > 0) return undefined;
  for (const key of [...drugs.codes, ...drugs.prefixes]) seen.set(key, row.row.row);
  const name = row.cell('name');
  const source = row.cell('source').normalize('NFKC').trim();
  if (source.length > 20) {
    row.reasons.push(`用量出处“${source}”太长：写简称（药典、部颁标准、本院规定），文件名称写在“依据”列`);
    return undefined;
  }
  const note = row.cell('note');
  const range = dose.minGrams !== undefined ? `${formatNumber(dose.minGrams)}～${formatNumber(dose.maxGrams)}g` : `不超过 ${formatNumber(dose.maxGrams)}g`;
  return seedOf(
    row,
    fileName,
    {
      id: `herbdose-${idPart(drugs.key)}`,
      draft: { kind: 'herb-dose', params: { ...dose, ...(source ? { source } : {}) } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || HERB_DOSE_BASIS,
      text: `${source || '药典'}用量 每剂 ${range}${note ? `：${note}` : ''}`,
      ruleClass: RULE_CLASS,
      drugs,
    },
    effective,
  );
}
