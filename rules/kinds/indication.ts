import { z } from 'zod';
import { InsuranceTypeSchema, type Diagnosis } from '../../contract/order';
import { IcdRangeSchema } from '../indication/icd-code';
import { compileIndication, findBroaderDiagnosis, findSupportingDiagnosis } from '../indication/matcher';
import { clipChars, describeAllowed, joinConditions } from '../indication/describe';
import { GRADE_LABEL, settleGradeCondition } from '../indication/severity-grade';
import { conditionStatedByDiagnosis } from '../indication/stated-conditions';
import { confirmSeverity, defineLineKind } from './define';
import { addDiagnosisAction, lineLabel, makeFinding, selfPayAction } from './finding';

export { IcdRangeSchema };

export const ConditionScopeSchema = z.object({
  condition: z.string().min(1),
  icdPrefixes: z.array(z.string().min(1)).default([]),
  icdRanges: z.array(IcdRangeSchema).default([]),
  keywords: z.array(z.string().min(1)).default([]),
  excludeKeywords: z.array(z.string().min(1)).default([]),
});

/** 限适应症 / 限定支付范围: the line is paid only when a diagnosis of the encounter is in the allowed set. */
export const IndicationParamsSchema = z
  .object({
    /** ICD-10 code prefixes that satisfy the restriction (e.g. J18, C34, H91.2); dots are optional. */
    icdPrefixes: z.array(z.string().min(1)).default([]),
    /** Inclusive ICD-10 ranges, each end compared on its own length: C00–C97 for 恶性肿瘤. */
    icdRanges: z.array(IcdRangeSchema).default([]),
    /** Words looked for in diagnosis names (the restriction text's disease words and their synonyms). */
    keywords: z.array(z.string().min(1)).default([]),
    /** Diagnoses whose names contain these never count (e.g. 良性 for a 肿瘤 restriction). */
    excludeKeywords: z.array(z.string().min(1)).default([]),
    /** Conditions no order page shows (基因突变阳性, 既往治疗失败): the doctor confirms them. */
    conditions: z.array(z.string().min(1)).default([]),
    /** How the allowed diagnoses read in messages ("2型糖尿病", "肺癌、乳腺癌"); defaults to the rule text or keywords. */
    label: z.string().min(1).optional(),
    /** Insurance types paid whatever the diagnosis ("限子宫肌瘤患者或生育保险" → maternity). */
    orInsuranceTypes: z.array(InsuranceTypeSchema).optional(),
    /**
     * For a text of numbered alternatives, the diseases of the alternative each condition belongs
     * to. A condition is asked only when the supporting diagnosis is of its own alternative; one
     * whose alternative names no disease ("2.与抗生素联用根除幽门螺杆菌") is another way to be paid,
     * asked when no diagnosis fits. Without scopes every condition is asked, as before.
     */
    conditionScopes: z.array(ConditionScopeSchema).optional(),
  })
  .refine((p) => p.icdPrefixes.length + p.icdRanges.length + p.keywords.length + p.conditions.length > 0, {
    message: 'an indication rule needs ICD prefixes, ranges, keywords or conditions',
  });

export type IndicationParams = z.infer<typeof IndicationParamsSchema>;
type ConditionScope = z.infer<typeof ConditionScopeSchema>;

/** Longest conditions text in a message / in the confirm button. */
const CONDITIONS_IN_MESSAGE = 60;
const CONDITIONS_IN_LABEL = 30;

const scopeHasDisease = (s: ConditionScope) => s.icdPrefixes.length + s.icdRanges.length + s.keywords.length > 0;

/** Conditions of alternatives that name no disease: confirmed, they pay whatever the diagnosis. */
function standaloneConditions(params: IndicationParams): string[] {
  return (params.conditionScopes ?? []).filter((s) => !scopeHasDisease(s)).map((s) => s.condition);
}

/** The conditions to ask once `support` fits the rule: those of the alternative it fits. */
function conditionsOfAlternative(params: IndicationParams, support: Diagnosis | string): string[] {
  const scopes = params.conditionScopes;
  if (!scopes) return params.conditions;
  return params.conditions.filter((condition) => {
    const scope = scopes.find((s) => s.condition === condition);
    if (!scope) return true;
    if (!scopeHasDisease(scope)) return false;
    const compiled = compileIndication(scope);
    return typeof support === 'string'
      ? findSupportingDiagnosis(compiled, [], [support]) !== undefined
      : findSupportingDiagnosis(compiled, [support]) !== undefined;
  });
}

function diagnosisNames(diagnoses: readonly Diagnosis[]): string {
  const names = diagnoses.slice(0, 2).map((d) => d.name || d.code);
  return names.join('、') + (diagnoses.length > 2 ? '等' : '');
}

export const indicationKind = defineLineKind({
  kind: 'indication',
  consequence: 'confirm',
  // Unread diagnoses are not 未录入诊断: the doctor may well have entered them.
  needs: { fields: ['encounter.diagnoses'], check: '限定支付范围' },
  params: IndicationParamsSchema,
  evaluate(rule, line, ctx) {
    const params = rule.params;
    const insurance = ctx.order.encounter.insuranceType;
    if (insurance !== undefined && params.orInsuranceTypes?.includes(insurance)) return [];

    const compiled = compileIndication(params);
    const label = lineLabel(line);
    let support: Diagnosis | string | undefined;
    if (compiled.checksDiagnoses) {
      const chronic = ctx.certifiedChronic;
      if (ctx.diagnoses.length === 0 && chronic.length === 0) {
        return [
          // The contract files a missing diagnosis under `data`: the order cannot be checked yet,
          // and the diagnosis is usually just not typed in yet.
          makeFinding(rule, line, {
            kind: 'data',
            severity: 'info',
            message: `${label} 限${describeAllowed(rule.text, compiled, params.label)}，未录入诊断，无法核对限定支付范围，请补录诊断`,
            actions: [addDiagnosisAction, selfPayAction],
          }),
        ];
      }
      support = findSupportingDiagnosis(compiled, ctx.diagnoses, chronic);
      const broader = support === undefined ? findBroaderDiagnosis(compiled, ctx.diagnoses) : undefined;
      if (broader !== undefined) {
        const allowed = describeAllowed(rule.text, compiled, params.label);
        return [
          makeFinding(rule, line, {
            severity: confirmSeverity(rule),
            message: `${label} 限${allowed}，诊断「${broader.name || broader.code}」未写明类型：请补录明确诊断，否则医保不予支付`,
            actions: [addDiagnosisAction, { type: 'confirm', label: `已确认：${clipChars(allowed, CONDITIONS_IN_LABEL)}` }, selfPayAction],
          }),
        ];
      }
      const standalone = support === undefined ? standaloneConditions(params) : [];
      if (standalone.length > 0) {
        const current = ctx.diagnoses.length > 0 ? `现有诊断（${diagnosisNames(ctx.diagnoses)}）不在其中` : '未录入相应诊断';
        return [
          makeFinding(rule, line, {
            severity: confirmSeverity(rule),
            message: `${label} 限${describeAllowed(rule.text, compiled, params.label)}或${joinConditions(standalone, CONDITIONS_IN_MESSAGE)}；${current}，请确认，否则医保不予支付`,
            actions: [{ type: 'confirm', label: `已确认：${joinConditions(standalone, CONDITIONS_IN_LABEL)}` }, addDiagnosisAction, selfPayAction],
          }),
        ];
      }
      if (support === undefined) {
        const current = ctx.diagnoses.length > 0 ? `现有诊断（${diagnosisNames(ctx.diagnoses)}）` : '现有慢病认定';
        return [
          makeFinding(rule, line, {
            message: `${label} 限${describeAllowed(rule.text, compiled, params.label)}，${current}不符合限定支付范围，医保不予支付`,
            actions: [addDiagnosisAction, selfPayAction],
          }),
        ];
      }
    }
    let toConfirm = support === undefined ? params.conditions : conditionsOfAlternative(params, support);
    // A condition a coded diagnosis states (A49.002 for 甲氧西林耐药阳性球菌感染) is no question.
    toConfirm = toConfirm.filter((condition) => !conditionStatedByDiagnosis(condition, ctx.diagnoses));
    if (support !== undefined && toConfirm.length > 0) {
      // A grade the diagnosis already states ("高血压2级" for "轻、中度…") needs no confirmation;
      // a grade outside the allowed ones is not paid.
      const open: string[] = [];
      for (const condition of toConfirm) {
        const verdict = settleGradeCondition(condition, support, compiled.keywords);
        if (verdict.status === 'not-met') {
          const dx = typeof support === 'string' ? support : support.name || support.code;
          return [
            makeFinding(rule, line, {
              message: `${label} 限${condition}，诊断「${dx}」为${GRADE_LABEL[verdict.grade]}，不符合限定支付范围，医保不予支付`,
              actions: [selfPayAction],
            }),
          ];
        }
        if (verdict.status === 'unknown') open.push(condition);
      }
      toConfirm = open;
    }
    if (toConfirm.length === 0) return [];
    return [
      makeFinding(rule, line, {
        kind: 'indication',
        severity: 'info',
        message: `${label} 医保限定支付还需满足：${joinConditions(toConfirm, CONDITIONS_IN_MESSAGE)}；请确认，否则医保不予支付`,
        actions: [{ type: 'confirm', label: `已确认：${joinConditions(toConfirm, CONDITIONS_IN_LABEL)}` }, selfPayAction],
      }),
    ];
  },
});
