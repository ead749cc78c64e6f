import { z } from 'zod';
import { confirmSeverity, defineOrderKind } from './define';
import { makeFinding } from './finding';
import { diagnosisLabel, nothingClaimed } from './diagnosis-codes';
import { isChsCode, nearestChsCodes } from '../indication/chs-codes';
import { compactIcd } from '../indication/icd-code';

/**
 * 疾病诊断编码异常 (2025 list no. 37): a diagnosis code that is not in ICD-10 医保版 2.0 (the list
 * of rules/data/icd10-chs-codes.ts). The finding names the code and offers the nearest valid codes
 * of its category as fixes (改为 I10.x00x002).
 *
 * Judged only when the pack turns it on (`settings.diagnosisCodeCheck`, off by default): a hospital
 * on 国临版 codes, mapped to 医保版 only at settlement, would see every diagnosis flagged. `confirm`:
 * 医保版 2.0 is amended from time to time, and a code newer than the shipped list is right.
 */
export const diagnosisCodeKind = defineOrderKind({
  kind: 'diagnosis-code',
  consequence: 'confirm',
  params: z.object({
    /** Codes (and their extensions) the hospital knows to be valid though not in the list (a newer 医保版 edition). */
    exceptCodes: z.array(z.string().min(1)).default([]),
  }),
  evaluate(rule, matched, ctx) {
    if (!ctx.settings.diagnosisCodeCheck || nothingClaimed(matched, ctx)) return [];
    const except = rule.params.exceptCodes.map(compactIcd);
    const seen = new Set<string>();
    return ctx.order.encounter.diagnoses.flatMap((diagnosis) => {
      const key = compactIcd(diagnosis.code);
      if (seen.has(key)) return [];
      seen.add(key);
      if (isChsCode(diagnosis.code) || except.some((e) => key.startsWith(e))) return [];
      const nearest = nearestChsCodes(diagnosis.code);
      return [
        makeFinding(rule, undefined, {
          severity: confirmSeverity(rule),
          message:
            `诊断 ${diagnosisLabel(diagnosis)} 的编码不在 ICD-10 医保版 2.0 中` +
            (nearest.length ? `，同类目有效编码如 ${nearest.join('、')}` : '，其类目也不在医保版中') +
            '：请核对诊断编码',
          actions: [
            ...nearest.map((code) => ({ type: 'add-diagnosis' as const, label: `改为 ${code}`, value: code })),
            ...(nearest.length ? [] : [{ type: 'add-diagnosis' as const, label: '核对诊断编码' }]),
          ],
        }),
      ];
    });
  },
});
