import { z } from 'zod';
import { defineOrderKind } from './define';
import { makeFinding } from './finding';
import { compactIcd } from '../indication/icd-code';
import { nothingClaimed } from './diagnosis-codes';
import { checkOperationAction, distinctOperations, hasOperationPrefix, operationLabel, operationsGap, OperationSpanSchema, spanOf } from './operation-codes';

const SEX_ZH = { M: '男性', F: '女性' } as const;

/**
 * 手术操作编码与性别不符 (2025 list no. 39): an operation on one sex's organs (ICD-9-CM-3 60–64 male,
 * 65–71 female, 72–75 obstetric) on a patient registered with the other. As for a diagnosis
 * (diagnosis-sex), the code or the registered sex is wrong and the claim is refused until one is
 * corrected: `refused`. Unknown sex: nothing. No operations shown: nothing; unread: a data gap.
 * Sex reassignment operations (`exceptCodes`) and patients with a disorder of sex development or a
 * gender identity diagnosis (`exceptDiagnoses`, ICD-10 prefixes) are left alone: either sex may be
 * registered for them.
 */
export const operationSexKind = defineOrderKind({
  kind: 'operation-sex',
  consequence: 'refused',
  // One rule per sex, as diagnosis-sex: the operations (ICD-9-CM-3 categories) only this sex has.
  params: z.object({
    allowed: z.enum(['M', 'F']),
    operations: z.array(OperationSpanSchema).min(1),
    exceptCodes: z.array(z.string().min(1)).default([]),
    exceptDiagnoses: z.array(z.string().min(1)).default([]),
  }),
  evaluate(rule, matched, ctx) {
    const sex = ctx.order.patient.sex;
    if ((sex !== 'M' && sex !== 'F') || nothingClaimed(matched, ctx)) return [];
    const gap = operationsGap(rule, ctx);
    if (gap.length > 0) return gap;
    const operations = distinctOperations(ctx);
    // Most orders have no operation: nothing to compare, so the exceptions are not worth reading.
    if (operations.length === 0) return [];
    const except = rule.params.exceptDiagnoses.map(compactIcd);
    if (ctx.diagnoses.some((d) => except.some((e) => compactIcd(d.code).startsWith(e)))) return [];
    return operations.flatMap((operation) => {
      if (hasOperationPrefix(operation.code, rule.params.exceptCodes)) return [];
      const span = spanOf(operation.code, rule.params.operations);
      if (!span || rule.params.allowed === sex) return [];
      const range = span.from === span.to ? span.from : `${span.from}–${span.to}`;
      return [
        makeFinding(rule, undefined, {
          message:
            `手术操作 ${operationLabel(operation)} 属${span.title ?? `${SEX_ZH[rule.params.allowed]}专用手术`}（${range}），` +
            `患者为${SEX_ZH[sex]}，手术操作与性别不符，医保不予支付；请核对手术操作编码或患者性别`,
          actions: [checkOperationAction],
        }),
      ];
    });
  },
});
