import { z } from 'zod';
import { PrescribersSchema } from './prescribers';

/**
 * Pack-wide settings. Day limits follow 处方管理办法 (门诊 ≤ 7 天, 急诊 ≤ 3 天, 长期处方 ≤ 12 周);
 * chronic-disease and 出院带药 limits are local policy, so they are configurable here.
 */
export const PackSettingsSchema = z.object({
  dayLimits: z
    .object({
      outpatient: z.number().positive().default(7),
      emergency: z.number().positive().default(3),
      chronic: z.number().positive().default(30),
      longTerm: z.number().positive().default(84),
      discharge: z.number().positive().default(30),
    })
    .default({ outpatient: 7, emergency: 3, chronic: 30, longTerm: 84, discharge: 30 }),
  /**
   * 麻醉药品 and 第一类精神药品 per prescription by dosage form (第二十一、二十三条), in days of
   * usual dose: for 门急诊 癌症疼痛 and 中、重度慢性疼痛 patients (`pain…`), and otherwise (an
   * injection is one usual dose, counted as one day); 第二类精神药品 (第二十二条).
   */
  controlledDrugLimits: z
    .object({
      painInjection: z.number().positive().default(3),
      painControlledRelease: z.number().positive().default(15),
      painOther: z.number().positive().default(7),
      injection: z.number().positive().default(1),
      controlledRelease: z.number().positive().default(7),
      other: z.number().positive().default(3),
      psychotropic2: z.number().positive().default(7),
    })
    .default({ painInjection: 3, painControlledRelease: 15, painOther: 7, injection: 1, controlledRelease: 7, other: 3, psychotropic2: 7 }),
  /** Age below which a patient counts as 儿童 when a rule says only "限儿童". */
  childMaxAgeYears: z.number().int().positive().default(17),
  /** Age in days up to which a patient counts as 新生儿. */
  newbornMaxAgeDays: z.number().int().positive().default(28),
  /**
   * 药品种类超标: drugs on one 西药/中成药 prescription (处方管理办法第六条: 每张处方不得超过5种药品).
   * Added after the first packs; a pack without it gets the law's 5.
   */
  prescriptionMaxDrugs: z.number().int().positive().default(5),
  /**
   * 中药饮片超大处方 (2025 list no. 76): the size of one 饮片 prescription. The national rule base
   * names the rule but publishes no numbers, so these are local policy, set by the 医保办: the
   * defaults (25 味, 400 g a 剂) sit above an ordinary 汤剂 (10–20 味, 100–300 g) so that only an
   * unusual prescription is flagged. 付数: one 剂 is one day's 用量, so without a value of its own
   * each limit is the pack's `dayLimits` for the visit (门诊 7, 急诊 3 付, 处方管理办法第十九条;
   * 门诊慢特病 `chronic`; 出院带药 `discharge`). Added after the first packs; a pack without it
   * gets these defaults, no schema change.
   */
  herbalPrescription: z
    .object({
      /** 味数: distinct 饮片 on one prescription. */
      maxHerbs: z.number().int().positive().default(25),
      /** Total weight of one 剂, in grams. */
      maxGramsPerDose: z.number().positive().default(400),
      /** 付数 by visit; an absent one follows `dayLimits`. */
      maxDoses: z
        .object({
          outpatient: z.number().int().positive().optional(),
          emergency: z.number().int().positive().optional(),
          chronic: z.number().int().positive().optional(),
          discharge: z.number().int().positive().optional(),
        })
        .default({}),
    })
    .default({ maxHerbs: 25, maxGramsPerDose: 400, maxDoses: {} }),
  /**
   * 疾病诊断编码异常 (2025 list no. 37): flag a diagnosis code that is not in ICD-10 医保版 2.0.
   * Off unless the 医保办 turns it on: a hospital whose HIS still writes 国临版 or international
   * codes (mapped to 医保版 only at settlement) would see nearly every diagnosis flagged.
   */
  diagnosisCodeCheck: z.boolean().default(false),
  /** How far back history counts for course and cycle rules, in days. */
  historyWindowDays: z.number().int().positive().default(365),
  /**
   * Doctors' 抗菌药物处方权 and 麻精处方权 (./prescribers.ts), from the 医师处方权 template.
   * Optional: a pack without a list leaves a doctor's level to what the page shows.
   */
  prescribers: PrescribersSchema.optional(),
});

export type PackSettings = z.infer<typeof PackSettingsSchema>;
export const defaultPackSettings = (): PackSettings => PackSettingsSchema.parse({});
