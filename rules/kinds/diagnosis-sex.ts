import { z } from 'zod';
import { defineOrderKind } from './define';
import { makeFinding } from './finding';
import { checkDiagnosisAction, coveredDiagnoses, diagnosisLabel, DiagnosisCodesSchema, nothingClaimed } from './diagnosis-codes';

const SEX_ZH = { M: '男性', F: '女性' } as const;

/**
 * 诊断与患者性别不符 (2025 list no. 54): a diagnosis code of one sex (its organs, pregnancy) on a
 * patient registered with the other. The code or the registered sex is wrong, and the claim is
 * refused until one is corrected, so `refused`. An unknown sex yields nothing: there is nothing
 * to compare, and the missing sex is the page's data gap, reported once by the sex-restricted
 * line rules and the unread-field check, not once more per diagnosis.
 */
export const diagnosisSexKind = defineOrderKind({
  kind: 'diagnosis-sex',
  consequence: 'refused',
  params: DiagnosisCodesSchema.extend({ allowed: z.enum(['M', 'F']) }),
  evaluate(rule, matched, ctx) {
    const sex = ctx.order.patient.sex;
    if (sex !== 'M' && sex !== 'F') return [];
    if (sex === rule.params.allowed || nothingClaimed(matched, ctx)) return [];
    return coveredDiagnoses(rule.params, ctx).map(({ diagnosis, span }) =>
      makeFinding(rule, undefined, {
        message:
          `诊断 ${diagnosisLabel(diagnosis)} 为${SEX_ZH[rule.params.allowed]}专用编码${span ? `（${span}）` : ''}，` +
          `患者为${SEX_ZH[sex]}，诊断与性别不符，医保不予支付；请核对诊断编码或患者性别`,
        actions: [checkDiagnosisAction],
      }),
    );
  },
});
