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
  /**
   * ICD-10 prefixes of the condition's diagnoses, for an order whose diagnosis carries a code and
   * no recognisable name; three characters (I10) or more (Z99.2) as the category needs.
   */
  readonly icd: readonly string[];
  /** ATC prefixes (2nd–6th characters of the national drug code). */
  readonly atc: readonly string[];
}

/** C00–C97, the malignant neoplasms of ICD-10 chapter II. */
export const MALIGNANT_ICD: readonly string[] = Array.from({ length: 98 }, (_, i) => `C${String(i).padStart(2, '0')}`);

export const CHRONIC_DRUG_CLASSES: readonly ChronicDrugClass[] = [
  { names: ['高血压'], icd: ['I10', 'I11', 'I12', 'I13', 'I15'], atc: ['C02', 'C03', 'C07', 'C08', 'C09'] },
  { names: ['糖尿病'], icd: ['E10', 'E11', 'E12', 'E13', 'E14'], atc: ['A10'] },
  { names: ['冠心病', '冠状动脉', '心绞痛', '心肌梗死'], icd: ['I20', 'I21', 'I22', 'I25'], atc: ['C01', 'C07', 'C08', 'C09', 'C10', 'B01'] },
  { names: ['心力衰竭', '心功能不全'], icd: ['I50'], atc: ['C01', 'C03', 'C07', 'C09'] },
  { names: ['心房颤动', '房颤', '心律失常'], icd: ['I47', 'I48', 'I49'], atc: ['C01', 'C07', 'C08', 'B01'] },
  { names: ['脑梗', '脑卒中', '脑血管', '中风', '脑出血后遗症'], icd: ['I63', 'I64', 'I65', 'I66', 'I67', 'I69'], atc: ['B01', 'C10', 'C04', 'N06BX', 'N07XX', 'C09', 'C08'] },
  { names: ['高脂血症', '血脂异常', '高胆固醇'], icd: ['E78'], atc: ['C10'] },
  { names: ['慢性阻塞性肺', '慢阻肺', '哮喘', '肺心病'], icd: ['J44', 'J45', 'J46', 'I27'], atc: ['R03', 'R05', 'R06'] },
  { names: ['慢性肾', '肾功能衰竭', '肾衰竭', '尿毒症', '透析'], icd: ['N18', 'N19', 'Z49', 'Z99.2'], atc: ['B03', 'V03AE', 'H05', 'A11CC', 'C09', 'C08', 'C03'] },
  { names: ['精神分裂', '精神病', '双相', '抑郁', '焦虑'], icd: ['F20', 'F21', 'F22', 'F25', 'F29', 'F31', 'F32', 'F33', 'F41'], atc: ['N05A', 'N05B', 'N05C', 'N06A', 'N03AX', 'N03AG'] },
  { names: ['癫痫'], icd: ['G40'], atc: ['N03'] },
  { names: ['帕金森'], icd: ['G20'], atc: ['N04'] },
  { names: ['阿尔茨海默', '痴呆'], icd: ['F00', 'F01', 'F02', 'F03', 'G30'], atc: ['N06D'] },
  { names: ['类风湿', '强直性脊柱炎', '系统性红斑狼疮', '银屑病'], icd: ['M05', 'M06', 'M45', 'M32', 'L40'], atc: ['M01', 'L04', 'H02', 'P01BA', 'A07EC', 'D05'] },
  { names: ['甲状腺功能', '甲亢', '甲减'], icd: ['E03', 'E05'], atc: ['H03'] },
  { names: ['肝硬化', '慢性乙型肝炎', '慢性丙型肝炎', '病毒性肝炎'], icd: ['K74', 'B18'], atc: ['J05', 'A05', 'C03DA', 'C07AA'] },
  { names: ['结核'], icd: ['A15', 'A16', 'A17', 'A18', 'A19'], atc: ['J04'] },
  { names: ['骨质疏松'], icd: ['M80', 'M81', 'M82'], atc: ['M05', 'A11CC', 'A12', 'H05AA', 'G03XC'] },
  { names: ['痛风'], icd: ['M10'], atc: ['M04', 'M01'] },
  { names: ['肿瘤', '癌', '白血病', '淋巴瘤', '骨髓瘤'], icd: [...MALIGNANT_ICD], atc: ['L01', 'L02', 'L03', 'L04', 'A04', 'N02A', 'B03XA', 'M05BA', 'V03AF'] },
  { names: ['器官移植', '移植术后'], icd: ['Z94'], atc: ['L04', 'H02', 'J05AB'] },
  { names: ['血友病'], icd: ['D66', 'D67', 'D68.0'], atc: ['B02'] },
  { names: ['艾滋病', 'HIV'], icd: ['B20', 'B21', 'B22', 'B23', 'B24', 'Z21'], atc: ['J05'] },
  { names: ['再生障碍性贫血', '地中海贫血', '贫血'], icd: ['D56', 'D60', 'D61', 'D63', 'D64'], atc: ['B03', 'L04', 'H02', 'V03AC'] },
  { names: ['青光眼'], icd: ['H40'], atc: ['S01E'] },
  { names: ['前列腺增生'], icd: ['N40'], atc: ['G04C'] },
];

/** Asked for every drug line by several checks; kept per code ('' = none), bounded. */
const atcByCode = new Map<string, string>();

/** The ATC class in a Western drug's national code, or undefined (中成药 Z…, items, local codes). */
export function atcOfDrugCode(code: string): string | undefined {
  let atc = atcByCode.get(code);
  if (atc === undefined) {
    atc = /^X[A-Z]\d{2}[A-Z]{2}/.test(code) ? code.slice(1, 6) : '';
    if (atcByCode.size >= 8192) atcByCode.clear();
    atcByCode.set(code, atc);
  }
  return atc === '' ? undefined : atc;
}

/**
 * The classes whose usual drugs include this ATC class. There are a few hundred ATC classes and
 * the question comes for every drug line on every check, so each class's answer is kept.
 */
const classesByAtc = new Map<string, ReadonlySet<ChronicDrugClass>>();

function classesTreating(atc: string): ReadonlySet<ChronicDrugClass> {
  let classes = classesByAtc.get(atc);
  if (!classes) {
    classes = new Set(CHRONIC_DRUG_CLASSES.filter((cls) => cls.atc.some((prefix) => atc.startsWith(prefix))));
    // Codes come from pages; a bound keeps odd input from growing the map.
    if (classesByAtc.size >= 4096) classesByAtc.clear();
    classesByAtc.set(atc, classes);
  }
  return classes;
}

/** Whether a condition's usual drugs include a drug of this ATC class. */
const treats = (cls: ChronicDrugClass, atc: string): boolean => classesTreating(atc).has(cls);

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
    if (classes.some((c) => treats(c, atc))) return true;
  }
  return allRecognised ? false : undefined;
}

/** A diagnosis as the order carries it: a code, and the name the page showed when it showed one. */
export interface DiagnosisFacts {
  readonly code?: string | undefined;
  readonly name?: string | undefined;
}

function classesOfDiagnosis(dx: DiagnosisFacts): ChronicDrugClass[] {
  const code = dx.code?.trim().toUpperCase() ?? '';
  const name = dx.name ?? '';
  return CHRONIC_DRUG_CLASSES.filter(
    (c) => (name !== '' && c.names.some((n) => name.includes(n))) || (code !== '' && c.icd.some((prefix) => code.startsWith(prefix))),
  );
}

/** Each diagnosis with the chronic classes it names, worked out once per order's diagnosis list. */
const classesByList = new WeakMap<readonly DiagnosisFacts[], readonly { dx: DiagnosisFacts; classes: ChronicDrugClass[] }[]>();

function chronicDiagnoses(diagnoses: readonly DiagnosisFacts[]): readonly { dx: DiagnosisFacts; classes: ChronicDrugClass[] }[] {
  let found = classesByList.get(diagnoses);
  if (!found) {
    found = diagnoses.map((dx) => ({ dx, classes: classesOfDiagnosis(dx) })).filter((d) => d.classes.length > 0);
    classesByList.set(diagnoses, found);
  }
  return found;
}

/**
 * The chronic condition among the order's diagnoses whose usual drugs include this one (高血压 for
 * an ARB), named as the doctor reads it, or undefined. A drug without an ATC class in its code
 * (中成药, local codes) matches no diagnosis: nothing shows what it treats.
 */
export function chronicDiagnosisFor(diagnoses: readonly DiagnosisFacts[], drugCode: string): string | undefined {
  const atc = atcOfDrugCode(drugCode);
  if (atc === undefined) return undefined;
  for (const { dx, classes } of chronicDiagnoses(diagnoses)) {
    const cls = classes.find((c) => treats(c, atc));
    if (cls) return dx.name?.trim() || cls.names[0];
  }
  return undefined;
}

/** The first chronic condition whose usual drugs include this one (an ARB → 高血压), for hints. */
export function chronicConditionTreatedBy(drugCode: string): string | undefined {
  const atc = atcOfDrugCode(drugCode);
  if (atc === undefined) return undefined;
  // The set keeps the table's order, so its first class is the table's first match.
  for (const cls of classesTreating(atc)) return cls.names[0];
  return undefined;
}
