/**
 * Chinese names of the order's fields by contract path ("lines.days" → 天数): the adapter's problem
 * messages, the fields a page could not read (`Order.unread`) as the engine and the badge name them,
 * and the manual step a failed one-click fix offers.
 */

export const FIELD_NAMES: Readonly<Record<string, string>> = {
  orderId: '处方号',
  'patient.key': '患者标识',
  'patient.sex': '性别',
  'patient.age': '年龄',
  'patient.birthDate': '出生日期',
  'patient.weightKg': '体重',
  'encounter.visitType': '就诊类型',
  'encounter.date': '就诊日期',
  'encounter.department': '科室',
  'encounter.insuranceType': '医保类型',
  'encounter.institutionLevel': '医院级别',
  'encounter.internet': '互联网诊疗',
  'encounter.longTermPrescription': '长期处方',
  'encounter.diagnoses': '诊断',
  'prescriber.id': '医生工号',
  'prescriber.title': '医生职称',
  'prescriber.antibioticLevel': '抗菌药物处方权',
  'prescriber.narcoticPrivilege': '麻精药品处方权',
  'diagnoses.code': '诊断编码',
  'diagnoses.name': '诊断名称',
  'diagnoses.primary': '主诊断标记',
  'lines.id': '行标识',
  'lines.code': '医保编码',
  'lines.name': '名称',
  'lines.kind': '项目类别',
  'lines.spec': '规格',
  'lines.dose': '每次剂量',
  'lines.doseUnit': '剂量单位',
  'lines.frequency': '频次',
  'lines.days': '天数',
  'lines.quantity': '总量',
  'lines.unit': '单位',
  'lines.route': '用法',
  'lines.selfPay': '自费标记',
  'lines.group': '组号',
  'lines.price': '单价',
  'lines.approvalNo': '审批号',
  'lines.date': '医嘱日期',
  'lines.prescriberId': '开单医生工号',
};

/** The Chinese name of a contract path ("lines.days" → 天数); the path itself when it has none. */
export const fieldName = (path: string): string => FIELD_NAMES[path] ?? path;
