import { idPart, type RuleSeed } from '../rule-collector';
import type { RuleDraft } from '../restriction-text';
import type { RowReader } from './table';
import type { PairColumn } from './template';
import { consumableItemValue, withinOf } from './values';

/**
 * 项目与耗材对照: one row per consumable and the 诊疗项目 it belongs to.
 *
 * - 须同时收取 → `consumable-item` (医用耗材与医疗服务项目不符, 2025 no. 84): the consumable is paid
 *   only with one of the items that day (or visit).
 * - 项目已含 → a `duplicate-charge` pair (医疗服务项目与医用耗材重复收费, no. 30): the item's price
 *   includes the consumable, so charging both the same day is a duplicate, as 两库 第七批 pairs are
 *   judged; the rule matches both, the items as main and the consumables as secondary lines.
 */

const REQUIRED = /^(须同时收取|须同时收|必须同时收取|同时收取|须配套|配套|配套收取|须配套收取|需同时收取)$/;
const INCLUDED = /^(项目已含|已含|已含于项目|项目包含|包含|不得另收|不得单独收取|重复收费)$/;

export function readPairRow(reader: RowReader<PairColumn>, fileName: string): RuleSeed[] {
  const codes = reader.consumableCodes('codes');
  if (codes.length === 0) reader.reasons.push('没有耗材医保编码');
  const itemsCell = reader.cell('items');
  const relationCell = reader.cell('relation').normalize('NFKC').replace(/\s+/g, '');
  const withinCell = reader.cell('within');
  let items: string[] = [];
  let within: 'day' | 'visit' = 'day';
  if (!itemsCell) reader.reasons.push('没有诊疗项目医保编码');
  else {
    // The same reader as the local template's 限定值 (耗材与项目不符): 15-digit item codes only here.
    const read = consumableItemValue(itemsCell);
    if (!read.ok) reader.reasons.push(read.reason);
    else if (read.value['itemLabel'] !== undefined) reader.reasons.push(`诊疗项目医保编码中“${String(read.value['itemLabel'])}”不是 15 位项目编码（名称请写在诊疗项目名称列）`);
    else items = read.value['items'] as string[];
  }
  if (withinCell) {
    const read = withinOf(withinCell);
    if (read) within = read;
    else reader.reasons.push(`时间范围“${withinCell}”应为 同日 或 同次就诊`);
  }
  const required = REQUIRED.test(relationCell);
  const included = INCLUDED.test(relationCell);
  if (!relationCell) reader.reasons.push('没有填写关系（须同时收取 或 项目已含）');
  else if (!required && !included) reader.reasons.push(`关系“${reader.cell('relation')}”应为 须同时收取 或 项目已含`);
  if (included && withinCell) reader.warnings.push('时间范围只用于“须同时收取”；项目已含时按同日判断重复收费');
  const fields = reader.ruleFields();
  if (reader.reasons.length > 0) return [];

  // Any one of the items will do: 静脉输液或小儿头皮静脉输液.
  const itemLabel = reader.cell('itemNames').split(/[;；,，、]+/).map((s) => s.trim()).filter(Boolean).join('或');
  const base = reader.seedBase(fileName, fields);
  if (required) {
    const draft = { kind: 'consumable-item', params: { items, ...(itemLabel ? { itemLabel } : {}), within } } as RuleDraft;
    return [{ ...base, id: `local-consumable-item-${idPart(codes[0]!)}`, draft, codes }];
  }
  const note = `${itemLabel || '项目'}价格已含此耗材`;
  const draft = { kind: 'duplicate-charge', params: { mode: 'pair', main: items, secondary: codes, note } } as RuleDraft;
  // Both sides: an order kind sees only the lines its rule matches.
  return [{ ...base, id: `local-duplicate-charge-${idPart(items[0]!)}-${idPart(codes[0]!)}`, draft, codes: [...items, ...codes] }];
}
