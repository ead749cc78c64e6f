import { z } from 'zod';
import { confirmSeverity, defineOrderKind } from './define';
import { lineLabel, makeFinding, removeLineAction, selfPayAction } from './finding';
import { codeSet, dateOf, paidByPatient } from './consumable-lines';
import { daysBefore } from './calendar-days';

/**
 * 医用耗材与医疗服务项目不符 (2025 list no. 84): a consumable is paid only with the 诊疗项目 it is
 * used in (一次性输液器 with 静脉输液, 小儿头皮针 with 小儿头皮静脉输液). The rule matches the
 * consumable; its params list the items, any one of which, charged the same day (or in the same
 * visit), makes the consumable's charge fit.
 *
 * An order kind: the answer depends on other lines (the items), so it runs again whenever the
 * order changes, not only when the consumable's own line does; the items are looked for in the
 * whole order, whether or not the rule matches them.
 *
 * `confirm`: the page shows one order sheet, and the item may be charged on another (the 治疗室's
 * bill, another tab of the ward's orders); the doctor confirms that, adds the item or removes the
 * consumable. Earlier charges (history) count generously — any of the items on the day, or for
 * `visit` within the pack's look-back window — since a missed item is a false alarm.
 */
const ConsumableItemParams = z.object({
  /** 医疗服务项目 codes (15 digits) the consumable goes with: one of them must be charged. */
  items: z.array(z.string().min(1)).min(1),
  /** How the items read in messages ("静脉输液"); the codes otherwise. */
  itemLabel: z.string().min(1).optional(),
  /** The item on the consumable's day (default), or anywhere in the visit. */
  within: z.enum(['day', 'visit']).default('day'),
});


function describeItems(items: readonly string[], label: string | undefined): string {
  if (label) return label;
  return items.length > 2 ? `${items.slice(0, 2).join('、')} 等项目` : `项目 ${items.join('、')}`;
}

export const consumableItemKind = defineOrderKind({
  kind: 'consumable-item',
  consequence: 'confirm',
  params: ConsumableItemParams,
  evaluate(rule, matched, ctx) {
    const { within } = rule.params;
    const items = codeSet(rule.params.items);
    const itemText = describeItems(rule.params.items, rule.params.itemLabel);
    const itemDays = new Set(ctx.lines.filter((l) => items.has(l.code)).map((l) => dateOf(l, ctx)));
    const history = (ctx.order.history ?? []).filter((h) => items.has(h.code));
    const findings = [];
    for (const line of matched) {
      // A rule may match an item as well (a code family): the item is not its own consumable.
      if (items.has(line.code) || paidByPatient(line, ctx)) continue;
      const day = dateOf(line, ctx);
      if (within === 'day' ? itemDays.has(day) : itemDays.size > 0) continue;
      const since = within === 'day' ? day : daysBefore(day, ctx.settings.historyWindowDays - 1);
      if (history.some((h) => h.date >= since && h.date <= day)) continue;
      const when = within === 'day' ? (day === ctx.date ? '当日' : `${day} 当日`) : '本次就诊';
      findings.push(
        makeFinding(rule, line, {
          severity: confirmSeverity(rule),
          message: `${lineLabel(line)} 须与${itemText}配套收费，${when}未见该项目：请补开项目或核对耗材，否则医保不予支付`,
          actions: [removeLineAction, { type: 'confirm', label: `已在其他单据收取${rule.params.itemLabel ?? '该项目'}` }, selfPayAction],
        }),
      );
    }
    return findings;
  },
});
