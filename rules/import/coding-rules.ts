import type { RuleInput } from './rule-collector';
import { importedSeverity } from '../kinds';
import { EVERY_LINE, nationalSource, RULE_BASE_2025 } from './knowledge-rules';
import {
  FEMALE_OPERATION_SPANS, MALE_OPERATION_SPANS, OBSTETRIC_DIAGNOSES, OBSTETRIC_SPANS, OPERATION_SEX_EXCEPTIONS,
  SEX_DEVELOPMENT_DIAGNOSES,
} from '../data/icd9-operations';

/**
 * Rules of the coding facts (信息数据监管类, 2025 list nos. 37–40) from the fixed public knowledge of
 * rules/data: the ICD-9-CM-3 chapters (icd9-operations.ts) and the ICD-10 医保版 2.0 code list
 * (icd10-chs-codes.ts). Like the diagnosis rules they apply to every line kind: a code concerns the
 * whole claim and is checked whenever the order has a line.
 */

export const OPERATION_SOURCE = {
  id: 'icd9-operations',
  title: 'ICD-9-CM-3（医保版 2.0）的章节结构：男性生殖器官手术 60–64、女性生殖器官手术 65–71、产科操作 72–75',
  note: 'rules/data/icd9-operations.ts：ICD-9-CM 第三卷章节；不含编码表（../shared 无 ICD-9-CM-3 列表），只判断编码所属章节和格式',
};

export const CHS_CODES_SOURCE = {
  id: 'icd10-chs-codes',
  title: 'ICD-10 医保版 2.0 疾病诊断编码（仅编码）',
  note: 'rules/data/icd10-chs-codes.ts，由 scripts/icd/gen-icd10-chs-codes.ts 从 icd10-chs-v2-diagnoses.csv（OpenDRG/DRG_JavaScript，Apache-2.0）生成；规则包设置 diagnosisCodeCheck 开启时才核对',
};

export function codingRules(): RuleInput[] {
  const sexParams = (allowed: 'M' | 'F') => ({
    allowed,
    operations: (allowed === 'M' ? MALE_OPERATION_SPANS : FEMALE_OPERATION_SPANS).map((s) => ({ ...s })),
    exceptCodes: OPERATION_SEX_EXCEPTIONS.map((e) => e.code),
    exceptDiagnoses: [...SEX_DEVELOPMENT_DIAGNOSES],
  });
  const obstetricParams = {
    operations: OBSTETRIC_SPANS.map((s) => ({ ...s })),
    diagnoses: OBSTETRIC_DIAGNOSES.map((d) => ({ ...d })),
    label: '妊娠、分娩或产褥期',
  };
  return [
    {
      id: 'icd9-operation-sex-male',
      kind: 'operation-sex',
      name: '男性专用手术操作编码',
      severity: importedSeverity('operation-sex', sexParams('M')),
      basis: `${RULE_BASE_2025}：手术操作编码与性别不符；ICD-9-CM-3 章节`,
      text: '男性生殖器官手术（60–64）只用于男性患者；性别转换相关手术及性发育异常者除外。',
      match: EVERY_LINE,
      params: sexParams('M'),
      source: nationalSource(39),
    },
    {
      id: 'icd9-operation-sex-female',
      kind: 'operation-sex',
      name: '女性专用手术操作编码',
      severity: importedSeverity('operation-sex', sexParams('F')),
      basis: `${RULE_BASE_2025}：手术操作编码与性别不符；ICD-9-CM-3 章节`,
      text: '女性生殖器官手术（65–71）和产科操作（72–75）只用于女性患者；性别转换相关手术及性发育异常者除外。',
      match: EVERY_LINE,
      params: sexParams('F'),
      source: nationalSource(39),
    },
    {
      id: 'icd9-obstetric-diagnosis',
      kind: 'operation-diagnosis',
      name: '产科操作须有妊娠相关诊断',
      severity: importedSeverity('operation-diagnosis', obstetricParams),
      basis: `${RULE_BASE_2025}：诊断编码与手术操作编码不符；ICD-9-CM-3 章节`,
      text: '产科操作（72–75，如剖宫产、产钳助产、羊膜腔穿刺）的就诊，诊断中应有妊娠、分娩或产褥期的编码（O00–O99、Z32–Z37、Z39）。',
      match: EVERY_LINE,
      params: obstetricParams,
      source: nationalSource(40),
    },
    {
      id: 'icd9-operation-code',
      kind: 'operation-code',
      name: '手术操作编码格式',
      severity: importedSeverity('operation-code', {}),
      basis: `${RULE_BASE_2025}：手术操作编码异常；ICD-9-CM-3 编码格式`,
      text: '手术操作编码应为 ICD-9-CM-3（医保版）编码：两位类目、小数点后四位（或 x 占位），医保版扩展码 x 加三位，如 74.1x00、65.2500x001。',
      match: EVERY_LINE,
      params: {},
      source: nationalSource(38),
    },
    {
      id: 'icd10-chs-diagnosis-code',
      kind: 'diagnosis-code',
      name: '诊断编码须为医保版',
      severity: importedSeverity('diagnosis-code', {}),
      basis: `${RULE_BASE_2025}：疾病诊断编码异常；ICD-10 医保版 2.0`,
      text: '诊断编码应为 ICD-10 医保版 2.0 编码。仅在规则包设置“诊断编码核对”（diagnosisCodeCheck）开启时核对：仍用国临版编码、结算时再对照的医院请勿开启。',
      match: EVERY_LINE,
      params: { exceptCodes: [] },
      source: nationalSource(37),
    },
    {
      id: 'abx-perioperative-prophylaxis',
      kind: 'perioperative-antibiotic',
      name: '围手术期预防用抗菌药物疗程',
      severity: importedSeverity('perioperative-antibiotic', { hours: 48 }),
      basis: `${RULE_BASE_2025}：围手术期抗菌药物预防性应用监管；抗菌药物临床应用指导原则（2015年版）`,
      text:
        '清洁手术预防用药时间不超过 24 小时，心脏手术可视情况延长到 48 小时；清洁-污染手术和污染手术的预防用药时间亦为 24 小时，污染手术必要时延长至 48 小时。' +
        '过度延长用药时间并不能进一步提高预防效果，且预防用药时间超过 48 小时，耐药菌感染机会增加。',
      // National 西药 codes carry the ATC class after the X: J01 is 全身用抗细菌药.
      match: { prefixes: ['XJ01'], lineKinds: ['drug'] },
      params: { hours: 48 },
      source: nationalSource(44),
    },
  ];
}
