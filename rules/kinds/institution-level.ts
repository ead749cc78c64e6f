import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

const LEVEL_ZH = { 1: '一级', 2: '二级', 3: '三级' } as const;

/** 限医疗机构级别: "限二级及以上医疗机构" → minLevel 2. The hospital's level comes from the order. */
export const institutionLevelKind = defineLineKind({
  kind: 'institution-level',
  consequence: 'refused',
  params: z.object({ minLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]) }),
  evaluate(rule, line, ctx) {
    const level = ctx.order.encounter.institutionLevel;
    const min = rule.params.minLevel;
    if (level === undefined) {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 限${LEVEL_ZH[min]}及以上医疗机构，本院级别未配置，无法核对`,
        }),
      ];
    }
    if (level >= min) return [];
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限${LEVEL_ZH[min]}及以上医疗机构使用，本院为${LEVEL_ZH[level]}，医保不予支付`,
        actions: [selfPayAction],
      }),
    ];
  },
});
