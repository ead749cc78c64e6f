import { lostLeadingZeros, numericCodeProblem, splitCodes } from '../codes';
import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { DrugRow, seedOf } from './row';
import { DRUG_ITEM_BASIS, type DrugItemColumn } from './templates';

/**
 * A row of the 药品与诊疗项目对照表 → one `drug-item` rule on the row's drugs: the 15-digit
 * 医疗服务项目 codes, one of which is charged the same day, named by 诊疗项目名称.
 */

const RULE_CLASS = '药品与医疗服务项目不符';

/** Rows read so far: drug code or prefix → row. */
export type SeenDrugItems = Map<string, number>;

function itemCodes(row: DrugRow<DrugItemColumn>): string[] {
  const codes = splitCodes(row.cell('items').normalize('NFKC').replace(/\s+/g, ''));
  if (codes.length === 0) row.reasons.push('须同日收取的诊疗项目编码为空');
  for (const code of codes) {
    const problem = numericCodeProblem(code);
    if (problem) row.reasons.push(problem);
    else if (lostLeadingZeros(code)) row.reasons.push(`诊疗项目编码“${code}”只有 ${code.length} 位数字，可能丢了前导零：请把此列设为文本后填写 15 位编码`);
    else if (/^[XZT]/.test(code)) row.reasons.push(`“${code}”是药品编码，不是诊疗项目编码`);
    else if (!/^\d{15}$/.test(code)) row.reasons.push(`诊疗项目编码“${code}”不是 15 位医疗服务项目编码`);
  }
  return [...new Set(codes)];
}

export function readDrugItemRow(row: DrugRow<DrugItemColumn>, fileName: string, seen: SeenDrugItems): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', name: 'name' }, '药品');
  const items = itemCodes(row);
  const effective = row.effective('from', 'to');
  if (!drugs || row.reasons.length > 0) return undefined;
  for (const key of [...drugs.codes, ...drugs.prefixes]) {
    const earlier = seen.get(key);
    if (earlier !== undefined) row.reasons.push(`编码“${key}”在第 ${earlier} 行已有对照项目：同一药品的项目请写在一行，用分号分隔`);
  }
  if (row.reasons.length > 0) return undefined;
  for (const key of [...drugs.codes, ...drugs.prefixes]) seen.set(key, row.row.row);
  const names = splitCodes(row.cell('itemNames')).join('或');
  const itemLabel = names || items.join('、');
  const name = row.cell('name');
  const note = row.cell('note');
  return seedOf(
    row,
    fileName,
    {
      id: `drugitem-${idPart(drugs.key)}`,
      draft: { kind: 'drug-item', params: { items, itemLabel } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || DRUG_ITEM_BASIS,
      text: `须与${itemLabel}（${items.join('、')}）同日收取${note ? `：${note}` : ''}`,
      ruleClass: RULE_CLASS,
      drugs,
    },
    effective,
  );
}
