import { buildPack, type BuiltPack, type PackMeta } from './build-pack';
import { batchFromFileName, fileTitle } from './batch-name';
import type { ImportFile, ImportOptions } from './import-file';
import type { RuleInput } from './rule-collector';
import { diagnosisRules, herbRules, HERB_SOURCE, ICD_SOURCE } from './knowledge-rules';
import { CHS_CODES_SOURCE, codingRules, OPERATION_SOURCE } from './coding-rules';

/**
 * The built-in demo pack: every shared two-libs batch, the structured catalogue, the example
 * 医用耗材 lists (rules/import/templates) and the 处方管理办法 limits. The version is a constant, not a date, so regenerating from the same
 * inputs gives the same file.
 */

export const DEMO_PACK_ID = 'demo-nhsa-2026';
export const DEMO_PACK_VERSION = '2026.11.1';
export const DEMO_PUBLISHER = 'Preflight 演示（国家医保局两库 + 医保药品目录限定支付范围）';

/** Where each input came from, as ../shared/README.md records it. */
const LICENCE_NOTES = {
  batchXlsx:
    'NHSA published rule base, as collected in the public repository jdzwq/MediModel (数据字典/两库整理/); no licence stated there',
  batchCsv:
    'A public structured extraction of the NHSA batch attachments (repository rachelzzz1921/yingyan, kb/two_libraries/batches/), converted to CSV; no licence stated there',
  catalogue: 'jdzwq/MediModel, 数据作业/B-字典生成/b.2.01-生成药品限制规则.sql, converted to CSV',
  antibioticList:
    'Hand-written example in this repository (rules/import/templates/antibiotic-levels-example.csv): grades as common provincial 抗菌药物分级管理目录 give them, on national codes and catalogue keys of ../shared/data; not any hospital’s or region’s official list',
  prescriberList:
    'Hand-written example in this repository (rules/import/templates/prescriber-privileges-example.csv): made-up doctors, 工号 and 医保医师代码, for the demo pages and golden orders',
  consumableItems:
    'Hand-written example in this repository (rules/import/templates/consumable-items-example.csv): which 诊疗项目 a 医用耗材 goes with or is included in, as a hospital keeps it; consumable codes constructed in the national 27-character format, item codes national (静脉输液, 小儿头皮静脉输液, 动静脉置管护理)',
  consumableLimits:
    'Hand-written example in this repository (rules/import/templates/consumable-limits-example.csv): quantity, sex, age, department and disease limits of 医用耗材 as a hospital keeps them; consumable codes constructed in the national 27-character format',
  drugList:
    'Hand-written example in this repository (rules/import/templates/drug-*-example.csv): a few entries each, as the drugs’ labels (说明书) and the cited criteria state them, on national codes and catalogue keys of ../shared/data; not any hospital’s list, and no substitute for one its 药事管理与药物治疗学委员会 approves',
  herbDoseList:
    'Hand-written example in this repository (rules/import/templates/herb-max-dose-example.csv): the 药典 (2020) 【用法与用量】 ranges of a few 饮片, on the 饮片 codes of 两库 第十一批 (丁香, 肉桂, 全蝎, 花椒, 麝香) and, for 细辛, 制川乌 and 甘遂, on the codes the demo HIS constructs in the national format (demo/emr/herbs.js); not any hospital’s list',
  chronicDrugList:
    'Hand-written example in this repository (rules/import/templates/chronic-drugs-example.csv): two 门诊慢特病病种 (national codes M03900 高血压病, M01600 糖尿病) with a 用药范围 by ATC class and catalogue key of ../shared/data, as a 统筹区 might publish it; not any region’s official list',
  itemList:
    'Hand-written example in this repository (rules/import/templates/item-*-example.csv): a few 诊疗项目 with the diagnoses (ICD-10 医保版 2.0 codes of ../shared/data) that indicate or contraindicate them, as clinical practice and the cited guideline state them, on national item codes of the 两库 batches; not any hospital’s list',
} as const;

/** The drug lists' example files and what each is called in the pack's sources. */
const DRUG_LIST_TITLES: readonly [RegExp, string][] = [
  [/drug-interactions-example/, '本院药品相互作用表（示例）'],
  [/drug-contraindications-example/, '本院药品禁忌症表（示例）'],
  [/drug-age-use-example/, '本院儿童与老年人用药表（示例）'],
  [/drug-max-dose-example/, '本院药品最大日剂量表（示例）'],
  [/drug-items-example/, '本院药品与诊疗项目对照表（示例）'],
  [/drug-maternity-example/, '本院妊娠期哺乳期用药表（示例）'],
  [/drug-label-indications-example/, '本院药品说明书适应症表（示例）'],
];

export function demoSourceFor(fileName: string): { title: string; note?: string } {
  const batch = batchFromFileName(fileName);
  if (batch && /\.xlsx$/i.test(fileName)) return { title: `国家医保局两库 ${batch.label} ${batch.title}`, note: LICENCE_NOTES.batchXlsx };
  if (batch) return { title: `国家医保局两库 ${batch.label} ${batch.title}`, note: LICENCE_NOTES.batchCsv };
  if (/drug-restrictions-structured/.test(fileName)) return { title: '医保药品目录 限定支付范围（结构化整理）', note: LICENCE_NOTES.catalogue };
  if (/antibiotic-levels-example/.test(fileName)) return { title: '本院抗菌药物分级管理目录（示例）', note: LICENCE_NOTES.antibioticList };
  if (/prescriber-privileges-example/.test(fileName)) return { title: '医师抗菌药物、麻精药品处方权名单（示例）', note: LICENCE_NOTES.prescriberList };
  // No national consumable knowledge is in ../shared: the example lists stand in for the hospital's own.
  if (/consumable-items-example/.test(fileName)) return { title: '本院医用耗材清单（示例）：项目与耗材对照', note: LICENCE_NOTES.consumableItems };
  if (/consumable-limits-example/.test(fileName)) return { title: '本院医用耗材清单（示例）：耗材限定', note: LICENCE_NOTES.consumableLimits };
  const drugList = DRUG_LIST_TITLES.find(([pattern]) => pattern.test(fileName));
  if (drugList) return { title: drugList[1], note: LICENCE_NOTES.drugList };
  if (/herb-max-dose-example/.test(fileName)) return { title: '本院中药饮片最大剂量表（示例）', note: LICENCE_NOTES.herbDoseList };
  if (/chronic-drugs-example/.test(fileName)) return { title: '本院门诊慢特病病种用药范围表（示例）', note: LICENCE_NOTES.chronicDrugList };
  if (/item-indications-example/.test(fileName)) return { title: '本院诊疗项目指征表（示例）', note: LICENCE_NOTES.itemList };
  if (/item-contraindications-example/.test(fileName)) return { title: '本院诊疗项目禁忌症表（示例）', note: LICENCE_NOTES.itemList };
  return { title: fileTitle(fileName) || fileName };
}

const PRESCRIPTION_BASIS = '处方管理办法（卫生部令第53号）';
const RULE_BASE_2025 = '医疗保障基金智能监管规则库（2025年版）';

/**
 * 处方管理办法: day limits per visit type, the same medicine or the same PPI class twice, more
 * than the pack's prescriptionMaxDrugs (5) drugs on one prescription, and a 饮片 prescription over
 * the pack's herbalPrescription limits (味数, 每剂总重, 付数).
 */
export function prescriptionRules(): RuleInput[] {
  return [
    {
      id: 'rx-day-limits',
      kind: 'quantity',
      name: '处方用量',
      // Over a limit the order's facts decide is not paid; where a chronic diagnosis allows a
      // longer prescription with a stated reason, the finding asks for it as a warning instead.
      severity: 'critical',
      basis: `${PRESCRIPTION_BASIS}第十九条`,
      text: '处方一般不得超过7日用量；急诊处方一般不得超过3日用量；对于某些慢性病、老年病或特殊情况，处方用量可适当延长，但医师应当注明理由。',
      match: { lineKinds: ['drug'] },
      // 饮片 (T) go to rx-herb-oversize: their 付数 is one number for the whole prescription, not one finding per 味.
      params: { dayLimits: true, checkDispensed: true, exceptPrefixes: ['T'] },
    },
    {
      id: 'rx-duplicate-ingredient',
      kind: 'duplicate-drug',
      name: '同一成分重复开药',
      basis: `${PRESCRIPTION_BASIS}；医院处方点评管理规范（试行）：重复给药`,
      match: { lineKinds: ['drug'] },
      // An earlier prescription still supplying the patient counts; a refill 3 days before it runs out is the usual 续方.
      params: { by: 'ingredient', refillDays: 3 },
    },
    {
      id: 'rx-duplicate-class-ppi',
      kind: 'duplicate-drug',
      name: '质子泵抑制剂重复使用',
      basis: `${PRESCRIPTION_BASIS}；医院处方点评管理规范（试行）：重复给药`,
      // National 西药 codes carry the ATC class right after the X: XA02BC… is A02BC 质子泵抑制剂.
      match: { prefixes: ['XA02BC'], lineKinds: ['drug'] },
      params: { by: 'class', classes: ['A02BC'], classLabel: '质子泵抑制剂' },
    },
    {
      id: 'rx-drug-count',
      kind: 'drug-count',
      name: '每张处方药品种数',
      // A HIS may split the order into prescriptions of five when it prints: the doctor confirms.
      severity: 'warning',
      basis: `${PRESCRIPTION_BASIS}第六条；医疗保障基金智能监管规则库（2025年版）：药品种类超标`,
      text: '开具西药、中成药处方，每一种药品应当另起一行，每张处方不得超过5种药品。',
      match: { lineKinds: ['drug'] },
      params: { visitTypes: ['outpatient', 'emergency'] },
    },
    {
      id: 'rx-herb-oversize',
      kind: 'herb-oversize',
      name: '中药饮片处方味数、剂量与付数',
      // Beyond the 一般 limits with a reason stated on the prescription (处方管理办法第十九条): the doctor confirms.
      severity: 'warning',
      basis: `${RULE_BASE_2025}：中药饮片超大处方；${PRESCRIPTION_BASIS}第十九条；味数与每剂总重上限为本院规定`,
      text: '中药饮片处方的味数、每剂总重和付数不得超过规定；1 剂为 1 日用量，门诊一般不超过 7 付、急诊不超过 3 付，确需超出时医师应当在处方上注明理由。',
      // National 饮片 codes start with T.
      match: { prefixes: ['T'], lineKinds: ['drug'] },
      params: { herbPrefixes: ['T'] },
      source: { ruleClass: '中药饮片超大处方' },
    },
  ];
}

/**
 * The rules every pack built here carries besides what its files give: the 处方管理办法 rules and
 * the fixed public knowledge (性别/年龄专用诊断编码, 手术操作章节与编码, 十八反/十九畏).
 */
export function fixedRules(): RuleInput[] {
  return [...prescriptionRules(), ...diagnosisRules(), ...codingRules(), ...herbRules()];
}

export const DEMO_META: PackMeta = {
  id: DEMO_PACK_ID,
  version: DEMO_PACK_VERSION,
  publisher: { name: DEMO_PUBLISHER },
  description:
    '演示规则包：由 scripts/build-demo-pack.ts 从国家医保局两库各批次、医保药品目录限定支付范围（结构化整理）、示例医用耗材清单、处方管理办法（含中药饮片超大处方）、ICD-10 性别与年龄专用诊断编码、ICD-9-CM-3 手术操作章节、ICD-10 医保版编码表、中药十八反十九畏和抗菌药物分级目录、医师处方权名单及本院药品清单示例生成，供试用，非医保部门发布。',
  sourceFor: demoSourceFor,
  extraSources: [
    { id: 'prescription-rules', title: PRESCRIPTION_BASIS, note: '门诊 ≤ 7 日、急诊 ≤ 3 日用量，长期处方 ≤ 12 周；重复给药；每张处方不超过 5 种药品' },
    {
      id: 'herbal-prescription',
      title: '中药饮片超大处方：味数、每剂总重、付数',
      note: '国家规则库（2025年版）只列规则名、未公布数值：味数与每剂总重上限为本地规定（规则包设置 herbalPrescription，默认 25 味、400 克）；付数按 1 剂为 1 日用量，默认同处方管理办法天数（门诊 7 付、急诊 3 付）',
    },
    ICD_SOURCE,
    OPERATION_SOURCE,
    CHS_CODES_SOURCE,
    HERB_SOURCE,
  ],
  extraRules: fixedRules(),
  // The demo's diagnoses are all 医保版 2.0 codes: it shows 疾病诊断编码异常, which a hospital
  // turns on only once its HIS writes 医保版 codes (the setting is off by default).
  settings: { diagnosisCodeCheck: true },
};

/** Builds the demo pack from the shared input files (names as published, bytes as read). */
export function buildDemoPack(files: readonly ImportFile[], options: ImportOptions = {}): BuiltPack {
  return buildPack(files, DEMO_META, options);
}
