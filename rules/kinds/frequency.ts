import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding } from './finding';

const DAY_MS = 86_400_000;

/**
 * 限定频次 / 周期超频次 (两库 第八批): at most `maxCount` charges of an item in any `periodDays`
 * days, counting this line, other lines of the same item in the order, and history.
 */
export const frequencyKind = defineLineKind({
  kind: 'frequency',
  consequence: 'refused',
  // An unread 数量 would count as 1 and an unread 天数 as one day: guesses, not facts.
  needs: { fields: ['lines.quantity', 'lines.days'], check: '限定频次' },
  // Earlier lines of the same item count towards this one.
  readsOtherLines: true,
  params: z.object({
    maxCount: z.number().int().positive(),
    periodDays: z.number().int().positive(),
  }),
  evaluate(rule, line, ctx) {
    const { maxCount, periodDays } = rule.params;
    const lineDate = line.date ?? ctx.date;
    const at = Date.parse(`${lineDate}T00:00:00Z`);
    const windowStart = at - (periodDays - 1) * DAY_MS;
    const lineDays = Math.max(1, line.days ?? 1);
    // A multi-day inpatient line (e.g. 住院诊查费 × 5 天) is allowed one allowance per period it spans.
    const allowed = maxCount * Math.ceil(lineDays / periodDays);
    const sameItemEarlierLines = ctx.lines
      .slice(0, ctx.lines.indexOf(line))
      .filter((l) => l.code === line.code && (l.date ?? ctx.date) === lineDate)
      .reduce((sum, l) => sum + (l.quantity ?? 1), 0);
    const fromHistory = (ctx.order.history ?? [])
      .filter((h) => h.code === line.code)
      .filter((h) => {
        const t = Date.parse(`${h.date}T00:00:00Z`);
        return t >= windowStart && t <= at;
      })
      .reduce((sum, h) => sum + (h.quantity ?? 1), 0);
    const count = (line.quantity ?? 1) + sameItemEarlierLines + (lineDays > 1 ? 0 : fromHistory);
    if (count <= allowed) return [];
    const periodText = periodDays === 1 ? '每日' : `每 ${periodDays} 天`;
    const over = count - allowed;
    const perUnit = line.price;
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} ${periodText}限 ${maxCount} 次，本次累计 ${count} 次，超出部分医保不予支付`,
        actions: [{ type: 'set-quantity', value: Math.max(0, (line.quantity ?? 1) - over), label: `数量改为 ${Math.max(0, (line.quantity ?? 1) - over)}` }],
        ...(perUnit !== undefined ? { amountAtRisk: Math.round(perUnit * Math.min(over, line.quantity ?? 1) * 100) / 100 } : {}),
      }),
    ];
  },
});
