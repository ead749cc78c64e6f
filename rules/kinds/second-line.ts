import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

/**
 * 限二线用药: payable only after first-line treatment failed or was not tolerated. When the text
 * names the first-line drugs and the history shows one of them, that is the evidence; otherwise
 * the finding asks the doctor to confirm it (两库 第九批).
 */
export const secondLineKind = defineLineKind({
  kind: 'second-line',
  consequence: 'confirm',
  params: z.object({
    /** First-line drugs or therapies the text names, shown as a hint. */
    firstLine: z.string().optional(),
    /**
     * National-code prefixes of the first-line drugs the text names (XA10BA = 双胍类): one of
     * them in the patient's history shows first-line treatment was given.
     */
    firstLinePrefixes: z.array(z.string().min(2)).optional(),
  }),
  evaluate(rule, line, ctx) {
    const prefixes = rule.params.firstLinePrefixes ?? [];
    // The drug itself (same 12-character catalogue key) is not its own first line.
    const own = line.code.slice(0, 12);
    const treated = prefixes.length > 0 && (ctx.order.history ?? []).some((h) => !h.code.startsWith(own) && prefixes.some((p) => h.code.startsWith(p)));
    if (treated) return [];
    const hint = rule.params.firstLine ? `（一线：${rule.params.firstLine}）` : '';
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限二线用药：需有一线治疗无效或不能耐受的记录${hint}，否则医保不予支付`,
        actions: [{ type: 'confirm', label: '已有一线治疗无效/不耐受记录' }, selfPayAction],
      }),
    ];
  },
});
