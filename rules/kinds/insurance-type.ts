import { z } from 'zod';
import { InsuranceTypeSchema, type InsuranceType } from '../../contract/order';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

export const INSURANCE_ZH: Record<InsuranceType, string> = {
  employee: '职工医保',
  resident: '居民医保',
  'work-injury': '工伤保险',
  maternity: '生育保险',
  'self-pay': '自费',
  other: '其他险种',
};

/** 限工伤 / 限生育 (两库 第三批 限定保险类型). */
export const insuranceTypeKind = defineLineKind({
  kind: 'insurance-type',
  consequence: 'refused',
  params: z.object({ allowed: z.array(InsuranceTypeSchema).min(1) }),
  evaluate(rule, line, ctx) {
    const insurance = ctx.order.encounter.insuranceType;
    const allowedText = rule.params.allowed.map((v) => INSURANCE_ZH[v]).join('或');
    if (insurance === undefined) {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 限${allowedText}支付，险种未知，无法核对`,
        }),
      ];
    }
    if (rule.params.allowed.includes(insurance)) return [];
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限${allowedText}支付，患者为${INSURANCE_ZH[insurance]}，医保不予支付`,
        actions: [selfPayAction],
      }),
    ];
  },
});
