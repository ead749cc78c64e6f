import { z } from 'zod';
import { confirmSeverity, defineLineKind } from './define';
import { checkDiagnosisAction, coveredDiagnoses, diagnosisLabel, DiagnosisCodesSchema } from './diagnosis-codes';
import { lineLabel, makeFinding } from './finding';
import { paidByPatient } from './drug-lines';

/**
 * 药品禁忌症 (2025 list no. 71): a drug of the hospital's contraindication list and a diagnosis of
 * the encounter in the codes the list names for it (ICD-10 codes with their extensions, ranges of
 * categories, codes taken out again), e.g. 西洛他唑 in 心力衰竭 (I50).
 *
 * Only a diagnosis the page shows counts: no diagnosis, no finding (the drug is not contraindicated
 * by what is unknown); diagnoses the page could not read are a data gap (`needs`).
 *
 * `contraindicated` (禁用): refused, the order's own diagnosis decides it — unless the code is
 * wrong, hence 核对诊断编码 beside removing the line. `caution` (慎用): the doctor weighs it and
 * confirms. A prescribing rule (《医疗机构处方审核规范》第十五条: 诊断禁忌证), judged on 自费 lines too.
 *
 * The same list shape serves 医疗服务项目禁忌症 (no. 82: 平板运动试验 in 急性心肌梗死): a rule that
 * matches item lines says 项目 and 改用其他检查或治疗 instead of 药品.
 */
const params = DiagnosisCodesSchema.extend({
  /** What the diagnoses are, as the message names them ("心力衰竭", "消化性溃疡"). */
  label: z.string().min(1),
  level: z.enum(['contraindicated', 'caution']).default('contraindicated'),
}).refine((p) => p.icdRanges.length + p.icdPrefixes.length > 0, { message: 'a contraindication needs ICD-10 codes or ranges' });

export const contraindicationKind = defineLineKind({
  kind: 'contraindication',
  consequence: (p) => (p.level === 'caution' ? 'confirm' : 'refused'),
  prescribing: true,
  // Unread diagnoses are not "no diagnosis": the contraindicated one may be among them.
  needs: { fields: ['encounter.diagnoses'], check: '药品禁忌症' },
  params,
  evaluate(rule, line, ctx) {
    if (ctx.diagnoses.length === 0) return [];
    const covered = coveredDiagnoses(rule.params, ctx);
    if (covered.length === 0) return [];
    const first = covered[0]!.diagnosis;
    const dx = `诊断 ${diagnosisLabel(first)}${covered.length > 1 ? ` 等 ${covered.length} 项` : ''}`;
    const head = `${lineLabel(line)} ${rule.params.label}患者`;
    const drug = line.kind === 'drug';
    if (rule.params.level === 'caution') {
      return [
        makeFinding(rule, line, {
          severity: confirmSeverity(rule),
          message: `${head}慎用，本次${dx}：请评估获益与风险，确需${drug ? '使用' : '进行'}请确认并加强监测`,
          actions: [{ type: 'confirm', label: `已评估，确需${drug ? '使用' : '进行'}` }, { type: 'remove-line', label: '删除此行' }],
        }),
      ];
    }
    const instead = drug ? '改用其他药品' : '改用其他检查或治疗';
    return [
      makeFinding(rule, line, {
        message: `${head}禁用，本次${dx}：请${instead}${paidByPatient(line, ctx) ? '' : '，医保不予支付'}`,
        actions: [{ type: 'remove-line', label: `删除此行，${instead}` }, checkDiagnosisAction],
      }),
    ];
  },
});
