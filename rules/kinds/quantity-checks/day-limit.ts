import type { Action, Finding } from '../../../contract/findings';
import type { OrderLine } from '../../../contract/order';
import type { EvalContext } from '../../engine/context';
import { confirmSeverity } from '../define';
import { lineLabel, makeFinding, selfPayAction, setBases } from '../finding';
import type { DataGaps } from './gaps';
import { neededDays } from './line-data';
import type { QuantityRule } from './params';
import { controlledClassOf } from '../../data/controlled-drugs';
import { ARTICLE_19, prescriptionLimit, type LawLimit } from './prescription-law';

/** Days over the 处方管理办法 limit or the drug's own 医保 limit; a hard limit is reported first. */
export function checkDays(rule: QuantityRule, line: OrderLine, ctx: EvalContext, gaps: DataGaps): Finding[] {
  const { dayLimits, maxDays } = rule.params;
  if (!dayLimits && maxDays === undefined) return [];
  const visitType = ctx.order.encounter.visitType;
  if (dayLimits && visitType === undefined) gaps.add('就诊类型未知', '处方天数');
  // 住院 orders have no prescription limit; only a limit makes the days worth asking for.
  const lawApplies = dayLimits === true && visitType !== undefined && visitType !== 'inpatient';
  if (!lawApplies && maxDays === undefined) return [];
  const days = neededDays(line);
  if (!days.ok) {
    // A 住院 长期医嘱 has no days until it is stopped; its 医保 day limit is a course over the stay.
    if (visitType === 'inpatient') return [];
    gaps.add(days.gap, '处方天数');
    return [];
  }
  if (maxDays !== undefined && days.value > maxDays) return [overPaymentLimit(rule, line, days.value, maxDays)];
  // Most lines are within the general limit, which no exception lowers: the chronic-disease and
  // 长期处方 facts are looked up only for a line over it (or a 麻醉/精一 drug, whose limit is lower).
  if (!lawApplies || days.value <= generalLimitFloor(line, ctx)) return [];
  const law = prescriptionLimit(line, ctx.order.encounter, ctx.settings, ctx.certifiedChronic);
  if (law !== 'none' && law !== 'unknown' && days.value > law.days) return [overLawLimit(rule, line, days.value, law)];
  return [];
}

/**
 * Days up to which a line is within its 处方管理办法 limit whatever else the order says: the
 * 门急诊 (or 第二十二条) limit, which chronic disease and 长期处方 only raise; 0 for 麻醉药品 and
 * 第一类精神药品, whose limits by dosage form may be lower.
 */
function generalLimitFloor(line: OrderLine, ctx: EvalContext): number {
  const limits = ctx.settings.dayLimits;
  const visitType = ctx.order.encounter.visitType;
  if (visitType === 'discharge') return limits.discharge;
  const cls = controlledClassOf(line.name);
  if (cls === 'narcotic' || cls === 'psychotropic-1') return 0;
  if (visitType === 'emergency') return limits.emergency;
  return Math.min(limits.outpatient, cls ? ctx.settings.controlledDrugLimits.psychotropic2 : Infinity);
}

/** The share of the line's amount beyond the limit: what 医保 would not pay. */
function amountBeyond(line: OrderLine, days: number, limit: number): number | undefined {
  if (line.price === undefined || line.quantity === undefined) return undefined;
  return Math.round(((line.price * line.quantity * (days - limit)) / days) * 100) / 100;
}

function setDays(days: number): Action {
  return { type: 'set-days', value: days, label: `改为 ${days} 天` };
}

function overPaymentLimit(rule: QuantityRule, line: OrderLine, days: number, maxDays: number): Finding {
  const amount = amountBeyond(line, days, maxDays);
  return makeFinding(rule, line, {
    message: `${lineLabel(line)} 医保限每次开具不超过 ${maxDays} 天，本次 ${days} 天，超出 ${days - maxDays} 天医保不予支付`,
    actions: [setDays(maxDays), selfPayAction],
    ...(amount !== undefined ? { amountAtRisk: amount } : {}),
  });
}

function overLawLimit(rule: QuantityRule, line: OrderLine, days: number, law: LawLimit): Finding {
  const head = `${lineLabel(line)} ${law.label} ${days} 天，超过 ${law.days} 天`;
  const ext = law.extendable;
  if (ext && days <= ext.upTo) {
    return citing(law, makeFinding(rule, line, {
      severity: confirmSeverity(rule),
      message: `${head}：${ext.why}`,
      // The fix first: Enter in the review applies it, and an attestation should never be one keystroke.
      actions: [setDays(law.days), { type: 'confirm', label: ext.confirm }, selfPayAction],
      ...(law.articleText ? { detail: law.articleText } : {}),
    }));
  }
  const amount = amountBeyond(line, days, law.days);
  const over = days - law.days;
  const tail = ext ? `（慢性病注明理由最多 ${ext.upTo} 天）` : law.hint ? `（${law.hint}）` : '';
  return citing(law, makeFinding(rule, line, {
    message: `${head}上限，超出 ${over} 天医保不予支付${tail}`,
    actions: [setDays(ext && days > ext.upTo ? ext.upTo : law.days), selfPayAction],
    ...(law.articleText ? { detail: law.articleText } : {}),
    ...(amount !== undefined ? { amountAtRisk: amount } : {}),
  }));
}

/** A limit from another article than the rule's own (第十九条) names that article as the 依据. */
function citing(law: LawLimit, finding: Finding): Finding {
  if (law.article !== ARTICLE_19) setBases(finding, [law.article]);
  return finding;
}
