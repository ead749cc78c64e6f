import { formatNumber, unitInfo } from '../../parse/units';
import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { DrugRow, seedOf } from './row';
import { MAX_DOSE_BASIS, type MaxDoseColumn } from './templates';

/**
 * A row of the 药品最大日剂量表 → one `quantity` rule with the 说明书's daily maximum
 * (`maxDailyDose.fromLabel`): the quantity kind multiplies the line's 单次剂量 by its 频次 and
 * converts units (through the 规格 where it must), so the list only says the number. A unit the
 * parser does not know is refused: the rule could never compare it.
 */

const RULE_CLASS = '超说明书用量开药';

/** Rows read so far: drug code or prefix → row. */
export type SeenDoses = Map<string, number>;

/** "200mg", "4 g", "7.5毫克", "8片". */
function dailyMax(row: DrugRow<MaxDoseColumn>): { value: number; unit: string } | undefined {
  const raw = row.cell('maxDaily');
  const v = raw.normalize('NFKC').replace(/\s+/g, '').replace(/^(?:每日|每天|日)?(?:最大剂量|最大|极量)?[:：]?/, '').replace(/[/／](?:日|天|d)$/i, '');
  if (!raw) {
    row.reasons.push('每日最大剂量为空');
    return undefined;
  }
  const m = /^(\d+(?:\.\d+)?)([^\d.].*)$/.exec(v);
  const value = m ? Number(m[1]) : NaN;
  if (!m || !(value > 0)) {
    row.reasons.push(`每日最大剂量“${raw}”应为数值和单位，如 200mg、4g、8片`);
    return undefined;
  }
  const unit = m[2]!;
  if (!unitInfo(unit)) {
    row.reasons.push(`每日最大剂量“${raw}”的单位“${unit}”无法识别（可用 g、mg、μg、ml、IU、片、粒、支 等）`);
    return undefined;
  }
  return { value, unit };
}

export function readMaxDoseRow(row: DrugRow<MaxDoseColumn>, fileName: string, seen: SeenDoses): RuleSeed | undefined {
  const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', name: 'name' }, '药品');
  const max = dailyMax(row);
  const effective = row.effective('from', 'to');
  if (!drugs || !max || row.reasons.length > 0) return undefined;
  for (const key of [...drugs.codes, ...drugs.prefixes]) {
    const earlier = seen.get(key);
    if (earlier !== undefined) row.reasons.push(`编码“${key}”在第 ${earlier} 行已有最大日剂量：同一药品只能有一个`);
  }
  if (row.reasons.length > 0) return undefined;
  for (const key of [...drugs.codes, ...drugs.prefixes]) seen.set(key, row.row.row);
  const name = row.cell('name');
  const note = row.cell('note');
  return seedOf(
    row,
    fileName,
    {
      id: `maxdose-${idPart(drugs.key)}`,
      draft: { kind: 'quantity', params: { maxDailyDose: { value: max.value, unit: max.unit, fromLabel: true } } } as RuleDraft,
      ...(name ? { name } : {}),
      basis: row.cell('basis') || MAX_DOSE_BASIS,
      text: `说明书每日最大剂量 ${formatNumber(max.value)}${max.unit}${note ? `：${note}` : ''}`,
      ruleClass: RULE_CLASS,
      drugs,
    },
    effective,
  );
}
