import { z } from 'zod';

/** Canonical order: the public input shape of ../shared/docs/check-contract.md. Optional additions are marked. */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const SexSchema = z.enum(['M', 'F', 'U']);
export const VisitTypeSchema = z.enum(['outpatient', 'emergency', 'inpatient', 'discharge']);
export const InsuranceTypeSchema = z.enum(['employee', 'resident', 'work-injury', 'maternity', 'self-pay', 'other']);
export const InstitutionLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
/**
 * What a line charges: a 药品 (`drug`), a 医疗服务项目/诊疗项目 (`item`) or a 医用耗材 (`material` — the
 * contract's word for 耗材 lines, 3101 hilist_type 301; national codes start with C).
 */
export const LineKindSchema = z.enum(['drug', 'item', 'material']);
/**
 * Addition: 抗菌药物处方权 (《抗菌药物临床应用管理办法》第二十四条), each level including those
 * below it: `none` 无, `unrestricted` 非限制使用级, `restricted` 限制使用级, `special` 特殊使用级.
 * The same words grade the antibiotics themselves (the 抗菌药物分级目录), `none` excepted.
 */
export const AntibioticLevelSchema = z.enum(['none', 'unrestricted', 'restricted', 'special']);
/**
 * Addition: the patient's 妊娠/哺乳 state as the page (or 3101 `matn_stas`: 0 其他 → `none`,
 * 1 妊娠期 → `pregnant`, 2 哺乳期 → `lactating`) states it. Absent: unknown — never read as `none`.
 */
export const MaternitySchema = z.enum(['pregnant', 'lactating', 'none']);

export const PatientSchema = z.object({
  key: z.string().min(1),
  sex: SexSchema.optional(),
  birthDate: isoDate.optional(),
  ageYears: z.number().nonnegative().max(150).optional(),
  ageDays: z.number().int().nonnegative().optional(),
  weightKg: z.number().positive().optional(),
  /** Addition: 妊娠期 / 哺乳期 / neither, when the page shows it (see MaternitySchema). */
  maternity: MaternitySchema.optional(),
});

export const DiagnosisSchema = z.object({
  code: z.string().min(1),
  name: z.string().optional(),
  primary: z.boolean().optional(),
});

/**
 * Addition: an operation or procedure of the encounter (手术操作), coded in ICD-9-CM-3 医保版 2.0
 * (`65.2500x001`; the category is the two digits before the dot) — 3101 `fsi_operation_dtos[]`.
 */
export const OperationSchema = z.object({
  code: z.string().min(1),
  name: z.string().optional(),
  date: isoDate.optional(),
  primary: z.boolean().optional(),
});

/**
 * Addition: a 门诊慢特病 病种 the visit is registered (and settled) under: the national 病种编码
 * (`M03900`) and its name (高血压病), at least one of them.
 */
export const ChronicDiseaseSchema = z
  .object({
    code: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
  })
  .refine((d) => d.code !== undefined || d.name !== undefined, { message: 'a 病种 needs a code or a name' });

export const EncounterSchema = z.object({
  visitType: VisitTypeSchema.optional(),
  date: isoDate,
  department: z.string().optional(),
  insuranceType: InsuranceTypeSchema.optional(),
  institutionLevel: InstitutionLevelSchema.optional(),
  diagnoses: z.array(DiagnosisSchema).default([]),
  chronicConditions: z.array(z.string()).optional(),
  /** Addition: the encounter is an 互联网诊疗 (internet hospital) visit. */
  internet: z.boolean().optional(),
  /** Addition: a 长期处方 (long-term prescription, up to 12 weeks) was declared with its reason. */
  longTermPrescription: z.boolean().optional(),
  /**
   * Addition: the encounter's operations (手术操作), when the page or the 3101 request shows them.
   * Absent: the page shows none, so nothing is known about them (rules about operations say
   * nothing); `[]`: the page shows the list and it is empty. Unread (Order.unread has
   * "encounter.operations"): a rule about operations reports a data gap.
   */
  operations: z.array(OperationSchema).optional(),
  /**
   * Addition: the 门诊慢特病 病种 this visit is registered under, as the page shows them (usually
   * one). Not `chronicConditions` (the patient's certified conditions by name, which a 3101 request
   * fills from its main diagnosis): a drug outside every listed 病种's drug list is not paid under
   * them (rule kind `chronic-drug`). Absent: not a 门诊慢特病 visit, or the page does not say which.
   */
  chronicDiseases: z.array(ChronicDiseaseSchema).optional(),
});

export const PrescriberSchema = z.object({
  id: z.string().min(1),
  title: z.string().optional(),
  /**
   * Addition: the doctor's 抗菌药物处方权 as the page shows it. Absent: the pack's privilege list
   * (settings.prescribers, by `id`) is asked; absent there too, the level is unknown, not `none`.
   */
  antibioticLevel: AntibioticLevelSchema.optional(),
  /** Addition: 麻醉药品和第一类精神药品处方权 (麻精处方权), as the page shows it. */
  narcoticPrivilege: z.boolean().optional(),
});

export const OrderLineSchema = z.object({
  id: z.string().min(1),
  code: z.string().min(1),
  name: z.string().default(''),
  kind: LineKindSchema.default('drug'),
  spec: z.string().optional(),
  dose: z.number().nonnegative().optional(),
  doseUnit: z.string().optional(),
  frequency: z.string().optional(),
  days: z.number().nonnegative().optional(),
  quantity: z.number().nonnegative().optional(),
  unit: z.string().optional(),
  route: z.string().optional(),
  selfPay: z.boolean().optional(),
  group: z.string().optional(),
  price: z.number().nonnegative().optional(),
  /** Addition: an approval (审批) number already obtained for this line. */
  approvalNo: z.string().optional(),
  /** Addition: date of the line when it differs from the encounter date (inpatient orders). */
  date: isoDate.optional(),
  /**
   * Addition: the prescription (处方号) the line is written on, when the page or the 3101 request
   * (`rxno`) holds several; lines without one are one prescription (the page being written).
   */
  prescription: z.string().min(1).optional(),
  /**
   * Addition: the 工号 of the doctor who wrote this line when it is not the order's prescriber
   * (a 3101 request holding current orders of several doctors, `drord_dr_codg`). Absent: the
   * order's prescriber wrote it.
   */
  prescriberId: z.string().min(1).optional(),
});

export const HistoryEntrySchema = z.object({
  date: isoDate,
  code: z.string().min(1),
  days: z.number().nonnegative().optional(),
  quantity: z.number().nonnegative().optional(),
  unit: z.string().optional(),
  visitType: VisitTypeSchema.optional(),
});

export const OrderSchema = z.object({
  id: z.string().min(1),
  patient: PatientSchema,
  encounter: EncounterSchema,
  prescriber: PrescriberSchema.optional(),
  lines: z.array(OrderLineSchema),
  history: z.array(HistoryEntrySchema).optional(),
  /**
   * Addition: fields the page shows but the adapter could not read, as contract paths
   * ("lines.days", "encounter.diagnoses"; names in order-fields.ts). A rule that needs one reports
   * a `data` gap instead of reading the absence as "not filled in".
   */
  unread: z.array(z.string().min(1).max(64)).max(64).optional(),
});

export type Sex = z.infer<typeof SexSchema>;
export type VisitType = z.infer<typeof VisitTypeSchema>;
export type InsuranceType = z.infer<typeof InsuranceTypeSchema>;
export type InstitutionLevel = z.infer<typeof InstitutionLevelSchema>;
export type LineKind = z.infer<typeof LineKindSchema>;
export type AntibioticLevel = z.infer<typeof AntibioticLevelSchema>;
export type Prescriber = z.infer<typeof PrescriberSchema>;
export type Patient = z.infer<typeof PatientSchema>;
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
export type Operation = z.infer<typeof OperationSchema>;
export type ChronicDisease = z.infer<typeof ChronicDiseaseSchema>;
export type Maternity = z.infer<typeof MaternitySchema>;
export type Encounter = z.infer<typeof EncounterSchema>;
export type OrderLine = z.infer<typeof OrderLineSchema>;
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type Order = z.infer<typeof OrderSchema>;
/** What callers may pass before defaults are applied. */
export type OrderInput = z.input<typeof OrderSchema>;
