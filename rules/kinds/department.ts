import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

/** 限科室 / 专科: the ordering department's name must contain one of the keywords (急诊, 营养, 精神, 心理 …). */
export const departmentKind = defineLineKind({
  kind: 'department',
  consequence: 'confirm',
  params: z.object({ keywords: z.array(z.string().min(1)).min(1) }),
  evaluate(rule, line, ctx) {
    const department = ctx.order.encounter.department;
    const allowedText = rule.params.keywords.join('/');
    if (!department) {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 限${allowedText}专科使用，开单科室未知，无法核对`,
        }),
      ];
    }
    if (rule.params.keywords.some((k) => department.includes(k))) return [];
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限${allowedText}专科使用，本科室（${department}）开具医保不予支付`,
        actions: [selfPayAction],
      }),
    ];
  },
});
