import { language } from '../i18n';

/**
 * The words of review by prescription (issue #11), Chinese first, and the Chinese for every value
 * the flag log records in English (submission outcomes, engine error codes, suggested actions), so
 * no record value reaches a Chinese screen untranslated.
 */
const zhCN = {
  'tab.orders': '处方复核',
  'tab.events.all': '全部事件',

  'orders.loaded': '已载入 {count} 张处方',
  'orders.more': '加载更多',
  'orders.end': '已全部载入',
  'orders.empty': '没有符合条件的处方',
  'orders.lineCount': '共 {count} 项',
  'orders.noLines': '（未记录处方明细）',
  'orders.findingCount': '{count} 条提示',
  'orders.noFindings': '无提示',
  'orders.reviewed': '已复核 {done}/{total}',
  'orders.toReview': '待复核 {count}',
  'orders.export.file': '处方复核',
  'orders.export.sheet': '处方复核',

  'ocol.at': '时间',
  'ocol.order': '医嘱编号',
  'ocol.department': '科室',
  'ocol.prescriber': '医生',
  'ocol.lines': '处方内容',
  'ocol.findings': '审核提示',
  'ocol.outcome': '结果',
  'ocol.review': '复核',
  'ocol.rule': '规则名称',
  'ocol.ruleId': '规则编号',
  'ocol.kind': '规则类型',
  'ocol.severity': '级别',
  'ocol.line': '药品/项目',
  'ocol.code': '医保编码',
  'ocol.message': '提示内容',
  'ocol.basis': '依据',
  'ocol.diagnoses': '诊断',
  'ocol.decision': '医生处理',
  'ocol.reason': '理由',
  'ocol.verdict': '复核结论',
  'ocol.verdictComment': '复核意见',
  'ocol.workstation': '工作站',
  'ocol.prescriberId': '医生编号',

  'outcome.clean': '直接提交',
  'outcome.corrected': '修改后提交',
  'outcome.continued': '继续提交',
  'outcome.returned': '返回修改',
  'outcome.unchecked': '未审核即提交',
  'outcome.not-submitted': '未提交',

  'order.title': '处方详情',
  'order.close': '关闭',
  'order.workstation': '工作站',
  'order.source': '来源',
  'order.patient': '患者（匿名标识）',
  'order.pack': '规则包版本',
  'order.first': '首次记录',
  'order.last': '最后记录',
  'order.lines': '处方明细',
  'order.diagnoses': '诊断',
  'order.noDiagnoses': '未记录诊断',
  'order.findings': '审核提示',
  'order.noFindings': '这张处方没有审核提示',
  'order.steps': '提交记录',
  'order.noSteps': '未记录提交',
  'order.primary': '主诊断',
  'order.open': '查看整张处方',

  'line.name': '名称',
  'line.code': '医保编码',
  'line.spec': '规格',
  'line.dose': '单次用量',
  'line.frequency': '频次',
  'line.days': '天数',
  'line.quantity': '数量',
  'line.selfPay': '自费',
  'line.flagged': '有提示',

  'finding.line': '所在行：{name}',
  'finding.wholeOrder': '针对整张处方',
  'finding.basis': '依据：{basis}',
  'finding.amount': '涉及金额 {amount}',
  'finding.shownAt': '首次提示 {time}',
  'finding.decision': '医生处理',
  'finding.noDecision': '医生未作处理',
  'finding.reason': '理由：{reason}',
  'finding.objection': '医生报告误报',
  'finding.noMessage': '（该记录未带提示内容）',
  'finding.verdictHere': '对这条提示的复核',

  'step.submit-check': '提交检查',
  'step.review': '提交前审核',
  'step.check-incomplete': '审核未完成',
  'step.findings': '（{count} 条提示）',

  'submit.clean': '无待复核提示，直接提交',
  'submit.review': '有提示，弹出提交前审核',
  'submit.incomplete': '审核未完成，按页面原样提交',
  'submit.adapter-broken': '页面适配失效，按页面原样提交',
  'submit.silent': '静默模式，未拦截',
  'review.continued': '医生选择继续提交',
  'review.returned': '医生返回修改',

  'incomplete.slow': '审核超时',
  'incomplete.no-pack': '无可用规则包',
  'incomplete.invalid-order': '医嘱数据无法识别',
  'incomplete.timeout': '审核引擎无应答',
  'incomplete.disconnected': '与审核引擎的连接中断',
  'incomplete.bad-request': '审核请求格式有误',
  'incomplete.bad-response': '审核结果格式有误',
  'incomplete.forbidden': '调用被拒绝',
  'incomplete.engine-failed': '审核引擎出错',
  'during.typing': '录入时',
  'during.submit': '提交时',

  'action.set-days': '改天数',
  'action.set-quantity': '改数量',
  'action.mark-self-pay': '转自费',
  'action.add-diagnosis': '补录诊断',
  'action.remove-line': '删除此行',
  'action.request-approval': '申请审批',
  'action.confirm': '确认',
  'action.change-frequency': '改频次',
  'action.set-dose': '改剂量',

  'rule.preflight:pack-effective': '规则包有效期',
  'name.id': '编号 {id}',
} as const;

export type RxKey = keyof typeof zhCN;

const en: Record<RxKey, string> = {
  'tab.orders': 'Prescription review',
  'tab.events.all': 'All events',

  'orders.loaded': '{count} prescriptions loaded',
  'orders.more': 'Load more',
  'orders.end': 'All loaded',
  'orders.empty': 'No prescriptions match',
  'orders.lineCount': '{count} lines',
  'orders.noLines': '(lines not recorded)',
  'orders.findingCount': '{count} findings',
  'orders.noFindings': 'No findings',
  'orders.reviewed': 'Reviewed {done}/{total}',
  'orders.toReview': '{count} to review',
  'orders.export.file': 'prescription-review',
  'orders.export.sheet': 'Prescription review',

  'ocol.at': 'Time',
  'ocol.order': 'Order id',
  'ocol.department': 'Department',
  'ocol.prescriber': 'Doctor',
  'ocol.lines': 'Prescription',
  'ocol.findings': 'Findings',
  'ocol.outcome': 'Outcome',
  'ocol.review': 'Review',
  'ocol.rule': 'Rule',
  'ocol.ruleId': 'Rule id',
  'ocol.kind': 'Rule kind',
  'ocol.severity': 'Severity',
  'ocol.line': 'Drug / item',
  'ocol.code': 'Insurance code',
  'ocol.message': 'Message',
  'ocol.basis': 'Basis',
  'ocol.diagnoses': 'Diagnoses',
  'ocol.decision': 'Doctor decision',
  'ocol.reason': 'Reason',
  'ocol.verdict': 'Verdict',
  'ocol.verdictComment': 'Verdict comment',
  'ocol.workstation': 'Workstation',
  'ocol.prescriberId': 'Doctor id',

  'outcome.clean': 'Submitted',
  'outcome.corrected': 'Corrected, submitted',
  'outcome.continued': 'Submitted anyway',
  'outcome.returned': 'Returned to edit',
  'outcome.unchecked': 'Submitted unchecked',
  'outcome.not-submitted': 'Not submitted',

  'order.title': 'Prescription',
  'order.close': 'Close',
  'order.workstation': 'Workstation',
  'order.source': 'Source',
  'order.patient': 'Patient (pseudonymous key)',
  'order.pack': 'Rule pack version',
  'order.first': 'First record',
  'order.last': 'Last record',
  'order.lines': 'Lines',
  'order.diagnoses': 'Diagnoses',
  'order.noDiagnoses': 'No diagnoses recorded',
  'order.findings': 'Findings',
  'order.noFindings': 'No findings on this prescription',
  'order.steps': 'Submissions',
  'order.noSteps': 'No submission recorded',
  'order.primary': 'Primary',
  'order.open': 'Open the whole prescription',

  'line.name': 'Name',
  'line.code': 'Insurance code',
  'line.spec': 'Strength',
  'line.dose': 'Dose',
  'line.frequency': 'Frequency',
  'line.days': 'Days',
  'line.quantity': 'Quantity',
  'line.selfPay': 'Self-pay',
  'line.flagged': 'Flagged',

  'finding.line': 'Line: {name}',
  'finding.wholeOrder': 'Whole prescription',
  'finding.basis': 'Basis: {basis}',
  'finding.amount': 'Amount at risk {amount}',
  'finding.shownAt': 'First shown {time}',
  'finding.decision': 'Doctor decision',
  'finding.noDecision': 'No decision by the doctor',
  'finding.reason': 'Reason: {reason}',
  'finding.objection': 'The doctor reported a false alarm',
  'finding.noMessage': '(message not recorded)',
  'finding.verdictHere': 'Verdict on this finding',

  'step.submit-check': 'Submit check',
  'step.review': 'Pre-submit review',
  'step.check-incomplete': 'Check incomplete',
  'step.findings': '({count} findings)',

  'submit.clean': 'Nothing to review, submitted',
  'submit.review': 'Findings, pre-submit review shown',
  'submit.incomplete': 'Check incomplete, submitted as is',
  'submit.adapter-broken': 'Page adapter broken, submitted as is',
  'submit.silent': 'Silent mode, not held',
  'review.continued': 'The doctor submitted anyway',
  'review.returned': 'The doctor went back to edit',

  'incomplete.slow': 'Check timed out',
  'incomplete.no-pack': 'No usable rule pack',
  'incomplete.invalid-order': 'Order could not be read',
  'incomplete.timeout': 'Engine did not answer',
  'incomplete.disconnected': 'Engine connection lost',
  'incomplete.bad-request': 'Malformed check request',
  'incomplete.bad-response': 'Malformed check result',
  'incomplete.forbidden': 'Call refused',
  'incomplete.engine-failed': 'Engine failed',
  'during.typing': 'while typing',
  'during.submit': 'at submit',

  'action.set-days': 'Change days',
  'action.set-quantity': 'Change quantity',
  'action.mark-self-pay': 'Self-pay',
  'action.add-diagnosis': 'Add diagnosis',
  'action.remove-line': 'Remove line',
  'action.request-approval': 'Request approval',
  'action.confirm': 'Confirm',
  'action.change-frequency': 'Change frequency',
  'action.set-dose': 'Change dose',

  'rule.preflight:pack-effective': 'Rule pack validity',
  'name.id': 'id {id}',
};

/** A review-by-prescription string with `{name}` placeholders filled. */
export function rxt(key: RxKey, params?: Record<string, string | number>): string {
  const template = language.value === 'en' ? en[key] : zhCN[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}

/** A recorded value in the UI language: `prefix.value` when there is such a string, else the value as recorded. */
export function valueText(prefix: 'outcome' | 'submit' | 'review' | 'incomplete' | 'during' | 'action' | 'step' | 'rule', value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const key = `${prefix}.${value}`;
  return key in zhCN ? rxt(key as RxKey) : undefined;
}

/** What a record's `outcome` (or an incomplete check's reason) says, in words: "returned" never reaches the screen. */
export function outcomeText(type: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const prefix = type === 'submit-check' ? 'submit' : type === 'review' ? 'review' : type === 'check-incomplete' ? 'incomplete' : undefined;
  return (prefix && valueText(prefix, value)) || value;
}
