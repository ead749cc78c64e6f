/**
 * Which drugs a certified outpatient chronic condition (门诊慢特病 / 门特) covers, by ATC class.
 * The longer chronic-prescription allowance is for the drugs treating that condition; a 门特
 * patient's antibiotic or vaginal tablet is an ordinary outpatient prescription.
 *
 * Western drugs' national codes carry the ATC class in characters 2–6 (XC09CAA284 → C09CA), so
 * the test is a prefix comparison. Classes follow the WHO ATC index for each condition's usual
 * drug treatment; the condition names are the ones provinces use for 门诊慢特病 病种 lists.
 * A condition not listed here, or a drug without an ATC code (中成药 Z…, items), keeps the
 * allowance: the engine cannot tell, and a wrong refusal costs the doctor more than a missed one.
 */
export interface ChronicDrugClass {
  /** Substrings of the certified condition name (as HIS or 3101 sends it). */
  readonly names: readonly string[];
  /** ATC prefixes (2nd–6th characters of the national drug code). */
  readonly atc: readonly string[];
}

export const CHRONIC_DRUG_CLASSES: readonly ChronicDrugClass[] = [
  { names: ['高血压'], atc: ['C02', 'C03', 'C07', 'C08', 'C09'] },
  { names: ['糖尿病'], atc: ['A10'] },
  { names: ['冠心病', '冠状动脉', '心绞痛', '心肌梗死'], atc: ['C01', 'C07', 'C08', 'C09', 'C10', 'B01'] },
  { names: ['心力衰竭', '心功能不全'], atc: ['C01', 'C03', 'C07', 'C09'] },
  { names: ['心房颤动', '房颤', '心律失常'], atc: ['C01', 'C07', 'C08', 'B01'] },
  { names: ['脑梗', '脑卒中', '脑血管', '中风', '脑出血后遗症'], atc: ['B01', 'C10', 'C04', 'N06BX', 'N07XX', 'C09', 'C08'] },
  { names: ['高脂血症', '血脂异常', '高胆固醇'], atc: ['C10'] },
  { names: ['慢性阻塞性肺', '慢阻肺', '哮喘', '肺心病'], atc: ['R03', 'R05', 'R06'] },
  { names: ['慢性肾', '肾功能衰竭', '肾衰竭', '尿毒症', '透析'], atc: ['B03', 'V03AE', 'H05', 'A11CC', 'C09', 'C08', 'C03'] },
  { names: ['精神分裂', '精神病', '双相', '抑郁', '焦虑'], atc: ['N05A', 'N05B', 'N05C', 'N06A', 'N03AX', 'N03AG'] },
  { names: ['癫痫'], atc: ['N03'] },
  { names: ['帕金森'], atc: ['N04'] },
  { names: ['阿尔茨海默', '痴呆'], atc: ['N06D'] },
  { names: ['类风湿', '强直性脊柱炎', '系统性红斑狼疮', '银屑病'], atc: ['M01', 'L04', 'H02', 'P01BA', 'A07EC', 'D05'] },
  { names: ['甲状腺功能', '甲亢', '甲减'], atc: ['H03'] },
  { names: ['肝硬化', '慢性乙型肝炎', '慢性丙型肝炎', '病毒性肝炎'], atc: ['J05', 'A05', 'C03DA', 'C07AA'] },
  { names: ['结核'], atc: ['J04'] },
  { names: ['骨质疏松'], atc: ['M05', 'A11CC', 'A12', 'H05AA', 'G03XC'] },
  { names: ['痛风'], atc: ['M04', 'M01'] },
  { names: ['肿瘤', '癌', '白血病', '淋巴瘤', '骨髓瘤'], atc: ['L01', 'L02', 'L03', 'L04', 'A04', 'N02A', 'B03XA', 'M05BA', 'V03AF'] },
  { names: ['器官移植', '移植术后'], atc: ['L04', 'H02', 'J05AB'] },
  { names: ['血友病'], atc: ['B02'] },
  { names: ['艾滋病', 'HIV'], atc: ['J05'] },
  { names: ['再生障碍性贫血', '地中海贫血', '贫血'], atc: ['B03', 'L04', 'H02', 'V03AC'] },
  { names: ['青光眼'], atc: ['S01E'] },
  { names: ['前列腺增生'], atc: ['G04C'] },
];

/** The ATC class in a Western drug's national code, or undefined (中成药 Z…, items, local codes). */
export function atcOfDrugCode(code: string): string | undefined {
  return /^X[A-Z]\d{2}[A-Z]{2}/.test(code) ? code.slice(1, 6) : undefined;
}

/**
 * Whether the chronic allowance covers this drug for these certified conditions: `true` when a
 * recognised condition lists its class, `false` when every condition is recognised and none does,
 * `undefined` when the engine cannot tell (an unrecognised condition, or no ATC in the code).
 */
export function chronicAllowanceCovers(conditions: readonly string[], drugCode: string): boolean | undefined {
  const atc = atcOfDrugCode(drugCode);
  if (atc === undefined) return undefined;
  let allRecognised = true;
  for (const condition of conditions) {
    const classes = CHRONIC_DRUG_CLASSES.filter((c) => c.names.some((n) => condition.includes(n)));
    if (classes.length === 0) {
      allRecognised = false;
      continue;
    }
    if (classes.some((c) => c.atc.some((prefix) => atc.startsWith(prefix)))) return true;
  }
  return allRecognised ? false : undefined;
}
