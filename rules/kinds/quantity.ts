import { defineLineKind } from './define';
import { checkDailyDose } from './quantity-checks/daily-dose';
import { checkDays } from './quantity-checks/day-limit';
import { checkDispensed } from './quantity-checks/dispensed';
import { DataGaps } from './quantity-checks/gaps';
import { checkMaxQuantity } from './quantity-checks/max-quantity';
import { QuantityParamsSchema } from './quantity-checks/params';

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
    return [
      ...checkDays(rule, line, ctx, gaps),
      ...checkMaxQuantity(rule, line, gaps),
      ...checkDailyDose(rule, line, gaps, line.selfPay !== true && ctx.order.encounter.insuranceType !== 'self-pay'),
      ...checkDispensed(rule, line, gaps, ctx.order.encounter.visitType),
      ...gaps.findings(rule, line),
    ];
  },
});
