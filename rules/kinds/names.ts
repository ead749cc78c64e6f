import type { RuleKind } from '../../contract/findings';

/**
 * What each rule kind is called — the one place. Every kind's definition carries its entry
 * (define.ts), and every surface derives from it: the in-page and options UI, the review views
 * and exports (extension and hub dashboard), the 3101 rule_name and CDS Hooks card topic, the
 * local rules template's 规则类型 sheet and its import.
 *
 * It stands apart from the kind modules, which hold the evaluators: the popup and the hub
 * dashboard name kinds without loading the engine (50 kB more in the dashboard otherwise).
 */

export interface KindName {
  /** The Chinese name, in the wording of a payment problem (需自费告知, not 自费告知). */
  readonly zh: string;
  readonly en: string;
  /**
   * Other words a spreadsheet's 规则类型 column uses for this kind (the 两库 batches' wordings,
   * short forms); an import also takes `zh` and the kind id itself.
   */
  readonly synonyms: readonly string[];
}

export const KIND_NAMES: Readonly<Record<RuleKind, KindName>> = {
  indication: { zh: '限适应症', en: 'Restricted indication', synonyms: ['限定适应症', '适应症', '限定支付范围', '限诊断'] },
  quantity: { zh: '超量', en: 'Over quantity', synonyms: ['限量', '限定数量', '用量'] },
  course: { zh: '限支付疗程', en: 'Payable course limit', synonyms: ['限定支付疗程', '限定疗程', '疗程'] },
  sex: { zh: '限性别', en: 'Sex restriction', synonyms: ['限定性别', '性别', '限定性别对象'] },
  age: { zh: '限年龄', en: 'Age restriction', synonyms: ['限定年龄', '年龄', '限定年龄对象'] },
  'visit-type': { zh: '限就医方式', en: 'Visit type restriction', synonyms: ['限定就医方式', '就医方式', '限就诊类型', '限定就诊类型'] },
  'institution-level': {
    zh: '限医疗机构级别',
    en: 'Hospital level restriction',
    synonyms: ['限定机构等级', '限机构等级', '机构等级', '医疗机构级别', '限定医疗机构级别'],
  },
  'insurance-type': { zh: '限险种', en: 'Insurance type restriction', synonyms: ['限定险种', '限定保险类型', '险种'] },
  department: { zh: '限科室', en: 'Department restriction', synonyms: ['限定科室', '科室'] },
  'duplicate-drug': { zh: '重复开药', en: 'Duplicate drug', synonyms: ['重复用药'] },
  'duplicate-charge': { zh: '重复收费', en: 'Duplicate charge', synonyms: ['限定主次操作'] },
  frequency: { zh: '限定频次', en: 'Frequency limit', synonyms: ['限频次', '频次', '限定周期'] },
  'second-line': { zh: '限二线用药', en: 'Second-line only', synonyms: ['二线用药', '限二线'] },
  // 自费告知 was the 3101 answers' wording before the names were one: a sheet may carry it back.
  'self-pay': { zh: '需自费告知', en: 'Self-pay consent', synonyms: ['自费告知', '自费', '不予支付'] },
  approval: { zh: '需审批', en: 'Approval required', synonyms: ['审批', '事前审批'] },
  // Additions for national rules the contract's kinds did not cover (issue #12); the synonyms are
  // the 2025 rule list's own names and the verses' names a sheet may use.
  'diagnosis-sex': { zh: '诊断与性别不符', en: 'Diagnosis vs sex', synonyms: ['诊断与患者性别不符'] },
  'diagnosis-age': { zh: '诊断与年龄不符', en: 'Diagnosis vs age', synonyms: ['诊断与患者年龄不符'] },
  'herb-incompatibility': { zh: '中药配伍禁忌', en: 'Herb incompatibility', synonyms: ['中药饮片配伍禁忌', '配伍禁忌', '十八反', '十九畏'] },
  'drug-count': { zh: '药品种类超标', en: 'Too many drugs', synonyms: ['处方药品种数'] },
  // Not 中药饮片超量上传 (no. 77, per-herb doses): that is `herb-dose`.
  'herb-oversize': { zh: '中药超大处方', en: 'Oversized herbal prescription', synonyms: ['中药饮片超大处方', '饮片超大处方', '超大处方'] },
  'antibiotic-level': {
    zh: '抗菌药物分级管理',
    en: 'Antibiotic privilege level',
    synonyms: ['抗菌药物分级使用管理', '抗菌药物分级', '抗菌药物越级使用', '抗菌药物处方权'],
  },
  // 医用耗材 (the contract's `material` lines): the 2025 rule list's names first.
  'consumable-item': { zh: '耗材与项目不符', en: 'Consumable without its item', synonyms: ['医用耗材与医疗服务项目不符', '耗材须配套项目', '耗材配套项目'] },
  'consumable-quantity': { zh: '耗材数量超标', en: 'Consumable over quantity', synonyms: ['医用耗材数量超标', '耗材数量上限', '耗材限量'] },
  // The hospital's drug lists (2025 list nos. 74, 71, 64): the rule list's own names as synonyms
  // (a name equal to the national rule's would read as a second table of kind names).
  'drug-interaction': { zh: '药物相互作用', en: 'Drug interaction', synonyms: ['药品相互作用', '相互作用', '联合用药禁忌'] },
  // Drugs and 诊疗项目 alike (no. 82 医疗服务项目禁忌症), so not 药品禁忌证.
  contraindication: { zh: '禁忌证', en: 'Contraindication', synonyms: ['药品禁忌证', '药品禁忌症', '禁忌症', '诊断禁忌', '医疗服务项目禁忌症', '项目禁忌症'] },
  'drug-item': { zh: '药品与项目不符', en: 'Drug without its item', synonyms: ['药品与医疗服务项目不符', '药品须配套项目', '药品配套项目'] },
  // Encounter facts the page may show (issue #12): operations (ICD-9-CM-3) and 妊娠/哺乳.
  'operation-sex': { zh: '手术操作与性别不符', en: 'Operation vs sex', synonyms: ['手术操作编码与性别不符', '手术与性别不符'] },
  'operation-diagnosis': { zh: '手术操作与诊断不符', en: 'Operation vs diagnosis', synonyms: ['诊断编码与手术操作编码不符', '手术与诊断不符'] },
  'operation-code': { zh: '手术编码格式异常', en: 'Invalid operation code', synonyms: ['手术操作编码异常', '手术编码异常'] },
  'diagnosis-code': { zh: '诊断编码异常', en: 'Invalid diagnosis code', synonyms: ['疾病诊断编码异常', '诊断编码不在医保版'] },
  'perioperative-antibiotic': { zh: '围手术期预防用药超时', en: 'Perioperative prophylaxis too long', synonyms: ['围手术期抗菌药物预防性应用监管', '围手术期抗菌药物', '预防用药超时'] },
  maternity: { zh: '妊娠哺乳期用药', en: 'Pregnancy and lactation', synonyms: ['妊娠期及哺乳期用药安全', '妊娠期用药', '哺乳期用药', '孕妇禁用'] },
  // The hospital's 中药饮片最大剂量表 (no. 77): a dose per 味, not the whole prescription of `herb-oversize`.
  'herb-dose': { zh: '中药饮片超量', en: 'Herb over dose', synonyms: ['中药饮片超量上传', '饮片超量', '饮片超剂量', '中药饮片超剂量', '饮片最大剂量'] },
  // The hospital's 门诊慢特病病种用药范围表 (no. 11).
  'chronic-drug': { zh: '超慢特病用药范围', en: 'Outside the chronic disease drug list', synonyms: ['药品超限定病种目录范围使用', '超限定病种目录范围', '慢特病用药范围', '门诊慢特病用药范围', '超病种用药范围'] },
  // The hospital's indication lists (2025 list nos. 70, 78, 79, 83): not `indication` (the 医保
  // 限定支付范围), whose words a sheet must not take for this.
  'indication-list': {
    zh: '超适应症或无指征',
    en: 'Off-indication list',
    synonyms: ['超说明书适应症用药', '超说明书适应症', '无指征检验检查', '无指征治疗', '医疗服务项目超适应症使用', '项目超适应症', '说明书适应症', '检验检查指征', '治疗指征'],
  },
  // Raised by the engine itself when the page left out what a rule needs; no rule has this kind.
  data: { zh: '数据不全', en: 'Incomplete data', synonyms: [] },
};
