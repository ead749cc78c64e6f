import { z } from 'zod';
import type { OrderLine } from '../../contract/order';
import { VisitTypeSchema } from '../../contract/order';
import { defineOrderKind } from './define';
import { lineLabel, makeFinding, removeLineAction } from './finding';
import { ingredientKey } from './duplicate-drug';

type DrugCountParams = { exceptPrefixes: string[]; exceptNames: string[]; solventNames: string[] };

/** The 溶媒 of an infusion: a solvent's name on a line sharing its 组号 with another line. */
function isSolvent(params: DrugCountParams, line: OrderLine, groupSizes: ReadonlyMap<string, number>): boolean {
  return line.group !== undefined && (groupSizes.get(line.group) ?? 0) > 1 && params.solventNames.some((n) => line.name.includes(n));
}

function isCounted(params: DrugCountParams, line: OrderLine, groupSizes: ReadonlyMap<string, number>): boolean {
  return (
    line.kind === 'drug' &&
    !params.exceptPrefixes.some((p) => line.code.startsWith(p)) &&
    !params.exceptNames.some((n) => line.name.includes(n)) &&
    !isSolvent(params, line, groupSizes)
  );
}

/**
 * 药品种类超标 (2025 list no. 46): more drugs on one 西药/中成药 prescription than 处方管理办法
 * 第六条 allows (每张处方不得超过5种药品; the number is the pack's `prescriptionMaxDrugs`).
 * 饮片 are written on a prescription of their own and do not count; two strengths of one
 * medicine are one 种; the 溶媒 an injection is given in (氯化钠、葡萄糖注射液 sharing a 组号 with
 * another line) is the vehicle, not another medicine, as 处方点评 counts it. Lines are one
 * prescription unless they carry 处方号s (`prescription`).
 *
 * `confirm`: a HIS often splits the order into prescriptions of five when it prints them, which
 * the page does not show; the doctor confirms that, or splits or shortens the prescription.
 */
export const drugCountKind = defineOrderKind({
  kind: 'drug-count',
  consequence: 'confirm',
  params: z.object({
    /** Visits whose orders are 处方 (住院医嘱 are not). */
    visitTypes: z.array(VisitTypeSchema).min(1).default(['outpatient', 'emergency']),
    /** Code prefixes of lines that are not counted: T = 中药饮片. */
    exceptPrefixes: z.array(z.string().min(1)).default(['T']),
    /** Names of lines that are not counted: 中药配方颗粒 go on the 饮片 prescription. */
    exceptNames: z.array(z.string().min(1)).default(['配方颗粒']),
    /** Names of 溶媒: not counted when the line shares its 组号 with another line (an infusion). */
    solventNames: z.array(z.string().min(1)).default(['氯化钠注射液', '葡萄糖注射液', '葡萄糖氯化钠注射液', '灭菌注射用水']),
  }),
  evaluate(rule, matched, ctx) {
    const visitType = ctx.order.encounter.visitType;
    if (visitType === undefined || !rule.params.visitTypes.includes(visitType)) return [];
    const limit = ctx.settings.prescriptionMaxDrugs;
    const groupSizes = new Map<string, number>();
    for (const line of matched) if (line.group) groupSizes.set(line.group, (groupSizes.get(line.group) ?? 0) + 1);
    const prescriptions = new Map<string, OrderLine[]>();
    for (const line of matched) {
      if (!isCounted(rule.params, line, groupSizes)) continue;
      const key = line.prescription ?? '';
      const lines = prescriptions.get(key);
      if (lines) lines.push(line);
      else prescriptions.set(key, [line]);
    }
    const findings = [];
    for (const lines of prescriptions.values()) {
      const kinds = new Set<string>();
      let first: OrderLine | undefined;
      for (const line of lines) {
        kinds.add(ingredientKey(line.code) ?? line.code);
        if (!first && kinds.size > limit) first = line;
      }
      if (!first) continue;
      findings.push(
        makeFinding(rule, first, {
          message:
            `${lineLabel(first)} 是本张处方第 ${limit + 1} 种药品：西药、中成药共 ${kinds.size} 种，` +
            `每张处方不得超过 ${limit} 种，请另开处方或删减药品`,
          actions: [{ type: 'confirm', label: `已按每张不超过 ${limit} 种分开处方` }, removeLineAction],
          // The drugs from the first one over the limit: what goes onto another prescription. The
          // five within it are not marked — one problem, not a marker on every row.
          relatedLineIds: lines.slice(lines.indexOf(first)).map((l) => l.id),
        }),
      );
    }
    return findings;
  },
});
