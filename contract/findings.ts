import { z } from 'zod';

/** Findings: the public output shape of ../shared/docs/check-contract.md. */

export const RULE_KINDS = [
  'indication',
  'quantity',
  'course',
  'sex',
  'age',
  'visit-type',
  'institution-level',
  'insurance-type',
  'department',
  'duplicate-drug',
  'duplicate-charge',
  'frequency',
  'second-line',
  'self-pay',
  'approval',
  // Additions (issue #12), each documented with the national rules it covers in README.md (rule kinds):
  /** 诊断与患者性别不符: a diagnosis code of one sex's organs or of pregnancy on a patient of the other. */
  'diagnosis-sex',
  /** 诊断与患者年龄不符: a perinatal (P) code on an adult, a pregnancy code outside childbearing age. */
  'diagnosis-age',
  /** 中药饮片配伍禁忌: two herbs of 十八反 or 十九畏 on one prescription. */
  'herb-incompatibility',
  /** 药品种类超标: more Western/中成药 drugs on one 门急诊 prescription than 处方管理办法 allows. */
  'drug-count',
  /** 中药饮片超大处方: one 饮片 prescription with more 味, a heavier 剂 or more 付 than the pack allows. */
  'herb-oversize',
  /**
   * 抗菌药物分级使用管理: an antibiotic above the prescriber's 抗菌药物处方权, or a 特殊使用级 one
   * in a 门诊 visit.
   */
  'antibiotic-level',
  /**
   * 医用耗材与医疗服务项目不符: a 医用耗材 line (contract line kind `material`) charged without any of
   * the 诊疗项目 it is used with.
   */
  'consumable-item',
  /** 医用耗材数量超标: more of a 医用耗材 per line, day or visit than the payable limit. */
  'consumable-quantity',
  /**
   * 药品相互作用: two drugs the hospital's interaction list pairs (禁用 or 慎用) on one order, or one
   * on the order and the other prescribed within the list's look-back days.
   */
  'drug-interaction',
  /** 药品禁忌症: a drug the hospital's list contraindicates (禁用 or 慎用) in a diagnosis of the encounter. */
  'contraindication',
  /** 药品与医疗服务项目不符: a drug charged without any of the 诊疗项目 it is given with (an injection without 注射) that day. */
  'drug-item',
  /** 手术操作编码与性别不符: an operation on one sex's organs (ICD-9-CM-3 60–64, 65–75) on a patient of the other. */
  'operation-sex',
  /** 诊断编码与手术操作编码不符: an obstetric operation (72–75) with no pregnancy, childbirth or puerperium diagnosis. */
  'operation-diagnosis',
  /** 手术操作编码异常: an operation code that is not ICD-9-CM-3 in shape. */
  'operation-code',
  /** 疾病诊断编码异常: a diagnosis code not in ICD-10 医保版 2.0 (judged when the pack turns it on). */
  'diagnosis-code',
  /** 妊娠期及哺乳期用药安全: a drug the hospital's list keeps from pregnant or lactating patients (禁用 or 慎用). */
  'maternity',
  /**
   * 超说明书适应症用药, 无指征检验检查, 无指征治疗, 医疗服务项目超适应症使用: a drug or 诊疗项目 of the
   * hospital's indication lists (说明书适应症, 检验检查指征, 治疗指征, 项目适应症) on an encounter whose
   * diagnoses include none the list names for it. Not the 医保 限定支付范围 (`indication`).
   */
  'indication-list',
  /** 围手术期抗菌药物预防性应用: an antibiotic beyond the prophylaxis hours after an operation, with no infection diagnosed. */
  'perioperative-antibiotic',
  /** 中药饮片超量上传: one 味 of a 饮片 prescription above the largest dose per 剂 the hospital lists for it (药典【用法与用量】). */
  'herb-dose',
  /** 药品超限定病种目录范围使用: in a 门诊慢特病 visit, a drug outside the drug list of every 病种 the visit is registered under. */
  'chronic-drug',
  'data',
] as const;

export const KindSchema = z.enum(RULE_KINDS);
export const SeveritySchema = z.enum(['info', 'warning', 'critical']);

export const ActionTypeSchema = z.enum([
  'set-days',
  'set-quantity',
  'mark-self-pay',
  'add-diagnosis',
  'remove-line',
  'request-approval',
  'confirm',
  'change-frequency',
  /** Addition: set the line's dose (单次剂量; for a 饮片 line the grams of one 剂) to `value`. */
  'set-dose',
]);

export const ActionSchema = z.object({
  type: ActionTypeSchema,
  label: z.string(),
  value: z.union([z.number(), z.string()]).optional(),
});

export const MESSAGE_MAX = 140;

export const FindingSchema = z.object({
  ruleId: z.string(),
  kind: KindSchema,
  lineId: z.string().optional(),
  severity: SeveritySchema,
  message: z.string().max(MESSAGE_MAX),
  detail: z.string().optional(),
  basis: z.string().optional(),
  /**
   * Addition: every 依据 when more than one source states the restriction (a 两库 batch and the
   * 药品目录), the rule's own first. `basis` then joins them with "；", so tools that read only
   * `basis` show them all. Absent when there is one.
   */
  bases: z.array(z.string()).optional(),
  actions: z.array(ActionSchema).default([]),
  amountAtRisk: z.number().nonnegative().optional(),
  /** Addition: every line a cross-line finding concerns (duplicates). */
  relatedLineIds: z.array(z.string()).optional(),
  /**
   * Addition: the rule is set passive (`interruptive: false` in the pack) — mark the line, never
   * stop the submission for it. Absent means interruptive, so findings from older tools read the same.
   */
  passive: z.literal(true).optional(),
});

export const CheckResultSchema = z.object({
  orderId: z.string(),
  packVersion: z.string(),
  findings: z.array(FindingSchema),
  elapsedMs: z.number().nonnegative(),
});

export type RuleKind = z.infer<typeof KindSchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type ActionType = z.infer<typeof ActionTypeSchema>;
export type Action = z.infer<typeof ActionSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type CheckResult = z.infer<typeof CheckResultSchema>;
