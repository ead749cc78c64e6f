import { z } from 'zod';
import { confirmSeverity, defineOrderKind } from './define';
import { addDiagnosisAction, makeFinding } from './finding';
import { compactIcd, inIcdRange } from '../indication/icd-code';
import { IcdSpanSchema, nothingClaimed } from './diagnosis-codes';
import { checkOperationAction, distinctOperations, operationLabel, operationsGap, OperationSpanSchema, spanOf } from './operation-codes';

/**
 * 诊断编码与手术操作编码不符 (2025 list no. 40), the part an order can decide soundly: an operation
 * that is only ever done for a condition of one family (ICD-9-CM-3 72–75 产科操作 — a caesarean
 * section, a forceps delivery, an amniocentesis) on an encounter none of whose diagnoses is of
 * that family (ICD-10 O00–O99, Z32–Z37, Z39, A34). `confirm`: the page shows the diagnoses of this
 * record, and the pregnancy diagnosis may sit on another (the mother's delivery record when this is
 * a referral), so the doctor adds the diagnosis or checks the operation code.
 *
 * No diagnosis shown at all: nothing (a missing diagnosis is its own gap, not this mismatch);
 * diagnoses or operations unread: a data gap.
 */
export const operationDiagnosisKind = defineOrderKind({
  kind: 'operation-diagnosis',
  consequence: 'confirm',
  params: z.object({
    operations: z.array(OperationSpanSchema).min(1),
    diagnoses: z.array(IcdSpanSchema).min(1),
    /** What the diagnoses are, as the message names them (妊娠、分娩或产褥期). */
    label: z.string().min(1),
  }),
  evaluate(rule, matched, ctx) {
    if (nothingClaimed(matched, ctx)) return [];
    const gap = operationsGap(rule, ctx);
    if (gap.length > 0) return gap;
    const operations = distinctOperations(ctx).filter((o) => spanOf(o.code, rule.params.operations) !== undefined);
    if (operations.length === 0) return [];
    if (ctx.unread?.has('encounter.diagnoses')) {
      return [makeFinding(rule, undefined, { kind: 'data', severity: 'info', message: '页面未读取「诊断」，未核对手术操作与诊断', amountAtRisk: 0 })];
    }
    if (ctx.diagnoses.length === 0) return [];
    const ranges = rule.params.diagnoses.map((r) => ({ from: compactIcd(r.from), to: compactIcd(r.to) }));
    if (ctx.diagnoses.some((d) => ranges.some((r) => inIcdRange(compactIcd(d.code.split('+')[0]!), r)))) return [];
    return operations.map((operation) => {
      const span = spanOf(operation.code, rule.params.operations)!;
      return makeFinding(rule, undefined, {
        severity: confirmSeverity(rule),
        message:
          `手术操作 ${operationLabel(operation)} 属${span.title ?? '特定手术'}，本次诊断中没有${rule.params.label}的编码：` +
          `请补录相应诊断或核对手术操作编码`,
        actions: [addDiagnosisAction, checkOperationAction],
      });
    });
  },
});
