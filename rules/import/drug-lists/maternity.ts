import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { DrugRow, LEVEL_ZH, seedOf, type Level } from './row';
import { MATERNITY_BASIS, type MaternityColumn } from './templates';

/**
 * A row of the 妊娠期哺乳期用药表 → one `maternity` rule on the row's drugs: 禁用 or 慎用 in
 * pregnancy, in lactation, or each its own. A row with both cells empty says nothing and is refused.
 */

const RULE_CLASS = '妊娠期及哺乳期用药安全';

export type SeenMaternityRows = Map<string, number>;

export function readMaternityRow(row: DrugRow<MaternityColumn>, fileName: string, seen: SeenMaternityRows): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', atc: 'atc', name: 'name' }, '药品');
  const effective = row.effective('from', 'to');
  const level = (column: 'pregnancy' | 'lactation', header: string): Level | undefined =>
    row.cell(column).trim() ? row.level(column, header) : undefined;
  const pregnancy = level('pregnancy', '妊娠期');
  const lactation = level('lactation', '哺乳期');
  if (!row.cell('pregnancy').trim() && !row.cell('lactation').trim()) row.reasons.push('妊娠期、哺乳期都为空：至少填一个 禁用 或 慎用');
  if (!drugs || row.reasons.length > 0) return undefined;
  const key = [...drugs.codes, ...drugs.prefixes].sort().join(',');
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    row.reasons.push(`与第 ${earlier} 行重复（同一药品只写一行，妊娠期、哺乳期各占一列）`);
    return undefined;
  }
  seen.set(key, row.row.row);
  const name = row.cell('name');
  const note = row.cell('note');
  const said = [pregnancy ? `妊娠期${LEVEL_ZH[pregnancy]}` : '', lactation ? `哺乳期${LEVEL_ZH[lactation]}` : ''].filter(Boolean).join('，');
  return seedOf(
    row,
    fileName,
    {
      id: `maternity-${idPart(drugs.key)}`,
      draft: { kind: 'maternity', params: { ...(pregnancy ? { pregnancy } : {}), ...(lactation ? { lactation } : {}) } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || MATERNITY_BASIS,
      text: `${said}${note ? `：${note}` : ''}`,
      ruleClass: RULE_CLASS,
      drugs,
    },
    effective,
  );
}
