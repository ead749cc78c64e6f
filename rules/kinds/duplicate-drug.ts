import { z } from 'zod';
import type { Finding } from '../../contract/findings';
import type { HistoryEntry, OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { confirmSeverity, defineOrderKind, type RuleOf } from './define';
import { lineLabel, makeFinding, removeLineAction } from './finding';
import { paidByPatient } from './consumable-lines';
import { dayNumber, isoOfDay } from './calendar-days';

/**
 * The national drug code carries the ATC class and the 通用名 in fixed places: 西药 (X, 23 chars)
 * = X + ATC level 4 (5 chars) + 通用名 (4 chars) + 剂型 …; 中成药 (Z, 20 chars) = Z + class (5) + 名称 (5) ….
 * Two lines sharing the ingredient segment are the same medicine in another form or strength.
 */
export function ingredientKey(code: string): string | undefined {
  if (code.startsWith('X') && code.length >= 10) return code.slice(0, 10);
  if (code.startsWith('Z') && code.length >= 11) return code.slice(0, 11);
  return undefined;
}

export function atcClassKey(code: string): string | undefined {
  return code.startsWith('X') && code.length >= 6 ? code.slice(1, 6) : undefined;
}

/** What makes two drugs one for this rule: the ingredient, or the listed ATC class both fall in. */
function duplicateKey(params: { by: 'ingredient' | 'class'; classes?: string[] | undefined }, code: string): string | undefined {
  if (params.by === 'ingredient') return ingredientKey(code);
  const atc = atcClassKey(code);
  if (!atc) return undefined;
  return params.classes?.find((c) => atc.startsWith(c));
}

const params = z.object({
  by: z.enum(['ingredient', 'class']).default('ingredient'),
  /** With by = class: the ATC level-4 classes (e.g. A02BC 质子泵抑制剂) in which two drugs are a duplicate. */
  classes: z.array(z.string().min(1)).optional(),
  /** How the class reads in the message, e.g. "质子泵抑制剂". */
  classLabel: z.string().optional(),
  /**
   * Set: an earlier prescription in the page's history whose supply (date + days) has not run out
   * is a duplicate too, unless no more than this many days of it are left (a refill that early is
   * the usual 续方; local 医保 practice differs, so the 医保办 sets it). Absent: this order only.
   */
  refillDays: z.number().int().nonnegative().max(30).optional(),
});

type Rule = RuleOf<'duplicate-drug', typeof params>;

/**
 * 重复开药: the same ingredient (or, with `classes`, the same ATC class) twice in one order, or
 * (with `refillDays`) while an earlier prescription of it still supplies the patient.
 */
export const duplicateDrugKind = defineOrderKind({
  kind: 'duplicate-drug',
  consequence: 'confirm',
  params,
  evaluate(rule, matched, ctx) {
    // The first line of each drug, and the groups only for drugs met twice: most orders have none.
    const first = new Map<string, OrderLine>();
    let groups: Map<string, OrderLine[]> | undefined;
    const findings: Finding[] = [];
    const supplies = rule.params.refillDays === undefined ? undefined : takeHomeSupplies(rule, ctx);
    for (const line of matched) {
      if (line.kind !== 'drug') continue;
      const key = duplicateKey(rule.params, line.code);
      if (!key) continue;
      const supply = supplies ? stillSupplied(rule, line, key, ctx, supplies) : undefined;
      if (supply) findings.push(supply);
      const earlier = first.get(key);
      if (!earlier) first.set(key, line);
      else {
        groups ??= new Map();
        const group = groups.get(key);
        if (group) group.push(line);
        else groups.set(key, [earlier, line]);
      }
    }
    // In the order the drugs first appear on the page.
    for (const key of groups ? first.keys() : []) {
      const group = groups!.get(key);
      if (!group) continue;
      const [head, ...rest] = group as [OrderLine, ...OrderLine[]];
      const what = rule.params.by === 'ingredient' ? '同一成分' : `同类（${rule.params.classLabel ?? '同一药理分类'}）`;
      for (const line of rest) {
        findings.push(
          makeFinding(rule, line, {
            // Named by drug, not by line id: a page's row ids (jqg3) are not the 序号 the doctor sees.
            message: `${lineLabel(line)} 与 ${lineLabel(head)} 为${what}药品，重复开药${paidByPatient(line, ctx) ? '' : '医保不予支付'}`,
            actions: [removeLineAction],
            relatedLineIds: group.map((l) => l.id),
          }),
        );
      }
    }
    return findings;
  },
});

/**
 * The history's take-home prescriptions by what makes them one drug for the rule, read once per
 * order rather than once per line. Only take-home supply counts (an inpatient day's dose is given
 * on the ward, not kept), and only for a take-home order; an entry without days says nothing about
 * supply. Undefined when nothing in the history can be a duplicate.
 */
function takeHomeSupplies(rule: Rule, ctx: EvalContext): Map<string, HistoryEntry[]> | undefined {
  const history = ctx.order.history;
  if (!history || history.length === 0 || ctx.order.encounter.visitType === 'inpatient') return undefined;
  let byKey: Map<string, HistoryEntry[]> | undefined;
  for (const h of history) {
    if (h.visitType === 'inpatient' || h.days === undefined || h.days < 1) continue;
    const key = duplicateKey(rule.params, h.code);
    if (!key) continue;
    byKey ??= new Map();
    const entries = byKey.get(key);
    if (entries) entries.push(h);
    else byKey.set(key, [h]);
  }
  return byKey;
}

/**
 * The earlier prescription of the same drug whose supply lasts longest past this line's date,
 * as a finding when more than `refillDays` of it are left. An entry dated the line's own day may
 * be this very order already saved and shown back, and a same-day duplicate on the order is
 * caught above.
 */
function stillSupplied(
  rule: Rule,
  line: OrderLine,
  key: string,
  ctx: EvalContext,
  supplies: ReadonlyMap<string, readonly HistoryEntry[]>,
): Finding | undefined {
  const entries = supplies.get(key);
  if (!entries) return undefined;
  const today = dayNumber(line.date ?? ctx.date);
  let latest: { entry: HistoryEntry; lastDay: number } | undefined;
  for (const h of entries) {
    const start = dayNumber(h.date);
    if (!(start < today)) continue;
    const lastDay = start + Math.ceil(h.days!) - 1;
    if (!latest || lastDay > latest.lastDay) latest = { entry: h, lastDay };
  }
  if (!latest) return undefined;
  const left = latest.lastDay - today + 1;
  if (left <= (rule.params.refillDays ?? 0)) return undefined;
  const what = rule.params.by === 'ingredient' ? '同成分药品' : `${rule.params.classLabel ?? '同类药品'}`;
  const { entry } = latest;
  return makeFinding(rule, line, {
    severity: confirmSeverity(rule),
    message:
      `${lineLabel(line)}：${entry.date} 已开${what}（${entry.code}）${entry.days} 天量，可用至 ${isoOfDay(latest.lastDay)}，` +
      `尚余 ${left} 天，提前续开属重复开药${paidByPatient(line, ctx) ? '' : '，医保不予支付'}`,
    actions: [removeLineAction, { type: 'confirm', label: '前次药品已停用（换药或调整剂量）' }],
    relatedLineIds: [line.id],
  });
}
