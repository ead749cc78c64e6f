import { z } from 'zod';
import type { Diagnosis } from '../../contract/order';
import { compactIcd } from '../indication/icd-code';
import { confirmSeverity, defineLineKind } from './define';
import { categoriesNamed } from '../indication/categories';
import { coveredDiagnoses, coversCode, DiagnosisCodesSchema, lessPreciseDiagnosis, type DiagnosisCodes } from './diagnosis-codes';
import { addDiagnosisAction, lineLabel, makeFinding, selfPayAction } from './finding';

/**
 * The hospital's indication lists (2025 list nos. 70, 78, 79, 83): a drug or 诊疗项目 is paid only
 * on an encounter with a diagnosis the list names for it (ICD-10 codes with their extensions,
 * ranges of categories, codes taken out again).
 *
 * `purpose` says which list, and so the wording:
 * - `label` 说明书适应症 (no. 70 超说明书适应症用药): the drug's package insert 【适应症】. Not the
 *   医保 限定支付范围 (`indication`, from the NHSA batches and the catalogue): another source, said so
 *   in the message and the rule's 依据.
 * - `test` 检验检查指征 (no. 78 无指征检验检查), `treatment` 治疗指征 (no. 79 无指征治疗), `item`
 *   项目适应症 (no. 83 医疗服务项目超适应症使用): the item's indications as the hospital keeps them.
 *
 * A payment rule, never a prescribing ban: tests are ordered for screening and drugs used off label
 * with consent every day, at the patient's cost. A 自费 line is left alone (the engine skips it), and
 * the message says 医保不予支付 with the fixes: add the diagnosis actually made, change the item,
 * or 自费 with the patient told.
 *
 * What is not known is not judged: no diagnosis on the page, no finding (the diagnosis is usually
 * just not typed in yet, and the list's diagnosis may well be the one); diagnoses the page could not
 * read, a data gap (`needs`); a diagnosis written without an ICD-10 code (a hospital's own code, a
 * name alone) may be the indication, so only a data gap, never 不予支付. A certified 慢病 the list
 * names counts as a diagnosis; a diagnosis that stops short of the listed codes (E11 for E11.2) is
 * asked to be made precise rather than called outside the list.
 */

export const INDICATION_PURPOSES = ['label', 'test', 'treatment', 'item'] as const;
export type IndicationPurpose = (typeof INDICATION_PURPOSES)[number];

/** How each list reads: the indication's name, what a miss is called, and what to change to. */
export const PURPOSE_WORDS: Readonly<Record<IndicationPurpose, { indication: string; miss: string; change: string }>> = {
  label: { indication: '说明书适应症', miss: '超说明书适应症用药', change: '改用其他药品' },
  test: { indication: '检验检查指征', miss: '无指征检验检查', change: '取消此项检查' },
  treatment: { indication: '治疗指征', miss: '无指征治疗', change: '改用其他治疗' },
  item: { indication: '项目适应症', miss: '超适应症使用', change: '改开其他项目' },
};

const params = DiagnosisCodesSchema.extend({
  purpose: z.enum(INDICATION_PURPOSES),
  /** The indicated diagnoses as the message names them ("2型糖尿病、妊娠期糖尿病"). */
  label: z.string().min(1),
}).refine((p) => p.icdRanges.length + p.icdPrefixes.length > 0, { message: 'an indication list rule needs ICD-10 codes or ranges' });

/** A code that starts like an ICD-10 one (letter, two digits); a 医保版 dagger code by its first part. */
const isIcdCode = (code: string): boolean => /^[A-Z]\d{2}/.test(compactIcd(code.split('+')[0]!));

/** "脑梗死、高血压3级等": the encounter's diagnoses by name, two at most. */
function diagnosisNames(diagnoses: readonly Diagnosis[]): string {
  const names = diagnoses.slice(0, 2).map((d) => d.name || d.code);
  return names.join('、') + (diagnoses.length > 2 ? '等' : '');
}

/**
 * A certified 门特/慢病 (names, no codes) the list covers: its name among the indications' words, or
 * an ICD-10 category of that exact name in the codes (糖尿病 for a HbA1c list naming 糖尿病).
 */
function chronicIndication(params: DiagnosisCodes & { label: string }, conditions: readonly string[]): boolean {
  return conditions.some((c) => {
    const word = c.trim();
    return word !== '' && (params.label.includes(word) || categoriesNamed(word).some((category) => coversCode(params, category)));
  });
}


export const indicationListKind = defineLineKind({
  kind: 'indication-list',
  consequence: 'confirm',
  // Unread diagnoses are not "no indicated diagnosis": the indicated one may be among them.
  needs: { fields: ['encounter.diagnoses'], check: '适应症与指征' },
  params,
  evaluate(rule, line, ctx) {
    if (ctx.diagnoses.length === 0) return [];
    if (coveredDiagnoses(rule.params, ctx).length > 0) return [];
    if (chronicIndication(rule.params, ctx.certifiedChronic)) return [];
    const words = PURPOSE_WORDS[rule.params.purpose];
    const label = lineLabel(line);
    const shown = ctx.order.encounter.diagnoses;
    const vague = lessPreciseDiagnosis(rule.params, shown);
    if (vague) {
      return [
        makeFinding(rule, line, {
          severity: confirmSeverity(rule),
          message: `${label} ${words.indication}为${rule.params.label}，诊断「${vague.name || vague.code}」未写明具体类型：请补录明确诊断，否则${words.miss}医保不予支付`,
          actions: [addDiagnosisAction, { ...selfPayAction, label: '转自费（已告知患者）' }],
        }),
      ];
    }
    const uncoded = shown.filter((d) => !isIcdCode(d.code));
    if (uncoded.length > 0) {
      const d = uncoded[0]!;
      return [
        makeFinding(rule, line, {
          kind: 'data',
          severity: 'info',
          message: `${label} ${words.indication}为${rule.params.label}；诊断「${d.name || d.code}」没有 ICD-10 编码，无法核对，请核对诊断编码`,
          actions: [{ type: 'add-diagnosis', label: '核对诊断编码' }],
        }),
      ];
    }
    const fix =
      rule.params.purpose === 'test'
        ? '如有相应诊断请补录；筛查等自愿检查请告知患者自费'
        : `如有相应诊断请补录，否则请${words.change}或转自费（告知患者）`;
    return [
      makeFinding(rule, line, {
        severity: confirmSeverity(rule),
        message: `${label} ${words.indication}为${rule.params.label}，本次诊断（${diagnosisNames(shown)}）不在其中，${words.miss}医保不予支付：${fix}`,
        actions: [addDiagnosisAction, { type: 'remove-line', label: words.change }, { ...selfPayAction, label: '转自费（已告知患者）' }],
      }),
    ];
  },
});
