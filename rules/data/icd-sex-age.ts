/**
 * Which ICD-10 diagnoses belong to one sex or one period of life: the knowledge behind the
 * national rules 诊断与患者性别不符 and 诊断与患者年龄不符 (2025 list nos. 54, 55).
 *
 * Source: the structure of ICD-10 itself (WHO ICD-10, as 医保版 2.0 uses it: the category titles
 * in ../shared/data/icd10-chs-v2-diagnoses.csv). A category is listed here when its title names
 * the organs of one sex (女性盆腔器官, 男性生殖器官), pregnancy, childbirth or the puerperium, or
 * the perinatal period (chapter XVI, whose note says it covers conditions "originating in the
 * perinatal period even though death or morbidity occurs later"). Codes elsewhere whose own
 * 医保版 name states the sex or names an organ of one sex are derived from the list by
 * scripts/icd/gen-icd-sex-codes.ts into ./icd-sex-codes.ts, by the word rules below.
 * tests/unit/data/icd-sex-age.test.ts checks every span and exception against the shared list.
 */

/** A range of categories or subcategories (C51–C58, D07.0–D07.3), or one (`to` absent). */
export interface IcdSpan {
  readonly from: string;
  readonly to?: string;
  /** The ICD title the span stands for, as 医保版 2.0 words it. */
  readonly title: string;
}

export const FEMALE_SPANS: readonly IcdSpan[] = [
  { from: 'A34', title: '产科破伤风' },
  { from: 'B37.3', title: '外阴和阴道念珠菌病' },
  { from: 'C51', to: 'C58', title: '女性生殖器官恶性肿瘤' },
  { from: 'C79.6', title: '卵巢继发性恶性肿瘤' },
  { from: 'D06', title: '宫颈原位癌' },
  { from: 'D07.0', to: 'D07.3', title: '女性生殖器官原位癌' },
  { from: 'D25', to: 'D28', title: '女性生殖器官良性肿瘤' },
  { from: 'D39', title: '女性生殖器官动态未定或动态未知的肿瘤' },
  { from: 'E28', title: '卵巢功能障碍' },
  { from: 'F53', title: '与产褥期有关的精神和行为障碍' },
  { from: 'N70', to: 'N98', title: '女性盆腔器官及生殖道疾病' },
  { from: 'N99.2', to: 'N99.3', title: '阴道术后粘连、穹隆脱垂' },
  { from: 'O00', to: 'O99', title: '妊娠、分娩和产褥期' },
  { from: 'Q50', to: 'Q52', title: '女性生殖器官先天性畸形' },
  { from: 'R87', title: '女性生殖器官标本的异常所见' },
  { from: 'Z01.4', title: '妇科检查' },
  { from: 'Z12.4', title: '宫颈肿瘤的特殊筛查' },
  { from: 'Z30.1', title: '子宫内避孕装置的放置' },
  { from: 'Z30.3', title: '月经引出' },
  { from: 'Z32', to: 'Z37', title: '妊娠检查、监督与分娩结局' },
  { from: 'Z39', title: '产后医疗照顾和检查' },
];

export const MALE_SPANS: readonly IcdSpan[] = [
  { from: 'C60', to: 'C63', title: '男性生殖器官恶性肿瘤' },
  { from: 'D07.4', to: 'D07.6', title: '男性生殖器官原位癌' },
  { from: 'D29', title: '男性生殖器官良性肿瘤' },
  { from: 'D40', title: '男性生殖器官动态未定或动态未知的肿瘤' },
  { from: 'E29', title: '睾丸功能障碍' },
  // N51 (在他处归类疾病引起的男性生殖器官疾患) is an asterisk category: 医保版 writes it only after a
  // dagger code (A18.109+N51.0*), which is judged by its first part.
  { from: 'N40', to: 'N50', title: '男性生殖器官疾病' },
  { from: 'Q53', to: 'Q55', title: '男性生殖器官先天性畸形' },
  { from: 'R86', title: '男性生殖器官标本的异常所见' },
  { from: 'Z12.5', title: '前列腺肿瘤的特殊筛查' },
];

/**
 * Codes inside a span that are right for a patient registered with either sex: disorders of sex
 * development, whose patients are often registered with the sex their gonads are not.
 */
export const SEX_SPAN_EXCEPTIONS: readonly { readonly code: string; readonly why: string }[] = [
  { code: 'E29.100x004', why: '睾丸雄激素生物合成障碍：46,XY 性发育异常，患者可登记为女性' },
  { code: 'E29.105', why: '5α-还原酶缺陷症：46,XY 性发育异常，患者常登记为女性' },
];

/**
 * The word rules for codes outside the spans. A name that says 男性 or 女性 belongs to that sex;
 * otherwise a name that names an organ of one sex (and none of the other) belongs to it. Left
 * out: chapter XVI (P: a newborn's code that names the mother's 子宫 or 妊娠), chapter XV
 * (spanned), disorders of sex development and gender identity (the registered sex may be either),
 * and pattern words (男性型多毛症 is a woman's condition).
 */
export const SEX_WORDS = {
  explicit: { M: '男性', F: '女性' },
  organs: {
    M: ['前列腺', '睾丸', '阴茎', '阴囊', '附睾', '精索', '精囊', '输精管'],
    // 妊娠, 产褥, 产后 and 人工/药物流产 are the woman's (outside chapter XVI); plain 流产 is not, for
    // 流产布氏菌病 is a man's disease too. 外阴 is not here: it is also said of a man's external
    // genitals (男性外阴瘢痕), and 外阴湿疹 is coded for men too.
    F: ['子宫', '卵巢', '输卵管', '阴道', '宫颈', '阴唇', '阴蒂', '处女膜', '女阴', '妊娠', '产褥', '产后', '人工流产', '药物流产'],
  },
  /** Category prefixes never derived: perinatal, pregnancy, sex development, gender identity. */
  skipPrefixes: ['P', 'O', 'E25', 'E34.5', 'F64', 'Q56', 'Q96', 'Q97', 'Q98', 'Q99', 'Z64'],
  /** Words that make a name say nothing about the patient's registered sex (男性骨盆 is a woman's pelvis type). */
  skipWords: ['男性型', '女性型', '男性化', '女性化', '男性骨盆', '两性', '易性', '变性', '人工阴道', '阴道成形', '阴道再造', '阴道模具', '阴茎再造'],
  /**
   * Words blanked out before the organs are looked for, since an organ word hides inside them:
   * 外阴囊肿 and 会阴囊肿 are not 阴囊, 前列腺素 (prostaglandin) is not the prostate.
   */
  maskWords: ['外阴', '会阴', '前列腺素'],
} as const;

/** A period of life a span of codes belongs to; a patient outside it is asked to check the code. */
export interface IcdAgeGroup {
  readonly id: string;
  readonly label: string;
  readonly spans: readonly IcdSpan[];
  /** Completed years, inclusive: the youngest and oldest age the codes are plausible at. */
  readonly minYears?: number;
  readonly maxYears?: number;
  /** Why the bounds are where they are. */
  readonly why: string;
}

export const AGE_GROUPS: readonly IcdAgeGroup[] = [
  {
    id: 'perinatal',
    label: '围生期（新生儿）疾病',
    spans: [{ from: 'P00', to: 'P96', title: '起源于围生期的某些情况' }],
    maxYears: 17,
    why:
      'ICD-10 第十六章的说明允许起源于围生期、以后才发病或延续的情况（如支气管肺发育不良）在婴幼儿和儿童期继续使用 P 码，' +
      '所以只在成年人（18 岁及以上）身上提示：此时多为把新生儿的编码录在了产妇或其他成人的病历上。',
  },
  {
    id: 'pregnancy',
    label: '妊娠、分娩和产褥期',
    spans: [
      { from: 'O00', to: 'O92', title: '妊娠、分娩和产褥期' },
      { from: 'O98', to: 'O99', title: '可归类在他处的母体疾病并发于妊娠、分娩和产褥期' },
      { from: 'Z32', to: 'Z37', title: '妊娠检查、监督与分娩结局' },
      { from: 'Z39', title: '产后医疗照顾和检查' },
      { from: 'F53', title: '与产褥期有关的精神和行为障碍' },
      { from: 'A34', title: '产科破伤风' },
    ],
    minYears: 10,
    maxYears: 60,
    why:
      '妊娠、分娩和产褥期的编码记在母亲的病历上；10 岁以下或 60 岁以上的患者几乎不可能妊娠，多为把母亲的编码录在了新生儿的病历上。' +
      '界限取得宽（育龄通常按 15–49 岁），以免误报。O94–O97（后遗症、产科原因死亡）可在多年后出现，不在其中。',
  },
];
