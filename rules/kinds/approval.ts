import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

/** Needs prior approval (特药, 高值耗材): quiet once the line carries an approval number. */
export const approvalKind = defineLineKind({
  kind: 'approval',
  consequence: 'confirm',
  needs: { fields: ['lines.approvalNo'], check: '事前审批' },
  params: z.object({ authority: z.string().optional() }),
  evaluate(rule, line) {
    if (line.approvalNo) return [];
    const by = rule.params.authority ? `（${rule.params.authority}）` : '';
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 需事前审批${by}，未见审批号，医保暂不予支付`,
        actions: [{ type: 'request-approval', label: '申请审批' }, selfPayAction],
      }),
    ];
  },
});
