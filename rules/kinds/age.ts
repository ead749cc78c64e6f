import { z } from 'zod';
import { defineLineKind } from './define';
import { lineLabel, makeFinding, removeLineAction, selfPayAction } from './finding';

/**
 * 限年龄 / 限儿童 / 限新生儿. Bounds are inclusive: years are completed years, days are days
 * since birth. "儿童" uses the pack's childMaxAgeYears (default 17, i.e. under 18) and "新生儿"
 * its newbornMaxAgeDays (default 28) when the rule gives no explicit bound.
 */
export const ageKind = defineLineKind({
  kind: 'age',
  consequence: 'refused',
  params: z
    .object({
      group: z.enum(['child', 'newborn', 'adult', 'range']).default('range'),
      minYears: z.number().nonnegative().optional(),
      maxYears: z.number().nonnegative().optional(),
      minDays: z.number().int().nonnegative().optional(),
      maxDays: z.number().int().nonnegative().optional(),
      /** 月龄: completed months since birth, inclusive. */
      minMonths: z.number().int().nonnegative().optional(),
      maxMonths: z.number().int().nonnegative().optional(),
      /** How the limit reads in the message, e.g. "儿童", "2至11岁". */
      label: z.string().optional(),
    })
    .refine(
      (p) => p.group !== 'range' || [p.minYears, p.maxYears, p.minDays, p.maxDays, p.minMonths, p.maxMonths].some((v) => v !== undefined),
      { message: 'an age range needs at least one bound' },
    ),
  evaluate(rule, line, ctx) {
    const p = rule.params;
    const maxYears = p.maxYears ?? (p.group === 'child' ? ctx.settings.childMaxAgeYears : undefined);
    const maxDays = p.maxDays ?? (p.group === 'newborn' ? ctx.settings.newbornMaxAgeDays : undefined);
    const minYears = p.minYears ?? (p.group === 'adult' ? ctx.settings.childMaxAgeYears + 1 : undefined);
    const label = p.label ?? describe(minYears, maxYears, p.minDays, maxDays);
    const { years, months, days } = ctx.age;

    const needDays = p.minDays !== undefined || maxDays !== undefined;
    const needMonths = p.minMonths !== undefined || p.maxMonths !== undefined;
    const needYears = minYears !== undefined || maxYears !== undefined;
    if ((needDays && days === undefined) || (needMonths && months === undefined) || (needYears && years === undefined)) {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 限${label}支付，患者年龄未知，无法核对`,
        }),
      ];
    }
    const outside =
      (minYears !== undefined && years! < minYears) ||
      (maxYears !== undefined && years! > maxYears) ||
      (p.minDays !== undefined && days! < p.minDays) ||
      (maxDays !== undefined && days! > maxDays) ||
      (p.minMonths !== undefined && months! < p.minMonths) ||
      (p.maxMonths !== undefined && months! > p.maxMonths);
    if (!outside) return [];
    const ageText = needDays && !needYears ? `${days} 天` : needMonths && (years ?? 0) < 2 ? `${months} 月龄` : `${years} 岁`;
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限${label}，患者 ${ageText}，医保不予支付`,
        actions: [selfPayAction, removeLineAction],
      }),
    ];
  },
});

function describe(minYears?: number, maxYears?: number, minDays?: number, maxDays?: number): string {
  if (maxDays !== undefined && minDays === undefined) return `出生 ${maxDays} 天内`;
  if (minYears !== undefined && maxYears !== undefined) return `${minYears}至${maxYears}岁`;
  if (maxYears !== undefined) return `${maxYears}岁及以下`;
  if (minYears !== undefined) return `${minYears}岁及以上`;
  return '特定年龄';
}
