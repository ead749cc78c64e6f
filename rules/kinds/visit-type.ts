import { z } from 'zod';
import { VisitTypeSchema, type VisitType } from '../../contract/order';
import { confirmSeverity, defineLineKind } from './define';
import { lineLabel, makeFinding, selfPayAction } from './finding';

export const VISIT_TYPE_ZH: Record<VisitType, string> = {
  outpatient: '门诊',
  emergency: '急诊',
  inpatient: '住院',
  discharge: '出院带药',
};

/** 限就医方式: e.g. "限住院患者", "限急诊或住院患者"; also 互联网诊疗 exclusions (两库 第十批). */
export const visitTypeKind = defineLineKind({
  kind: 'visit-type',
  consequence: (p) => (p.orConfirm ? 'confirm' : 'refused'),
  params: z
    .object({
      allowed: z.array(VisitTypeSchema).min(1).optional(),
      /** Not payable when prescribed in an 互联网诊疗 encounter. */
      forbidInternet: z.boolean().optional(),
      /**
       * A use that makes the line payable in the other visit types too, which no order page shows
       * and the doctor confirms: "急救、抢救时使用" for a drug paid in 急诊 or when used to rescue
       * a patient on a ward. Outside `allowed` the finding asks for that confirmation instead of
       * refusing payment.
       */
      orConfirm: z.string().min(1).optional(),
    })
    .refine((p) => p.allowed !== undefined || p.forbidInternet === true, {
      message: 'give allowed visit types or forbidInternet',
    }),
  evaluate(rule, line, ctx) {
    const { visitType, internet } = ctx.order.encounter;
    const { allowed, forbidInternet } = rule.params;
    if (forbidInternet && internet) {
      return [
        makeFinding(rule, line, {
          message: `${lineLabel(line)} 不得在互联网诊疗中开具，医保不予支付`,
          actions: [{ type: 'remove-line', label: '删除此行' }],
        }),
      ];
    }
    if (!allowed) return [];
    const allowedText = allowed.map((v) => VISIT_TYPE_ZH[v]).join('或');
    // 出院带药 is part of an inpatient stay: a rule that allows 住院 allows it too.
    const effective: VisitType[] = visitType === undefined ? [] : visitType === 'discharge' ? ['discharge', 'inpatient'] : [visitType];
    if (effective.some((v) => allowed.includes(v))) return [];
    const orConfirm = rule.params.orConfirm;
    if (orConfirm) {
      const here = visitType === undefined ? '' : `，本次为${VISIT_TYPE_ZH[visitType]}`;
      return [
        makeFinding(rule, line, {
          severity: confirmSeverity(rule),
          message: `${lineLabel(line)} 限${allowedText}或${orConfirm}${here}：请确认为${orConfirm}，否则医保不予支付`,
          actions: [{ type: 'confirm', label: `已确认：${orConfirm}` }, selfPayAction],
        }),
      ];
    }
    if (visitType === undefined) {
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${lineLabel(line)} 限${allowedText}支付，就诊类型未知，无法核对`,
        }),
      ];
    }
    return [
      makeFinding(rule, line, {
        message: `${lineLabel(line)} 限${allowedText}患者，本次为${VISIT_TYPE_ZH[visitType]}，医保不予支付`,
        actions: [selfPayAction],
      }),
    ];
  },
});
