import { z } from 'zod';
import { confirmSeverity, defineOrderKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';
import { inDrugSet, lineDate, paidByPatient } from './drug-lines';

/**
 * 药品与医疗服务项目不符 (2025 list no. 64): a drug of the hospital's list is paid only with one of
 * the 诊疗项目 it is given with — an injection with 静脉注射 or 静脉输液, a nebulised drug with
 * 雾化吸入 — charged the same day. The rule matches the drug; the items are looked for among the
 * order's lines of that day and the history of that day, whether or not the rule matches them.
 *
 * An order kind: the answer depends on other lines (the items), so it runs again whenever the
 * order changes, not only when the drug's own line does.
 *
 * Judged only on an order that shows 诊疗项目 at all (item lines, or item codes among its
 * history): most order pages list drugs alone, and there a missing item is unknown, not absent —
 * no finding rather than a false alarm on every injection.
 *
 * `confirm`: the item is often charged on another sheet (the 治疗室's or the ward's nursing bill)
 * the page does not show; the doctor confirms that, or adds the item. A payment rule: a 自费 line
 * is left alone.
 */
const params = z
  .object({
    /** 医疗服务项目 codes (15 digits): one of them must be charged that day. */
    items: z.array(z.string().min(1)).default([]),
    /** …or an item whose code starts with one of these. */
    itemPrefixes: z.array(z.string().min(1)).default([]),
    /** How the items read in messages ("静脉注射或静脉输液"). */
    itemLabel: z.string().min(1),
  })
  .refine((p) => p.items.length + p.itemPrefixes.length > 0, { message: 'a drug–item rule needs item codes or prefixes' });

/** A 医疗服务项目 code (history entries carry no line kind). */
const ITEM_CODE = /^\d{15}$/;

export const drugItemKind = defineOrderKind({
  kind: 'drug-item',
  consequence: 'confirm',
  params,
  evaluate(rule, matched, ctx) {
    const history = ctx.order.history ?? [];
    if (!ctx.lines.some((l) => l.kind === 'item') && !history.some((h) => ITEM_CODE.test(h.code))) return [];
    const items = { codes: rule.params.items, prefixes: rule.params.itemPrefixes };
    const itemDays = new Set(ctx.lines.filter((l) => l.kind !== 'drug' && inDrugSet(items, l.code)).map((l) => lineDate(l, ctx)));
    for (const h of history) if (inDrugSet(items, h.code)) itemDays.add(h.date);
    const findings = [];
    for (const line of matched) {
      if (line.kind !== 'drug' || paidByPatient(line, ctx)) continue;
      const day = lineDate(line, ctx);
      if (itemDays.has(day)) continue;
      const when = day === ctx.date ? '当日' : `${day} 当日`;
      findings.push(
        makeFinding(rule, line, {
          severity: confirmSeverity(rule),
          message: `${lineLabel(line)} 须与${rule.params.itemLabel}项目同日收费，${when}未见该项目：请补开项目或核对给药途径，否则医保不予支付`,
          actions: [{ type: 'confirm', label: `已在其他单据收取${rule.params.itemLabel}` }, { type: 'remove-line', label: '删除此行' }, selfPayAction],
        }),
      );
    }
    return findings;
  },
});
