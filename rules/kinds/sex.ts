import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, removeLineAction, selfPayAction } from './finding';

const SEX_ZH = { M: '男性', F: '女性' } as const;

/** 限性别: the item is paid only for one sex (两库 第一批 限定性别对象). */
export const sexKind = defineLineKind({
  kind: 'sex',
  consequence: 'refused',
  needs: { fields: ['patient.sex'], check: '限定性别' },
  params: z.object({ allowed: z.enum(['M', 'F']) }),
  evaluate(rule, line, ctx) {
    const sex = ctx.order.patient.sex;
    const allowed = rule.params.allowed;
    if (sex === undefined || sex === 'U') {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 限${SEX_ZH[allowed]}支付，患者性别未知，无法核对`,
        }),
      ];
    }
    if (sex === allowed) return [];
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限${SEX_ZH[allowed]}使用，患者为${SEX_ZH[sex]}，医保不予支付`,
        actions: [selfPayAction, removeLineAction],
      }),
    ];
  },
});
