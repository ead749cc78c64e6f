import { z } from 'zod';
import type { OrderLine } from '../../contract/order';
import { defineLineKind, type RuleOf } from './define';
import type { EvalContext } from '../engine/context';
import { lineLabel, makeFinding, selfPayAction } from './finding';
import { dayNumber, isoOfDay } from './calendar-days';


/**
 * 限支付疗程 ("支付不超过20天"): days of this line plus the days of earlier lines of the same
 * item (same code, or the rule's codes or prefixes) must not exceed maxDays. Earlier means
 * history within the look-back window and the lines above this one in the same order, so the
 * finding lands on the line that crosses the limit.
 */
/** A rule may list hundreds of codes; look them up in a Set built once per rule. */
const codeSets = new WeakMap<object, ReadonlySet<string>>();
function codeSetOf(match: { codes?: string[] | undefined }): ReadonlySet<string> {
  let set = codeSets.get(match);
  if (!set) {
    set = new Set(match.codes ?? []);
    codeSets.set(match, set);
  }
  return set;
}

/**
 * Whether another line or history entry is the same item as this line, for counting its days: the
 * same code, or both among the rule's codes, or both under one of its prefixes.
 */
function sameItemAs(match: { codes?: string[] | undefined; prefixes?: string[] | undefined }, lineCode: string): (code: string) => boolean {
  const codes = codeSetOf(match);
  const prefixes = match.prefixes ?? [];
  return (code) =>
    code === lineCode || (codes.has(code) && codes.has(lineCode)) || prefixes.some((p) => code.startsWith(p) && lineCode.startsWith(p));
}

const CourseParams = z.object({
    maxDays: z.number().positive(),
    /**
     * Look-back window in days, counting the line's own day (30 = that day and the 29 before it,
     * as the frequency kind counts its periods); defaults to the pack's historyWindowDays.
     */
    windowDays: z.number().int().positive().optional(),
    /**
     * "总时间不超过90天": the limit is a calendar span from the first use (earlier lines and
     * history of the same item) to this line's last day, not the days billed added up.
     */
    span: z.boolean().optional(),
});

export const courseKind = defineLineKind({
  kind: 'course',
  consequence: 'refused',
  needs: { fields: ['lines.days'], check: '疗程' },
  // Earlier lines of the same item count towards this one.
  readsOtherLines: true,
  params: CourseParams,
  evaluate(rule, line, ctx) {
    const { maxDays } = rule.params;
    if (rule.params.span && line.days !== undefined && line.days > 0) return spanFindings(rule, line, ctx);
    // An empty days field reaches us as 0 as often as it is absent.
    if (line.days === undefined || line.days <= 0) {
      // A 住院 长期医嘱 runs until it is stopped and never has days: its course shows in the stay's
      // daily charges (history), not on the order, so asking for days would only be noise.
      if (ctx.order.encounter.visitType === 'inpatient') return [];
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 医保支付不超过 ${maxDays} 天，本行未填天数，无法核对疗程`,
          amountAtRisk: 0,
        }),
      ];
    }
    const window = rule.params.windowDays ?? ctx.settings.historyWindowDays;
    const lineDate = line.date ?? ctx.date;
    const at = dayNumber(lineDate);
    const since = at - (window - 1);
    const sameItem = sameItemAs(rule.match, line.code);
    const inWindow = (isoDate: string) => {
      const d = dayNumber(isoDate);
      return d >= since && d <= at;
    };

    let earlier = 0;
    let historyWithoutDays = 0;
    for (const h of ctx.order.history ?? []) {
      if (!sameItem(h.code) || !inWindow(h.date)) continue;
      if (h.days === undefined) historyWithoutDays++;
      else earlier += h.days;
    }
    const above: readonly OrderLine[] = ctx.lines.slice(0, Math.max(0, ctx.lines.indexOf(line)));
    for (const other of above) {
      if (sameItem(other.code) && inWindow(other.date ?? ctx.date)) earlier += other.days ?? 0;
    }

    const total = earlier + line.days;
    if (total <= maxDays) {
      if (historyWithoutDays === 0) return [];
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 医保支付不超过 ${maxDays} 天，既往 ${historyWithoutDays} 条记录未填天数，疗程累计未能完整核对`,
          amountAtRisk: 0,
        }),
      ];
    }
    const remaining = Math.max(0, maxDays - earlier);
    const actions =
      remaining > 0
        ? [{ type: 'set-days' as const, value: remaining, label: `改为 ${remaining} 天` }, selfPayAction]
        : [selfPayAction];
    const excessShare = Math.min(1, (total - maxDays) / line.days);
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

type CourseRule = RuleOf<'course', typeof CourseParams>;

/** The span reading: first use of the item in the look-back window → this line's last day. */
function spanFindings(rule: CourseRule, line: OrderLine, ctx: EvalContext) {
  const { maxDays } = rule.params;
  const lineDate = line.date ?? ctx.date;
  const start = dayNumber(lineDate);
  // A course longer than the history window still needs its first day in view.
  const window = rule.params.windowDays ?? Math.max(ctx.settings.historyWindowDays, Math.ceil(maxDays));
  const since = start - (window - 1);
  const sameItem = sameItemAs(rule.match, line.code);
  let first = start;
  const consider = (isoDate: string) => {
    const d = dayNumber(isoDate);
    if (d >= since && d < first) first = d;
  };
  for (const h of ctx.order.history ?? []) if (sameItem(h.code)) consider(h.date);
  for (const other of ctx.lines.slice(0, Math.max(0, ctx.lines.indexOf(line)))) if (sameItem(other.code)) consider(other.date ?? ctx.date);
  const end = start + line.days! - 1;
  const spanDays = end - first + 1;
  if (spanDays <= maxDays) return [];
  const remaining = maxDays - (start - first);
  const actions = remaining > 0 ? [{ type: 'set-days' as const, value: remaining, label: `改为 ${remaining} 天` }, selfPayAction] : [selfPayAction];
  const since1st = first < start ? `自 ${isoOfDay(first)} 首次使用起` : '';
  return [
    makeFinding(rule, line, {
      message: `${lineLabel(line)} 医保支付${since1st || '自首次使用起'}总时间不超过 ${maxDays} 天，本次用至第 ${spanDays} 天`,
      actions,
    }),
  ];
}
