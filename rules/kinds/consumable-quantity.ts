import { z } from 'zod';
import type { Action, Finding } from '../../contract/findings';
import type { OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { formatNumber } from '../parse/units';
import { defineOrderKind, type RuleOf } from './define';
import { lineLabel, makeFinding, removeLineAction, selfPayAction } from './finding';
import { dateOf, historyBetween, inUnit, paidByPatient, ruleCovers } from './consumable-lines';

/**
 * 医用耗材数量超标 (2025 list no. 86): more of a consumable than its payable limit per line, per
 * day or per visit. The consumable is what the rule matches (its codes or prefixes: one product
 * under several makers' codes is one consumable), so the lines it matched are added up together
 * — an order kind, which runs again whenever any of them changes.
 *
 * Nothing is guessed: a line without a quantity, or in a unit that does not convert to the limit's
 * (支 against 盒), is not counted and gets a data gap; earlier charges (history) count only when
 * their date puts them in the same day or visit and their unit converts. The finding sits on each
 * line that takes the total over the limit, with the part of it that is over.
 */
const ConsumableQuantityParams = z.object({
  /** The payable maximum, in `unit`. */
  max: z.number().positive(),
  /** The unit of `max` (支, 根, 套 …); without it, the unit of the first counted line. */
  unit: z.string().min(1).optional(),
  /**
   * What the maximum is counted over: each line on its own (每次), the lines and earlier charges of
   * one day (每日), or of the visit (每次住院/就诊: this order's lines and the history dated from
   * the encounter's date on — the history does not say which stay an earlier charge belongs to).
   */
  per: z.enum(['line', 'day', 'visit']).default('day'),
});

type ConsumableQuantityRule = RuleOf<'consumable-quantity', typeof ConsumableQuantityParams>;

const EPSILON = 1e-9;

interface Counted {
  line: OrderLine;
  amount: number;
}

function gap(rule: ConsumableQuantityRule, line: OrderLine, what: string): Finding {
  return makeFinding(rule, line, {
    kind: 'data',
    severity: 'info',
    message: `${lineLabel(line)} ${what}，未核对耗材数量上限`,
    amountAtRisk: 0,
  });
}

/** How the period reads in a message: 每次, 每日, 每次住院. */
function periodText(per: ConsumableQuantityRule['params']['per'], ctx: EvalContext): string {
  if (per === 'line') return '每次';
  if (per === 'day') return '每日';
  const visit = ctx.order.encounter.visitType;
  return visit === 'inpatient' || visit === 'discharge' ? '每次住院' : '每次就诊';
}

interface Tally {
  /** The unit amounts are counted in ('' when neither the rule nor the lines give one). */
  unit: string;
  total: number;
  earlier: number;
  related: readonly Counted[];
}

function overFinding(rule: ConsumableQuantityRule, ctx: EvalContext, c: Counted, { unit, total, earlier, related }: Tally): Finding {
  const { max, per } = rule.params;
  const over = Math.min(c.amount, total - max);
  const label = lineLabel(c.line);
  const shown = (n: number) => `${formatNumber(n)}${unit}`;
  const message =
    per === 'line'
      ? `${label} 医保限每次 ${shown(max)}，本行 ${shown(c.amount)}，超出 ${shown(over)} 医保不予支付`
      : `${label} 医保限${periodText(per, ctx)} ${shown(max)}，累计 ${shown(total)}` +
        `${earlier > 0 ? `（此前已开 ${shown(earlier)}）` : ''}，超出 ${shown(over)} 医保不予支付`;
  // The fix in the line's own unit: the quantity that stays within the limit, if any is left.
  const keep = c.line.quantity !== undefined ? Math.floor((c.line.quantity * (c.amount - over)) / c.amount + EPSILON) : 0;
  const lineUnit = c.line.unit?.trim() ?? '';
  const actions: Action[] =
    keep > 0 ? [{ type: 'set-quantity', value: keep, label: `数量改为 ${keep}${lineUnit}` }, selfPayAction] : [removeLineAction, selfPayAction];
  const share = c.amount > 0 ? over / c.amount : 0;
  const amount =
    c.line.price !== undefined && c.line.quantity !== undefined ? Math.round(c.line.price * c.line.quantity * share * 100) / 100 : undefined;
  return makeFinding(rule, c.line, {
    message,
    actions,
    ...(amount !== undefined ? { amountAtRisk: amount } : {}),
    ...(related.length > 1 ? { relatedLineIds: related.map((r) => r.line.id) } : {}),
  });
}

export const consumableQuantityKind = defineOrderKind({
  kind: 'consumable-quantity',
  consequence: 'refused',
  // An unread 数量 column is not "none charged".
  needs: { fields: ['lines.quantity'], check: '耗材数量上限' },
  params: ConsumableQuantityParams,
  evaluate(rule, matched, ctx) {
    const { max, per } = rule.params;
    const findings: Finding[] = [];
    let unit = rule.params.unit;
    let unitSettled = unit !== undefined;
    const counted: Counted[] = [];
    for (const line of matched) {
      if (paidByPatient(line, ctx)) continue;
      if (line.quantity === undefined) {
        findings.push(gap(rule, line, '未填数量'));
        continue;
      }
      if (!unitSettled) {
        unit = line.unit?.trim() || undefined;
        unitSettled = true;
      }
      const amount = inUnit(line.quantity, line.unit, unit);
      if (amount === undefined) {
        findings.push(gap(rule, line, line.unit?.trim() ? `数量单位「${line.unit.trim()}」与限定单位「${unit ?? '无'}」不同` : '未填数量单位'));
        continue;
      }
      counted.push({ line, amount });
    }

    const groups = new Map<string, Counted[]>();
    for (const c of counted) {
      const key = per === 'line' ? c.line.id : per === 'day' ? dateOf(c.line, ctx) : '';
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    }
    const covers = ruleCovers(rule.match);
    const earlierCharges = (group: readonly Counted[]): number => {
      if (per === 'line') return 0;
      const dates = group.map((c) => dateOf(c.line, ctx)).sort();
      const from = per === 'day' ? dates[0]! : ctx.order.encounter.date;
      const to = dates[dates.length - 1]!;
      let sum = 0;
      for (const h of historyBetween(ctx, covers, from, to)) {
        if (h.quantity === undefined) continue;
        sum += inUnit(h.quantity, h.unit, unit) ?? 0;
      }
      return sum;
    };
    for (const group of groups.values()) {
      const history = earlierCharges(group);
      let total = history;
      for (const c of group) {
        const earlier = total;
        total += c.amount;
        if (total > max * (1 + EPSILON)) findings.push(overFinding(rule, ctx, c, { unit: unit ?? '', total, earlier, related: group }));
      }
    }
    return findings;
  },
});
