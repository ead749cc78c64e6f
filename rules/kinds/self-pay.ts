import { z } from 'zod';
import { defineOrderKind } from './define';
import { lineLabel, makeFinding, removeLineAction } from './finding';

/**
 * 目录外 / 不予支付 reminders: the patient must be told and consent to pay. `sole-use` covers
 * 中药饮片 that are not paid when used alone or when a prescription consists only of them
 * (两库 第十一批): it fires only when every line of the same family (code prefix) is listed.
 */
export const selfPayKind = defineOrderKind({
  kind: 'self-pay',
  consequence: 'refused',
  needs: { fields: ['lines.selfPay'], check: '自费告知' },
  params: z.object({
    condition: z.enum(['always', 'sole-use']).default('always'),
    /** With sole-use: the code prefix of the family the prescription is judged within (T = 中药饮片). */
    familyPrefix: z.string().default('T'),
  }),
  evaluate(rule, matched, ctx) {
    const unpaid = matched.filter((l) => !l.selfPay);
    if (unpaid.length === 0) return [];
    if (rule.params.condition === 'sole-use') {
      const family = ctx.lines.filter((l) => l.code.startsWith(rule.params.familyPrefix));
      const matchedIds = new Set(matched.map((l) => l.id));
      if (family.some((l) => !matchedIds.has(l.id))) return [];
    }
    const consent = { type: 'mark-self-pay' as const, label: '转自费并告知患者' };
    return unpaid.map((line) =>
      makeFinding(rule, line, {
        message:
          rule.params.condition === 'sole-use'
            ? `${lineLabel(line)} 单独使用或全部由此类饮片组成的处方，统筹基金不予支付，需自费告知`
            : `${lineLabel(line)} 医保不予支付，需自费告知并取得患者同意`,
        actions: [consent, removeLineAction],
      }),
    );
  },
});
