import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

const DAY_MS = 86_400_000;

/**
 * 限支付疗程 ("支付不超过20天"): days of this line plus the days of earlier lines of the same
 * item (same code, or the rule's prefixes) within the look-back window must not exceed maxDays.
 */
export const courseKind = defineLineKind({
  kind: 'course',
  params: z.object({
    maxDays: z.number().positive(),
    /** Look-back window in days; defaults to the pack's historyWindowDays. */
    windowDays: z.number().int().positive().optional(),
  }),
  evaluate(rule, line, ctx) {
    const { maxDays } = rule.params;
    if (line.days === undefined) {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 医保支付不超过 ${maxDays} 天，本行未填天数，无法核对疗程`,
        }),
      ];
    }
    const window = rule.params.windowDays ?? ctx.settings.historyWindowDays;
    const at = Date.parse(`${ctx.date}T00:00:00Z`);
    const since = at - window * DAY_MS;
    const sameItem = (code: string) =>
      code === line.code ||
      (rule.match.prefixes ?? []).some((p) => code.startsWith(p) && line.code.startsWith(p)) ||
      ((rule.match.codes ?? []).includes(code) && (rule.match.codes ?? []).includes(line.code));
    const earlier = (ctx.order.history ?? [])
      .filter((h) => sameItem(h.code))
      .filter((h) => {
        const t = Date.parse(`${h.date}T00:00:00Z`);
        return t >= since && t <= at;
      })
      .reduce((sum, h) => sum + (h.days ?? 0), 0);
    const total = earlier + line.days;
    if (total <= maxDays) return [];
    const remaining = Math.max(0, maxDays - earlier);
    const actions =
      remaining > 0
        ? [{ type: 'set-days' as const, value: remaining, label: `改为 ${remaining} 天` }, selfPayAction]
        : [selfPayAction];
    const excessShare = line.days > 0 ? Math.min(1, (total - maxDays) / line.days) : 0;
    const amount =
      line.price !== undefined && line.quantity !== undefined
        ? Math.round(line.price * line.quantity * excessShare * 100) / 100
        : undefined;
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 医保支付不超过 ${maxDays} 天，${earlier > 0 ? `已用 ${earlier} 天，` : ''}本次累计 ${total} 天`,
        actions,
        ...(amount !== undefined ? { amountAtRisk: amount } : {}),
      }),
    ];
  },
});
