import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

/**
 * 限二线用药: payable only after first-line treatment failed or was not tolerated. No order page
 * shows that evidence, so the finding asks the doctor to confirm it (两库 第九批).
 */
export const secondLineKind = defineLineKind({
  kind: 'second-line',
  params: z.object({
    /** First-line drugs or therapies the text names, shown as a hint. */
    firstLine: z.string().optional(),
  }),
  evaluate(rule, line) {
    const hint = rule.params.firstLine ? `（一线：${rule.params.firstLine}）` : '';
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限二线用药：需有一线治疗无效或不能耐受的记录${hint}，否则医保不予支付`,
        actions: [{ type: 'confirm', label: '已有一线治疗无效/不耐受记录' }, selfPayAction],
      }),
    ];
  },
});
