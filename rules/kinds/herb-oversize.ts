import { z } from 'zod';
import type { Action } from '../../contract/findings';
import type { Encounter, OrderLine } from '../../contract/order';
import type { PackSettings } from '../pack/settings';
import { formatNumber } from '../parse/units';
import { isCertifiedChronicVisit } from './certified-chronic';
import { gramsPerDose } from './herb-grams';
import { defineOrderKind } from './define';
import { lineLabel, makeFinding } from './finding';

/**
 * 中药饮片超大处方 (2025 list no. 76): one 饮片 prescription larger than the pack's
 * `herbalPrescription` settings allow — more 味 (distinct 饮片), a heavier 剂 (the sum of the
 * lines' 剂量, each the herb's weight in one 剂 as a 饮片 prescription writes it), or more 付 than
 * the visit allows. The rule matches the 饮片 lines (national codes T…); lines are one prescription
 * unless they carry 处方号s (`prescription`), as for 药品种类超标.
 *
 * 付数: one 剂 is one day's 用量, so the 付数 is the lines' `days` (the largest, should they differ);
 * the limit follows 处方管理办法第十九条 through the pack's day limits unless the settings give one
 * for 饮片. 住院 orders have none. A line without 剂量 or 付数 adds nothing: the other lines are
 * still judged, and an ordinary prescription is never flagged for what the page left out.
 *
 * One finding per prescription naming every limit exceeded, so the doctor sees one problem with
 * its numbers. It sits on the first 味 over the limit, else on the heaviest 味, else on the first
 * line. `confirm`: 处方管理办法 lets the prescriber go beyond 一般 limits for a stated reason (注明
 * 理由), which the page cannot show.
 */
export const herbOversizeKind = defineOrderKind({
  kind: 'herb-oversize',
  consequence: 'confirm',
  params: z.object({
    /**
     * Code prefixes of the 饮片 lines (T = 中药饮片): a rule matched by line kind alone (the local
     * rules template's 项目类别 药品) still counts only these.
     */
    herbPrefixes: z.array(z.string().min(1)).min(1).default(['T']),
  }),
  evaluate(rule, matched, ctx) {
    const limits = ctx.settings.herbalPrescription;
    const dosesLimit = dosesLimitFor(ctx.order.encounter, ctx.settings);
    const findings = [];
    const herbs = matched.filter((l) => rule.params.herbPrefixes.some((p) => l.code.startsWith(p)));
    for (const lines of byPrescription(herbs)) {
      const size = measure(lines, ctx.unread);
      const overHerbs = size.herbs > limits.maxHerbs ? size.firstOverHerbs(limits.maxHerbs) : undefined;
      const overWeight = size.grams > limits.maxGramsPerDose + EPSILON ? size.heaviest : undefined;
      const overDoses = dosesLimit !== undefined && size.doses !== undefined && size.doses > dosesLimit.doses ? size.doses : undefined;
      if (!overHerbs && !overWeight && overDoses === undefined) continue;

      const parts: string[] = [];
      const fixes: string[] = [];
      if (overHerbs) parts.push(`共 ${size.herbs} 味（上限 ${limits.maxHerbs} 味）`);
      if (overWeight) {
        parts.push(`每剂 ${formatNumber(size.grams)}g（上限 ${formatNumber(limits.maxGramsPerDose)}g，${lineLabel(overWeight.line)} ${formatNumber(overWeight.grams)}g 最重）`);
      }
      if (overHerbs) fixes.push('精简药味');
      if (overWeight) fixes.push('核减剂量');
      const actions: Action[] = [];
      if (overDoses !== undefined) {
        parts.push(`开 ${overDoses} 付（${dosesLimit!.label}上限 ${dosesLimit!.doses} 付）`);
        fixes.push(`改为 ${dosesLimit!.doses} 付`);
        actions.push({ type: 'set-days', value: dosesLimit!.doses, label: `改为 ${dosesLimit!.doses} 付` });
      }
      actions.push({ type: 'confirm', label: '已在处方注明理由' });
      const at = overHerbs ?? overWeight?.line ?? lines[0]!;
      findings.push(
        makeFinding(rule, at, {
          message: `本张饮片处方${parts.join('、')}，属中药饮片超大处方：请${fixes.join('、')}，确有需要须注明理由`,
          actions,
          // Marked: the herbs beyond the 味数 limit, else only the line the finding sits on; 付数 and
          // weight belong to the whole prescription, and a marker on every 味 would be noise.
          ...(overHerbs ? { relatedLineIds: lines.slice(lines.indexOf(overHerbs)).map((l) => l.id) } : {}),
          amountAtRisk: overDoses !== undefined ? amountBeyond(lines, overDoses, dosesLimit!.doses) : 0,
        }),
      );
    }
    return findings;
  },
});

/** Rounding of weights typed as 0.1 + 0.2 must not tip a prescription over its limit. */
const EPSILON = 1e-6;

function byPrescription(lines: readonly OrderLine[]): OrderLine[][] {
  const groups = new Map<string, OrderLine[]>();
  for (const line of lines) {
    const key = line.prescription ?? '';
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  return [...groups.values()];
}

interface Size {
  /** 味数: distinct codes (the same 饮片 written twice is one 味). */
  herbs: number;
  firstOverHerbs(limit: number): OrderLine | undefined;
  /** Weight of one 剂 from the lines that state it. */
  grams: number;
  heaviest: { line: OrderLine; grams: number } | undefined;
  /** 付数, from the lines that state it. */
  doses: number | undefined;
}

/** `unread`: a line whose unit column the page did not read adds no weight (herb-grams.ts). */
function measure(lines: readonly OrderLine[], unread: ReadonlySet<string> | undefined): Size {
  const firstOfCode: OrderLine[] = [];
  const seen = new Set<string>();
  let grams = 0;
  let heaviest: Size['heaviest'];
  let doses: number | undefined;
  for (const line of lines) {
    if (!seen.has(line.code)) {
      seen.add(line.code);
      firstOfCode.push(line);
    }
    const weight = gramsPerDose(line, unread);
    if (weight?.ok) {
      const g = weight.grams;
      grams += g;
      if (!heaviest || g > heaviest.grams) heaviest = { line, grams: g };
    }
    if (line.days !== undefined && line.days > 0) doses = Math.max(doses ?? 0, line.days);
  }
  return { herbs: firstOfCode.length, firstOverHerbs: (limit) => firstOfCode[limit], grams, heaviest, doses };
}

interface DosesLimit {
  doses: number;
  /** How the limit is named: 门诊, 急诊, 门诊慢特病, 出院带药. */
  label: string;
}

/** The 付数 a visit allows: the 饮片 setting, else the pack's day limit (one 剂 a day). */
export function dosesLimitFor(encounter: Encounter, settings: PackSettings): DosesLimit | undefined {
  const own = settings.herbalPrescription.maxDoses;
  const days = settings.dayLimits;
  switch (encounter.visitType) {
    case 'outpatient': {
      const base = own.outpatient ?? days.outpatient;
      const chronic = own.chronic ?? days.chronic;
      // A certified 门诊慢特病 raises the limit, as it does for every other medicine.
      if (isCertifiedChronicVisit(encounter) && chronic > base) return { doses: chronic, label: '门诊慢特病' };
      return { doses: base, label: '门诊' };
    }
    case 'emergency':
      return { doses: own.emergency ?? days.emergency, label: '急诊' };
    case 'discharge':
      return { doses: own.discharge ?? days.discharge, label: '出院带药' };
    case 'inpatient':
    case undefined:
      return undefined;
  }
}

/** What 医保 would not pay of the prescription: the share of every line beyond the limit. */
function amountBeyond(lines: readonly OrderLine[], doses: number, limit: number): number {
  let total = 0;
  for (const line of lines) if (line.price !== undefined && line.quantity !== undefined) total += line.price * line.quantity;
  return Math.round(((total * (doses - limit)) / doses) * 100) / 100;
}
