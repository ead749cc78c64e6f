import { signal } from '@preact/signals';
import type { Action, RuleKind, Severity } from '../contract/findings';
import { overrideReasonOf, type OVERRIDE_REASONS, type ReasonCode } from '../contract/decision';

/**
 * Every string the in-page UI shows, Chinese first. Rule messages, bases and action labels are
 * data from the pack and are not translated here; only the UI's own words are.
 */
const zhCN = {
  'app.name': 'Preflight',
  'app.title': '医保事前审核',

  'badge.checking': '审核中…',
  'badge.checked': '已审核',
  'badge.clean': '未发现问题',
  'badge.attention': '{count} 项需注意',
  'badge.incomplete': '审核未完成',
  'badge.incomplete.hint': '{reason}。本次提交不受影响，请自行核对医保支付规则。',
  'badge.incomplete.default': '审核引擎未及时响应',
  'badge.adapterBroken': '页面适配失效',
  'badge.adapterBroken.hint': '页面结构已变化，无法读取医嘱：{missing}。请联系医保办或信息科。',
  'badge.adapterBroken.default': '未找到医嘱表格',
  'badge.silent': '静默',
  'badge.silent.hint': '静默模式：只记录，不提示',
  'badge.packVersion': '规则包 {version}',
  'badge.toggle': '显示或隐藏审核结果',

  'severity.critical': '严重',
  'severity.warning': '注意',
  'severity.info': '提示',
  'severity.count.critical': '{count} 项严重',
  'severity.count.warning': '{count} 项注意',
  'severity.count.info': '{count} 项提示',

  'kind.indication': '限适应症',
  'kind.quantity': '超量',
  'kind.course': '限支付疗程',
  'kind.sex': '限性别',
  'kind.age': '限年龄',
  'kind.visit-type': '限就医方式',
  'kind.institution-level': '限医疗机构级别',
  'kind.insurance-type': '限险种',
  'kind.department': '限科室',
  'kind.duplicate-drug': '重复开药',
  'kind.duplicate-charge': '重复收费',
  'kind.frequency': '限定频次',
  'kind.second-line': '限二线用药',
  'kind.self-pay': '需自费告知',
  'kind.approval': '需审批',
  'kind.data': '数据不全',

  'finding.basis': '依据',
  'finding.detail.show': '查看说明',
  'finding.detail.hide': '收起说明',
  'finding.amount': '涉及金额 {amount}',
  'finding.dismiss': '本次不再提示',
  'finding.hint': '可手动处理：{label}',
  'finding.close': '关闭',

  'marker.label': '{count} 项医保提示，最高级别：{severity}',

  'panel.title': '医保支付审核',
  'panel.empty': '未发现医保支付问题',
  'panel.orderLevel': '整张医嘱',
  'panel.line': '第 {id} 行',
  'panel.close': '关闭',

  'review.title': '提交前医保审核',
  'review.intro': '以下 {count} 项可能导致医保不予支付，请逐项选择处理方式。',
  'review.total': '涉及金额合计 {amount}',
  'review.return': '返回修改',
  'review.continue': '继续提交',
  'review.choice': '处理方式',
  'review.reason': '继续提交的理由',
  'review.reason.other': '其他原因',
  'review.reason.otherPlaceholder': '请填写理由',
  'review.reason.missing': '请选择或填写理由',
  'review.bulk': '全部按同一理由继续',
  'review.bulk.apply': '全部继续',
  'review.bulk.pick': '选择理由',
  'review.pending': '还有 {count} 项未选择处理方式或未填写理由',
  'review.dialog': '提交前医保审核对话框',

  'action.set-days': '改为 {value} 天',
  'action.set-quantity': '数量改为 {value}',
  'action.mark-self-pay': '转自费',
  'action.add-diagnosis': '补录诊断',
  'action.remove-line': '删除此行',
  'action.request-approval': '申请审批',
  'action.confirm': '已确认',
  'action.change-frequency': '修改频次',

  'lang.switch': 'English',
} as const;

export type MessageKey = keyof typeof zhCN;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  'app.name': 'Preflight',
  'app.title': 'Insurance pre-check',

  'badge.checking': 'Checking…',
  'badge.checked': 'Checked',
  'badge.clean': 'No issues',
  'badge.attention': '{count} need attention',
  'badge.incomplete': 'Check incomplete',
  'badge.incomplete.hint': '{reason}. Submission is not affected; please check the insurance rules yourself.',
  'badge.incomplete.default': 'The checking engine did not answer in time',
  'badge.adapterBroken': 'Page adapter broken',
  'badge.adapterBroken.hint': 'The page layout changed and orders cannot be read: {missing}. Please contact the insurance office or IT.',
  'badge.adapterBroken.default': 'order table not found',
  'badge.silent': 'Silent',
  'badge.silent.hint': 'Silent mode: findings are logged, not shown',
  'badge.packVersion': 'Rule pack {version}',
  'badge.toggle': 'Show or hide check results',

  'severity.critical': 'Critical',
  'severity.warning': 'Warning',
  'severity.info': 'Info',
  'severity.count.critical': '{count} critical',
  'severity.count.warning': '{count} warning',
  'severity.count.info': '{count} info',

  'kind.indication': 'Restricted indication',
  'kind.quantity': 'Over quantity',
  'kind.course': 'Payable course limit',
  'kind.sex': 'Sex restriction',
  'kind.age': 'Age restriction',
  'kind.visit-type': 'Visit type restriction',
  'kind.institution-level': 'Hospital level restriction',
  'kind.insurance-type': 'Insurance type restriction',
  'kind.department': 'Department restriction',
  'kind.duplicate-drug': 'Duplicate drug',
  'kind.duplicate-charge': 'Duplicate charge',
  'kind.frequency': 'Frequency limit',
  'kind.second-line': 'Second-line only',
  'kind.self-pay': 'Self-pay consent',
  'kind.approval': 'Approval required',
  'kind.data': 'Incomplete data',

  'finding.basis': 'Basis',
  'finding.detail.show': 'Show details',
  'finding.detail.hide': 'Hide details',
  'finding.amount': 'Amount at risk {amount}',
  'finding.dismiss': "Don't show again for this order",
  'finding.hint': 'Do it by hand: {label}',
  'finding.close': 'Close',

  'marker.label': 'Insurance findings: {count}, highest: {severity}',

  'panel.title': 'Insurance payment check',
  'panel.empty': 'No insurance payment issues found',
  'panel.orderLevel': 'Whole order',
  'panel.line': 'Line {id}',
  'panel.close': 'Close',

  'review.title': 'Insurance review before submitting',
  'review.intro': '{count} findings may not be paid by insurance. Choose what to do with each.',
  'review.total': 'Total amount at risk {amount}',
  'review.return': 'Go back and edit',
  'review.continue': 'Submit anyway',
  'review.choice': 'Decision',
  'review.reason': 'Reason for submitting anyway',
  'review.reason.other': 'Other reason',
  'review.reason.otherPlaceholder': 'Type a reason',
  'review.reason.missing': 'Choose or type a reason',
  'review.bulk': 'Continue all with one reason',
  'review.bulk.apply': 'Continue all',
  'review.bulk.pick': 'Choose a reason',
  'review.pending': '{count} findings still need a decision or a reason',
  'review.dialog': 'Insurance review before submitting',

  'action.set-days': 'Set to {value} days',
  'action.set-quantity': 'Set quantity to {value}',
  'action.mark-self-pay': 'Mark as self-pay',
  'action.add-diagnosis': 'Add diagnosis',
  'action.remove-line': 'Remove line',
  'action.request-approval': 'Request approval',
  'action.confirm': 'Confirmed',
  'action.change-frequency': 'Change frequency',

  'lang.switch': '中文',
};

/** English labels for the preset override reasons; the Chinese text stays the recorded value. */
const reasonEn: Record<(typeof OVERRIDE_REASONS)[number]['code'], string> = {
  'clinically-necessary': 'Clinically necessary, patient informed',
  'patient-self-pay': 'Patient agrees to pay',
  approved: 'Approval obtained',
  'external-result-pending': 'External test results to be added',
  'rule-not-applicable': 'Rule does not apply (report to insurance office)',
};

export type Language = 'zh-CN' | 'en';

const dictionaries: Record<Language, Dictionary> = { 'zh-CN': zhCN, en };

/** The UI language; components read it while rendering, so setting it re-renders them. */
export const language = signal<Language>('zh-CN');

export type MessageParams = Record<string, string | number>;

/** Looks up a UI string and fills `{name}` placeholders; unknown placeholders stay visible. */
export function t(key: MessageKey, params?: MessageParams): string {
  const template = dictionaries[language.value][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function kindLabel(kind: RuleKind): string {
  return t(`kind.${kind}`);
}

export function severityLabel(severity: Severity): string {
  return t(`severity.${severity}`);
}

/**
 * Action labels come from the pack in Chinese and often carry rule-specific words ("已确认：…").
 * In Chinese they are shown as written; in English the generic label of the action type is used,
 * keeping the Chinese detail of a confirmation since it names the clinical condition.
 */
export function actionLabel(action: Action): string {
  if (language.value === 'zh-CN') return action.label || t(`action.${action.type}`, { value: action.value ?? '' });
  const generic = t(`action.${action.type}`, { value: action.value ?? '' });
  return action.type === 'confirm' && action.label ? `${generic}: ${action.label}` : generic;
}

export function reasonLabel(display: ReasonCode): string {
  return language.value === 'en' ? reasonEn[overrideReasonOf(display).code] : display;
}

/** Amounts in yuan with two decimals: "¥98.50". */
export function formatAmount(amount: number): string {
  return `¥${amount.toFixed(2)}`;
}
