import type { Finding } from '../../../contract/findings';
import type { Encounter, OrderLine } from '../../../contract/order';
import type { EvalContext } from '../../engine/context';
import type { PackSettings } from '../../pack/settings';
import { chronicAllowanceCovers } from '../../data/chronic-drug-classes';
import { lineLabel, makeFinding, selfPayAction } from '../finding';
import type { DataGaps } from './gaps';
import { neededDays } from './line-data';
import type { QuantityRule } from './params';

export interface DayLimit {
  readonly days: number;
  /** How the limit is named to the doctor: 门诊处方, 急诊处方, 长期处方 … */
  readonly label: string;
}

/**
 * The 处方管理办法 limit for the encounter: 门诊 7 and 急诊 3 days; a certified chronic condition
 * or a declared 长期处方 lengthens an outpatient prescription (the longer of the limits that
 * apply wins, since each is an allowance); 出院带药 follows local policy; 住院 orders have none.
 * `undefined` visit type → 'unknown', inpatient → 'none'. The chronic allowance covers only drugs
 * of the certified conditions' classes (rules/data/chronic-drug-classes.ts) when `line` is given.
 */
export function visitDayLimit(encounter: Encounter, limits: PackSettings['dayLimits'], line?: OrderLine): DayLimit | 'none' | 'unknown' {
  switch (encounter.visitType) {
    case undefined:
      return 'unknown';
    case 'inpatient':
      return 'none';
    case 'emergency':
      return { days: limits.emergency, label: '急诊处方' };
    case 'discharge':
      return { days: limits.discharge, label: '出院带药' };
    case 'outpatient': {
      let limit: DayLimit = { days: limits.outpatient, label: '门诊处方' };
      const chronic = encounter.chronicConditions ?? [];
      if (chronic.length > 0 && limits.chronic > limit.days && (line === undefined || chronicAllowanceCovers(chronic, line.code) !== false)) {
        limit = { days: limits.chronic, label: '门诊慢病处方' };
      }
      if (encounter.longTermPrescription && limits.longTerm > limit.days) limit = { days: limits.longTerm, label: '长期处方' };
      return limit;
    }
  }
}

/** Days over the visit-type limit or the drug's own limit; the stricter limit is reported. */
export function checkDays(rule: QuantityRule, line: OrderLine, ctx: EvalContext, gaps: DataGaps): Finding[] {
  const { dayLimits, maxDays } = rule.params;
  if (!dayLimits && maxDays === undefined) return [];
  const limits: DayLimit[] = [];
  if (dayLimits) {
    const visit = visitDayLimit(ctx.order.encounter, ctx.settings.dayLimits, line);
    if (visit === 'unknown') gaps.add('就诊类型未知', '处方天数');
    else if (visit !== 'none') limits.push(visit);
  }
  if (maxDays !== undefined) limits.push({ days: maxDays, label: '医保限定' });
  // Only a limit makes the days worth asking for (住院 orders have none).
  if (limits.length === 0) return [];
  const days = neededDays(line);
  if (!days.ok) {
    gaps.add(days.gap, '处方天数');
    return [];
  }
  const strictest = limits.reduce<DayLimit | undefined>((a, b) => (a === undefined || b.days < a.days ? b : a), undefined);
  if (!strictest || days.value <= strictest.days) return [];

  const over = days.value - strictest.days;
  const message =
    strictest.label === '医保限定'
      ? `${lineLabel(line)} 医保限每次开具不超过 ${strictest.days} 天，本次 ${days.value} 天，超出 ${over} 天医保不予支付`
      : `${lineLabel(line)} ${strictest.label} ${days.value} 天，超过 ${strictest.days} 天上限，超出 ${over} 天医保不予支付`;
  const amount =
    line.price !== undefined && line.quantity !== undefined
      ? Math.round(((line.price * line.quantity * over) / days.value) * 100) / 100
      : undefined;
  return [
    makeFinding(rule, line, {
      message,
      actions: [{ type: 'set-days', value: strictest.days, label: `改为 ${strictest.days} 天` }, selfPayAction],
      ...(amount !== undefined ? { amountAtRisk: amount } : {}),
    }),
  ];
}
