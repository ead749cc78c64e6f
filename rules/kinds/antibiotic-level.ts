import { z } from 'zod';
import type { Action, Finding } from '../../contract/findings';
import type { AntibioticLevel, OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { prescriberKey } from '../pack/prescribers';
import { ANTIBIOTIC_LEVEL_ZH, ANTIBIOTIC_RANK, type DrugLevel } from './antibiotic-levels';
import { confirmSeverity, defineLineKind, type RuleOf } from './define';
import { lineLabel, makeFinding } from './finding';
import { paidByPatient } from './consumable-lines';

/**
 * 抗菌药物分级使用管理 (2025 list no. 45): one rule per graded antibiotic of the hospital's
 * 抗菌药物分级目录, `level` its grade. 《抗菌药物临床应用管理办法》(卫生部令第84号) lets a doctor
 * prescribe only up to the 抗菌药物处方权 the hospital granted (第二十四条) and keeps 特殊使用级
 * out of 门诊 altogether (第二十七条); 智能监管 refuses such a claim, and the pharmacy refuses the
 * prescription whoever pays (the engine checks it on 自费 lines too).
 *
 * The doctor's level is what the page shows (Order.prescriber.antibioticLevel), else the pack's
 * privilege list by 工号 or 医保医师代码. No level, no guess: a 职称 does not grant a privilege,
 * so an unknown level is a data gap naming what is missing, never a finding about the doctor.
 *
 * `refused`: the order's own facts decide it. 第二十八条 allows 越级使用 to rescue a patient,
 * recorded and regularised within 24 hours: the finding offers that confirmation, and in an 急诊
 * visit, where it is to be expected, it is a warning.
 */
const params = z.object({
  /** The antibiotic's grade in the hospital's 抗菌药物分级目录. */
  level: z.enum(['unrestricted', 'restricted', 'special']),
});

type Rule = RuleOf<'antibiotic-level', typeof params>;

export const antibioticLevelKind = defineLineKind({
  kind: 'antibiotic-level',
  consequence: 'refused',
  // The 处方管理办法 limits and 抗菌药物分级管理 bind the prescription whoever pays.
  prescribing: true,
  params,
  evaluate(rule, line, ctx) {
    const level = rule.params.level;
    const drug = `${lineLabel(line)} 为${ANTIBIOTIC_LEVEL_ZH[level]}抗菌药物`;
    if (level === 'special' && ctx.order.encounter.visitType === 'outpatient') {
      return [
        makeFinding(rule, line, {
          message: `${drug}，门诊不得使用${paidText(line, ctx, '，医保不予支付')}：请改用限制或非限制使用级抗菌药物，或收入院治疗`,
          actions: [{ type: 'remove-line', label: '删除此行，改用其他抗菌药物' }],
        }),
      ];
    }
    const doctor = doctorOf(line, ctx);
    if (doctor.level === undefined) return [gap(rule, line, ctx, drug, doctor)];
    if (ANTIBIOTIC_RANK[doctor.level] >= ANTIBIOTIC_RANK[level]) return [];
    return [overPrivilege(rule, line, ctx, drug, level, doctor.level, doctor.id)];
  },
});

interface Doctor {
  /** 工号 (or 医保医师代码) of whoever wrote the line, when known. */
  id: string | undefined;
  level: AntibioticLevel | undefined;
  /** The list has the doctor (with or without an antibiotic level). */
  listed: boolean;
}

/** Who wrote the line, and the level the page or the pack's list gives them. */
function doctorOf(line: OrderLine, ctx: EvalContext): Doctor {
  const prescriber = ctx.order.prescriber;
  const id = line.prescriberId ?? prescriber?.id;
  // The page's level is the order's prescriber's: a line another doctor wrote goes to the list.
  const own = prescriber !== undefined && (line.prescriberId === undefined || prescriberKey(line.prescriberId) === prescriberKey(prescriber.id));
  if (own && prescriber.antibioticLevel !== undefined) return { id, level: prescriber.antibioticLevel, listed: false };
  const listed = id === undefined ? undefined : ctx.prescribers.get(prescriberKey(id));
  return { id, level: listed?.antibioticLevel, listed: listed !== undefined };
}

/** `text` unless the patient pays for the line anyway (自费 line or 自费 encounter). */
function paidText(line: OrderLine, ctx: EvalContext, text: string): string {
  return paidByPatient(line, ctx) ? '' : text;
}

const RESCUE: Action = { type: 'confirm', label: '抢救等紧急情况越级使用（已记录指征，24小时内补办手续）' };

/** What the doctor may switch to: the grades their own privilege covers. */
function fallback(doctorLevel: AntibioticLevel): string {
  if (doctorLevel === 'restricted') return '，或改用限制或非限制使用级抗菌药物';
  if (doctorLevel === 'unrestricted') return '，或改用非限制使用级抗菌药物';
  return '';
}

function overPrivilege(rule: Rule, line: OrderLine, ctx: EvalContext, drug: string, level: DrugLevel, doctorLevel: AntibioticLevel, id: string | undefined): Finding {
  const who = id === undefined ? '开单医生' : `开单医生（工号 ${id}）`;
  const has = doctorLevel === 'none' ? '无抗菌药物处方权' : `仅有${ANTIBIOTIC_LEVEL_ZH[doctorLevel]}处方权`;
  const emergency = ctx.order.encounter.visitType === 'emergency';
  const rescue = emergency ? '；抢救越级使用须记录指征并于24小时内补办手续' : '';
  return makeFinding(rule, line, {
    ...(emergency ? { severity: confirmSeverity(rule) } : {}),
    message:
      `${drug}，${who}${has}，属越级使用${paidText(line, ctx, '，医保不予支付')}：` +
      `请由具有${ANTIBIOTIC_LEVEL_ZH[level]}处方权的医师开具${fallback(doctorLevel)}${rescue}`,
    actions: [RESCUE, { type: 'remove-line', label: '删除此行' }],
  });
}

/** The level could not be found: say which fact is missing, so the 医保办 can supply it. */
function gap(rule: Rule, line: OrderLine, ctx: EvalContext, drug: string, doctor: Doctor): Finding {
  let why: string;
  if (doctor.id === undefined) {
    why = ctx.unread?.has('prescriber.id') ? '页面未读取「医生工号」' : '页面未提供开单医生';
  } else if (doctor.listed) {
    why = `本院处方权名单未登记医生 ${doctor.id} 的抗菌药物处方权级别`;
  } else if (ctx.unread?.has('prescriber.antibioticLevel')) {
    why = `页面未读取「抗菌药物处方权」，医生 ${doctor.id} 也不在本院处方权名单中`;
  } else {
    why = `医生 ${doctor.id} 不在本院抗菌药物处方权名单中`;
  }
  return makeFinding(rule, line, {
    kind: 'data',
    severity: 'info',
    message: `${drug}，${why}，未核对抗菌药物处方权`,
    amountAtRisk: 0,
  });
}
