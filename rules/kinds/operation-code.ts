import { z } from 'zod';
import { confirmSeverity, defineOrderKind } from './define';
import { makeFinding } from './finding';
import { OPERATION_CODE_SHAPE } from '../data/icd9-operations';
import { nothingClaimed } from './diagnosis-codes';
import { checkOperationAction, distinctOperations, operationLabel, operationsGap } from './operation-codes';

/**
 * 手术操作编码异常 (2025 list no. 38), as far as it can be told without the ICD-9-CM-3 医保版 list
 * (none is shipped: ../shared holds none): an operation code that is not ICD-9-CM-3 in shape at
 * all — a diagnosis code in the operation's place (`C61.x00`), a 医疗服务项目 code (`330100011`), a
 * hospital's own code. A well-formed code that does not exist in the 医保版 is not found here.
 * `confirm`: the settlement list will carry a wrong code, but the page may show a local code beside
 * a 医保版 one the HIS maps at settlement, so the doctor checks it.
 */
export const operationCodeKind = defineOrderKind({
  kind: 'operation-code',
  consequence: 'confirm',
  params: z.object({}),
  evaluate(rule, matched, ctx) {
    if (nothingClaimed(matched, ctx)) return [];
    const gap = operationsGap(rule, ctx);
    if (gap.length > 0) return gap;
    return distinctOperations(ctx)
      .filter((o) => !OPERATION_CODE_SHAPE.test(o.code.trim()))
      .map((operation) =>
        makeFinding(rule, undefined, {
          severity: confirmSeverity(rule),
          message: `手术操作 ${operationLabel(operation)} 的编码不是 ICD-9-CM-3（医保版）手术操作编码的格式（如 74.1x00、65.2500x001）：请核对手术操作编码`,
          actions: [checkOperationAction],
        }),
      );
  },
});
