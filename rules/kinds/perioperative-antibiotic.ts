import { z } from 'zod';
import type { Finding } from '../../contract/findings';
import type { Operation, OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { compactOperation } from '../data/icd9-operations';
import { compactIcd, IcdRangeSchema, inIcdRange } from '../indication/icd-code';
import { defineLineKind, type RuleOf } from './define';
import { lineLabel, makeFinding } from './finding';
import { operationLabel } from './operation-codes';
import { dayNumber, isoOfDay } from './calendar-days';

/**
 * 围手术期抗菌药物预防性应用 (2025 list no. 44): after an operation, prophylactic antibiotics are
 * given for at most 24 hours (48 for 心脏手术 and, when needed, 污染手术 — 《抗菌药物临床应用指导原则
 * （2015年版）》); a longer course is treatment, and treatment needs an infection the diagnoses
 * show. The rule judges an antibiotic line of an inpatient order against the latest operation
 * (ICD-9-CM-3 categories 01–86, 手术; 87–99 are diagnostic and therapeutic procedures) dated on
 * or before the line: the line's last day (date + days − 1) beyond the operation day plus
 * `hours` is flagged, unless a diagnosis names an infection. The page rarely shows the incision
 * class, so the 医保办 sets `hours` to the longest prophylaxis they accept (48 by default: no
 * clean-contaminated case is flagged for lasting its allowed 48 hours).
 *
 * Payable when the doctor records the infection being treated, so `confirm` (warning). No
 * operations shown, none dated, or not an inpatient order: nothing.
 */
const params = z.object({
  /** Longest prophylaxis after the operation, in hours (24 or 48 in the 指导原则). */
  hours: z.number().int().min(24).max(72).default(48),
  /** Diagnoses that make the antibiotic a treatment: ICD-10 ranges (A00–B99 某些传染病和寄生虫病 …). */
  infectionRanges: z.array(IcdRangeSchema).default(() => [{ from: 'A00', to: 'B99' }]),
  /**
   * Words in a diagnosis name that make it an infection. Wide on purpose (炎 also matches 关节炎):
   * a diagnosis read as an infection only silences the rule, never raises it.
   */
  infectionKeywords: z.array(z.string().min(1)).default(() => ['感染', '炎', '脓', '败血症', '脓毒', '坏疽', '瘘']),
});

type Rule = RuleOf<'perioperative-antibiotic', typeof params>;


/** ICD-9-CM-3 01–86 are operations; 00 (new procedures) and 87–99 are not judged here. */
function isSurgery(code: string): boolean {
  const category = Number(compactOperation(code).slice(0, 2));
  return Number.isInteger(category) && category >= 1 && category <= 86;
}

export const perioperativeAntibioticKind = defineLineKind({
  kind: 'perioperative-antibiotic',
  consequence: 'confirm',
  needs: { fields: ['encounter.operations'], check: '围手术期预防用抗菌药物疗程' },
  params,
  evaluate(rule, line, ctx) {
    if (line.kind !== 'drug' || ctx.order.encounter.visitType !== 'inpatient') return [];
    const operations = ctx.order.encounter.operations;
    if (!operations || operations.length === 0) return [];
    const start = dayNumber(line.date ?? ctx.date);
    const operation = latestOperationBy(operations, start);
    if (!operation || treatsInfection(rule, ctx)) return [];
    const lastDay = start + Math.max(1, Math.ceil(line.days ?? 1)) - 1;
    const allowedLast = operation.day + Math.floor(rule.params.hours / 24);
    if (lastDay <= allowedLast) return [];
    return [finding(rule, line, operation, start, lastDay, allowedLast)];
  },
});

interface DatedOperation {
  operation: Operation;
  day: number;
}

/** The operation the line follows: the latest surgery dated on or before the line's first day. */
function latestOperationBy(operations: readonly Operation[], day: number): DatedOperation | undefined {
  let latest: DatedOperation | undefined;
  for (const operation of operations) {
    if (!operation.date || !isSurgery(operation.code)) continue;
    const opDay = dayNumber(operation.date);
    if (!Number.isFinite(opDay) || opDay > day) continue;
    if (!latest || opDay > latest.day) latest = { operation, day: opDay };
  }
  return latest;
}

function treatsInfection(rule: Rule, ctx: EvalContext): boolean {
  const { infectionRanges, infectionKeywords } = rule.params;
  return ctx.diagnoses.some((d) => {
    const code = compactIcd(d.code);
    if (infectionRanges.some((r) => inIcdRange(code, { from: compactIcd(r.from), to: compactIcd(r.to) }))) return true;
    return d.name !== undefined && infectionKeywords.some((k) => d.name!.includes(k));
  });
}

function finding(rule: Rule, line: OrderLine, op: DatedOperation, start: number, lastDay: number, allowedLast: number): Finding {
  const { hours } = rule.params;
  const what = `${lineLabel(line)}：手术（${operationLabel(op.operation)}，${op.operation.date}）后预防用抗菌药物一般不超过 ${hours} 小时`;
  const tail = '如为治疗感染请补录感染诊断，否则医保不予支付';
  if (start > allowedLast) {
    return makeFinding(rule, line, {
      message: `${what}，本行为术后第 ${start - op.day} 天用药；${tail}`,
      actions: [{ type: 'add-diagnosis', label: '补录感染诊断' }, { type: 'remove-line', label: '停用（删除此行）' }],
    });
  }
  const days = allowedLast - start + 1;
  return makeFinding(rule, line, {
    message: `${what}，本行用至 ${isoOfDay(lastDay)}，超过术后 ${hours} 小时（至 ${isoOfDay(allowedLast)}）；请改为 ${days} 天，${tail}`,
    actions: [{ type: 'set-days', value: days, label: `改为 ${days} 天` }, { type: 'add-diagnosis', label: '补录感染诊断' }],
  });
}
