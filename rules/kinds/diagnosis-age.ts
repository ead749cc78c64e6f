import { z } from 'zod';
import { defineOrderKind } from './define';
import { makeFinding } from './finding';
import { checkDiagnosisAction, coveredDiagnoses, diagnosisLabel, DiagnosisCodesSchema, nothingClaimed } from './diagnosis-codes';

/**
 * 诊断与患者年龄不符 (2025 list no. 55): a diagnosis plausible only in one period of life
 * (perinatal P codes, pregnancy and childbirth) on a patient outside it. Bounds are completed
 * years, inclusive. `confirm`: ICD lets a perinatal condition be coded later in life and a
 * pregnancy at the edge of the bounds is rare but real, so the doctor checks the code and may
 * confirm it. An unknown age yields nothing (as for the sex kind: nothing to compare).
 */
export const diagnosisAgeKind = defineOrderKind({
  kind: 'diagnosis-age',
  consequence: 'confirm',
  params: DiagnosisCodesSchema.extend({
    minYears: z.number().int().nonnegative().optional(),
    maxYears: z.number().int().nonnegative().optional(),
    /** How the period reads in the message: 妊娠、分娩和产褥期. */
    label: z.string().min(1),
  }).refine((p) => p.minYears !== undefined || p.maxYears !== undefined, { message: 'an age rule needs minYears or maxYears' }),
  evaluate(rule, matched, ctx) {
    const years = ctx.age.years;
    if (years === undefined || nothingClaimed(matched, ctx)) return [];
    const { minYears, maxYears, label } = rule.params;
    const tooYoung = minYears !== undefined && years < minYears;
    const tooOld = maxYears !== undefined && years > maxYears;
    if (!tooYoung && !tooOld) return [];
    const expected = minYears !== undefined && maxYears !== undefined ? `${minYears}–${maxYears} 岁` : minYears !== undefined ? `${minYears} 岁及以上` : `${maxYears} 岁及以下`;
    return coveredDiagnoses(rule.params, ctx).map(({ diagnosis }) =>
      makeFinding(rule, undefined, {
        message:
          `诊断 ${diagnosisLabel(diagnosis)} 属${label}编码（通常 ${expected}），患者 ${years} 岁，` +
          `诊断与年龄不符，需核实，否则医保不予支付；请核对诊断编码或患者出生日期`,
        actions: [checkDiagnosisAction, { type: 'confirm', label: '已核实诊断编码无误' }],
      }),
    );
  },
});
