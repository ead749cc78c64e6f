import type { Finding } from '../../../contract/findings';
import type { OrderLine } from '../../../contract/order';
import { formatNumber } from '../../parse/units';
import { lineLabel, makeFinding } from '../finding';
import type { DataGaps } from './gaps';
import { convertForLine, neededQuantity, neededUnit } from './line-data';
import type { QuantityRule } from './params';

/** The dispensed quantity against a per-line maximum, in the rule's unit or the line's own. */
export function checkMaxQuantity(rule: QuantityRule, line: OrderLine, gaps: DataGaps): Finding[] {
  const max = rule.params.maxQuantity;
  if (!max) return [];
  const quantity = neededQuantity(line);
  if (!quantity.ok) {
    gaps.add(quantity.gap, '开具数量');
    return [];
  }
  let lineUnit = line.unit?.trim() ?? '';
  let inMaxUnit = quantity.value;
  if (max.unit) {
    const unit = neededUnit(line);
    if (!unit.ok) {
      gaps.add(unit.gap, '开具数量');
      return [];
    }
    lineUnit = unit.value;
    const converted = convertForLine(line, quantity.value, unit.value, max.unit);
    if (!converted.ok) {
      gaps.add(converted.gap, '开具数量', converted.detail);
      return [];
    }
    inMaxUnit = converted.value;
  }
  if (inMaxUnit <= max.value * (1 + 1e-9)) return [];

  // The largest whole quantity, in the line's unit, that stays within the maximum.
  const allowed = Math.max(0, Math.floor((max.value * quantity.value) / inMaxUnit + 1e-9));
  const shownUnit = max.unit ?? lineUnit;
  const amount = line.price !== undefined ? Math.round(line.price * (quantity.value - allowed) * 100) / 100 : undefined;
  return [
    makeFinding(rule, line, {
      message: `${lineLabel(line)} 医保限每次开具 ${formatNumber(max.value)}${shownUnit}，本次 ${formatNumber(inMaxUnit)}${shownUnit}，超出部分医保不予支付`,
      actions: [{ type: 'set-quantity', value: allowed, label: `数量改为 ${allowed}${lineUnit}` }],
      ...(amount !== undefined ? { amountAtRisk: amount } : {}),
    }),
  ];
}
