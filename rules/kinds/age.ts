import { z } from 'zod';
import type { Finding } from '../../contract/findings';
import type { OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { confirmSeverity, defineLineKind, type RuleOf } from './define';
import { lineLabel, makeFinding, removeLineAction, selfPayAction } from './finding';
import { paidByPatient } from './consumable-lines';

const AgeParamsSchema = z
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
    /** From a 禁用/慎用 list: outside the bounds the drug is contraindicated or to be used with caution. */
    use: z.enum(['contraindicated', 'caution']).optional(),
    /** With `use`: who is outside the bounds, as the message names them ("不满18岁儿童", "60岁及以上老年人"). */
    population: z.string().min(1).optional(),
  })
  .refine(
    (p) => p.group !== 'range' || [p.minYears, p.maxYears, p.minDays, p.maxDays, p.minMonths, p.maxMonths].some((v) => v !== undefined),
    { message: 'an age range needs at least one bound' },
  );

/**
 * 限年龄 / 限儿童 / 限新生儿. Bounds are inclusive: years are completed years, days are days
 * since birth. "儿童" uses the pack's childMaxAgeYears (default 17, i.e. under 18) and "新生儿"
 * its newbornMaxAgeDays (default 28) when the rule gives no explicit bound.
 *
 * With `use`, the rule comes from the hospital's 儿童禁用 / 老年人用药 list (2025 list nos. 66, 72):
 * the bounds are where the drug may be given, and outside them it is 禁用 (`contraindicated`:
 * refused, as the order's age decides it) or 慎用 (`caution`: the doctor weighs it and confirms).
 * Such a rule is a prescribing one (《医疗机构处方审核规范》第十五条: 儿童、老年人禁忌使用的药物),
 * judged on 自费 lines too, and never offers 转自费 as a way out.
 */
export const ageKind = defineLineKind({
  kind: 'age',
  consequence: (p) => (p.use === 'caution' ? 'confirm' : 'refused'),
  prescribing: (p) => p.use !== undefined,
  params: AgeParamsSchema,
  evaluate(rule, line, ctx) {
    const p = rule.params;
    const b = boundsOf(p, ctx);
    const { years, months, days } = ctx.age;
    const needDays = p.minDays !== undefined || b.maxDays !== undefined;
    const needMonths = p.minMonths !== undefined || p.maxMonths !== undefined;
    const needYears = b.minYears !== undefined || b.maxYears !== undefined;
    const unknown = (needDays && days === undefined) || (needMonths && months === undefined) || (needYears && years === undefined);
    // Most lines pass: the label and the age text are built only for a finding.
    if (!unknown && !outsideBounds(p, b, ctx)) return [];
    const label = p.label ?? describe(b.minYears, b.maxYears, p.minDays, b.maxDays);
    if (p.use !== undefined) {
      if (unknown) return [useGap(rule, line, population(p.population, label), p.use)];
      return [useFinding(rule, line, ctx, population(p.population, label), p.use, ageText(ctx, needDays, needYears, needMonths))];
    }
    if (unknown) {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 限${label}支付，患者年龄未知，无法核对`,
        }),
      ];
    }
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限${label}，患者 ${ageText(ctx, needDays, needYears, needMonths)}，医保不予支付`,
        actions: [selfPayAction, removeLineAction],
      }),
    ];
  },
});

type AgeParams = z.infer<typeof AgeParamsSchema>;

interface Bounds {
  minYears: number | undefined;
  maxYears: number | undefined;
  maxDays: number | undefined;
}

/** The rule's bounds, the 儿童 / 新生儿 / 成人 groups read with the pack's settings. */
function boundsOf(p: AgeParams, ctx: EvalContext): Bounds {
  return {
    minYears: p.minYears ?? (p.group === 'adult' ? ctx.settings.childMaxAgeYears + 1 : undefined),
    maxYears: p.maxYears ?? (p.group === 'child' ? ctx.settings.childMaxAgeYears : undefined),
    maxDays: p.maxDays ?? (p.group === 'newborn' ? ctx.settings.newbornMaxAgeDays : undefined),
  };
}

/** Whether a known age is outside the bounds (the ages a bound needs are known when this is asked). */
function outsideBounds(p: AgeParams, b: Bounds, ctx: EvalContext): boolean {
  const { years, months, days } = ctx.age;
  return (
    (b.minYears !== undefined && years! < b.minYears) ||
    (b.maxYears !== undefined && years! > b.maxYears) ||
    (p.minDays !== undefined && days! < p.minDays) ||
    (b.maxDays !== undefined && days! > b.maxDays) ||
    (p.minMonths !== undefined && months! < p.minMonths) ||
    (p.maxMonths !== undefined && months! > p.maxMonths)
  );
}

function ageText(ctx: EvalContext, needDays: boolean, needYears: boolean, needMonths: boolean): string {
  const { years, months, days } = ctx.age;
  return needDays && !needYears ? `${days} 天` : needMonths && (years ?? 0) < 2 ? `${months} 月龄` : `${years} 岁`;
}

type AgeRule = RuleOf<'age', typeof AgeParamsSchema>;
type Use = 'contraindicated' | 'caution';

const USE_ZH: Readonly<Record<Use, string>> = { contraindicated: '禁用', caution: '慎用' };

/** Who the list keeps the drug from; a rule without the words says so from its bounds. */
const population = (words: string | undefined, label: string): string => words ?? `${label}以外的患者`;

function useFinding(rule: AgeRule, line: OrderLine, ctx: EvalContext, who: string, use: Use, age: string): Finding {
  const drug = `${lineLabel(line)} ${who}${USE_ZH[use]}，患者 ${age}`;
  if (use === 'caution') {
    return makeFinding(rule, line, {
      severity: confirmSeverity(rule),
      message: `${drug}：请评估获益与风险，确需使用请确认并加强监测，或改用其他药品`,
      actions: [{ type: 'confirm', label: '已评估，确需使用' }, removeLineAction],
    });
  }
  return makeFinding(rule, line, {
    message: `${drug}：请改用其他药品${paidByPatient(line, ctx) ? '' : '，医保不予支付'}`,
    actions: [{ type: 'remove-line', label: '删除此行，改用其他药品' }],
  });
}

function useGap(rule: AgeRule, line: OrderLine, who: string, use: Use): Finding {
  return makeFinding(rule, line, {
    kind: 'data',
    severity: 'info',
    message: `${lineLabel(line)} ${who}${USE_ZH[use]}，患者年龄未知，未核对`,
    amountAtRisk: 0,
  });
}

function describe(minYears?: number, maxYears?: number, minDays?: number, maxDays?: number): string {
  if (maxDays !== undefined && minDays === undefined) return `出生 ${maxDays} 天内`;
  if (minYears !== undefined && maxYears !== undefined) return `${minYears}至${maxYears}岁`;
  if (maxYears !== undefined) return `${maxYears}岁及以下`;
  if (minYears !== undefined) return `${minYears}岁及以上`;
  return '特定年龄';
}
