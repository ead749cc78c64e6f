import type { Finding } from '../../contract/findings';
import { defineLineKind } from './define';
import { checkDailyDose } from './quantity-checks/daily-dose';
import { checkDays } from './quantity-checks/day-limit';
import { checkDispensed } from './quantity-checks/dispensed';
import { DataGaps } from './quantity-checks/gaps';
import { checkMaxQuantity } from './quantity-checks/max-quantity';
import { QuantityParamsSchema } from './quantity-checks/params';
import { paidByPatient } from './consumable-lines';

const joined = (a: Finding[], b: Finding[]): Finding[] => (b.length === 0 ? a : a.length === 0 ? b : a.concat(b));

/**
 * 超量: days over the 处方管理办法 or drug limit, daily dose over the payable maximum, quantity over
 * the per-line maximum or over what the days need. Any check that lacks data says so in a `data`
 * finding instead of passing silently.
 */
export const quantityKind = defineLineKind({
  kind: 'quantity',
  consequence: 'refused',
  // The 处方管理办法 limits and 抗菌药物分级管理 bind the prescription whoever pays.
  prescribing: true,
  params: QuantityParamsSchema,
  evaluate(rule, line, ctx) {
    if (rule.params.exceptPrefixes.some((p) => line.code.startsWith(p))) return [];
    const gaps = new DataGaps(ctx.unread);
    // Most lines pass every check: the checks' empty answers are not copied into a new array.
    let found = checkDays(rule, line, ctx, gaps);
    found = joined(found, checkMaxQuantity(rule, line, gaps));
    found = joined(found, checkDailyDose(rule, line, gaps, !paidByPatient(line, ctx)));
    found = joined(found, checkDispensed(rule, line, gaps, ctx.order.encounter.visitType));
    found = joined(found, gaps.findings(rule, line));
    return found;
  },
});
