import { z } from 'zod';
import type { Diagnosis, OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { compactIcd, inIcdRange } from '../indication/icd-code';
import { PREGNANCY_ENDED, PREGNANT_NOW } from '../data/maternity';
import { confirmSeverity, defineLineKind, type RuleOf } from './define';
import { diagnosisLabel } from './diagnosis-codes';
import { lineLabel, makeFinding } from './finding';
import { paidByPatient } from './drug-lines';

/**
 * 妊娠期及哺乳期用药安全 (2025 list no. 73): a drug of the hospital's 妊娠期哺乳期用药表, 禁用 or 慎用
 * in pregnancy and/or lactation, for a patient the page (or 3101 `matn_stas`) says is pregnant or
 * lactating (`patient.maternity`). 禁用: refused (the order's own facts decide it); 慎用: the doctor
 * weighs it and confirms. A prescribing rule (《医疗机构处方审核规范》第十五条: 特殊人群禁忌), judged
 * on 自费 lines too.
 *
 * `none`: nothing. Unknown (the page shows no such field): nothing — except that a woman whose
 * diagnoses say she is pregnant now (rules/data/maternity.ts) gets the pregnancy entry as a warning
 * naming that diagnosis, since the page did not state it. The field shown but unread: a data gap
 * (`needs`).
 */
const Level = z.enum(['contraindicated', 'caution']);
type Level = z.infer<typeof Level>;
const LEVEL_ZH: Readonly<Record<Level, string>> = { contraindicated: '禁用', caution: '慎用' };

const params = z
  .object({
    pregnancy: Level.optional(),
    lactation: Level.optional(),
  })
  .refine((p) => p.pregnancy !== undefined || p.lactation !== undefined, { message: 'a maternity rule needs pregnancy or lactation' });

type MaternityRule = RuleOf<'maternity', typeof params>;

const rangesOf = (list: readonly { from: string; to: string }[]) => list.map((r) => ({ from: compactIcd(r.from), to: compactIcd(r.to) }));
const NOW = rangesOf(PREGNANT_NOW);
const ENDED = rangesOf(PREGNANCY_ENDED);
const inAny = (d: Diagnosis, ranges: readonly { from: string; to: string }[]) => {
  const compact = compactIcd(d.code.split('+')[0]!);
  return ranges.some((r) => inIcdRange(compact, r));
};

/** The diagnosis that says a woman is pregnant now, when the page states no 妊娠/哺乳 state. */
function pregnancyDiagnosis(ctx: EvalContext): Diagnosis | undefined {
  if (ctx.order.patient.sex !== 'F') return undefined;
  if (ctx.diagnoses.some((d) => inAny(d, ENDED))) return undefined;
  const i = ctx.diagnoses.findIndex((d) => inAny(d, NOW));
  return i < 0 ? undefined : (ctx.order.encounter.diagnoses[i] ?? ctx.diagnoses[i]);
}

function finding(rule: MaternityRule, line: OrderLine, ctx: EvalContext, period: string, level: Level, because: Diagnosis | undefined) {
  const head = `${lineLabel(line)} ${period}${LEVEL_ZH[level]}`;
  if (because) {
    return makeFinding(rule, line, {
      severity: confirmSeverity(rule),
      message: `${head}，本次诊断 ${diagnosisLabel(because)} 提示患者在妊娠期：请核实；确在妊娠期请改用其他药品`,
      actions: [{ type: 'remove-line', label: '删除此行，改用其他药品' }, { type: 'confirm', label: '已核实，患者不在妊娠期或确需使用' }],
    });
  }
  if (level === 'caution') {
    return makeFinding(rule, line, {
      severity: confirmSeverity(rule),
      message: `${head}，患者在${period}：请评估获益与风险，确需使用请确认并加强监测`,
      actions: [{ type: 'confirm', label: '已评估，确需使用' }, { type: 'remove-line', label: '删除此行' }],
    });
  }
  return makeFinding(rule, line, {
    message: `${head}，患者在${period}：请改用其他药品${paidByPatient(line, ctx) ? '' : '，医保不予支付'}`,
    actions: [{ type: 'remove-line', label: '删除此行，改用其他药品' }],
  });
}

export const maternityKind = defineLineKind({
  kind: 'maternity',
  consequence: (p) => (p.pregnancy === 'contraindicated' || p.lactation === 'contraindicated' ? 'refused' : 'confirm'),
  prescribing: true,
  needs: { fields: ['patient.maternity'], check: '妊娠期、哺乳期用药' },
  params,
  evaluate(rule, line, ctx) {
    const { pregnancy, lactation } = rule.params;
    switch (ctx.order.patient.maternity) {
      case 'pregnant':
        return pregnancy ? [finding(rule, line, ctx, '妊娠期', pregnancy, undefined)] : [];
      case 'lactating':
        return lactation ? [finding(rule, line, ctx, '哺乳期', lactation, undefined)] : [];
      case 'none':
        return [];
      default: {
        const because = pregnancy ? pregnancyDiagnosis(ctx) : undefined;
        return because ? [finding(rule, line, ctx, '妊娠期', pregnancy!, because)] : [];
      }
    }
  },
});
