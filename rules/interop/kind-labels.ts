import type { RuleKind } from '../../contract/findings';

/** Chinese names of the rule kinds, as the 两库 batches call them (for 3101 rule_name and card topics). */
export const KIND_LABEL_ZH: Record<RuleKind, string> = {
  indication: '限适应症',
  quantity: '超量',
  course: '限支付疗程',
  sex: '限性别',
  age: '限年龄',
  'visit-type': '限就医方式',
  'institution-level': '限医疗机构级别',
  'insurance-type': '限险种',
  department: '限科室',
  'duplicate-drug': '重复开药',
  'duplicate-charge': '重复收费',
  frequency: '限定频次',
  'second-line': '限二线用药',
  'self-pay': '自费告知',
  approval: '需审批',
  data: '信息不全无法审核',
};
