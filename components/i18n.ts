import { signal } from '@preact/signals';
import type { Action, RuleKind, Severity } from '../contract/findings';
import { overrideReasonOf, type OVERRIDE_REASONS, type ReasonCode } from '../contract/decision';
import { KIND_NAMES } from '../rules/kinds/names';

/**
 * Every string the in-page UI shows, Chinese first. Rule messages, bases and action labels are
 * data from the pack and are not translated here; only the UI's own words are. Kind names are the
 * kinds' own (rules/kinds/names.ts), shared with the import template and the 3101/CDS Hooks answers.
 */
const zhCN = {
  'app.name': '医保审核',
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
  'badge.unread': '未读取：{fields}',
  'badge.unread.hint': '页面上未能读取{fields}，相关规则未核对，其余照常审核。请联系医保办或信息科更新站点配置。',
  'badge.silent': '静默',
  'badge.silent.hint': '静默模式：只记录，不提示',
  'badge.stopped': '审核已停止 · 保存后刷新本页可恢复',
  'badge.stopped.hint': '医保审核助手已更新或停用，本页不再审核。请在保存或提交当前医嘱后刷新本页，以恢复审核；提交不受影响。',
  'badge.packVersion': '规则包 {version}',
  'badge.packExpired': '规则包已过期',
  'badge.packExpired.hint': '规则包已过期（有效期至 {on}），仍按此规则包审核，请联系医保办发布新版本',
  'badge.toggle': '显示或隐藏审核结果',

  'severity.critical': '不予支付',
  'severity.warning': '需确认',
  'severity.info': '提示',
  'severity.count.critical': '{count} 项不予支付',
  'severity.count.warning': '{count} 项需确认',
  'severity.count.info': '{count} 项提示',

  'finding.basis': '依据',
  'finding.detail.show': '查看说明',
  'finding.detail.hide': '收起说明',
  'finding.amount': '涉及金额 {amount}',
  'finding.dismiss': '本次不再提示',
  'finding.hint': '可手动处理：{label}',
  'fix.failed': '无法自动修改（{why}），请在{row}「{column}」中手动{step}',
  'fix.step.set': '改为 {value}',
  'fix.step.check': '勾选',
  'finding.close': '关闭',

  'marker.label': '{count} 项医保提示，最高级别：{severity}',

  // A line's name: a drug's, an item's or a 医用耗材's alike.
  'field.name': '名称',
  'field.days': '天数',
  'field.dose': '剂量',
  'field.quantity': '总量',
  'field.frequency': '频次',
  'field.selfPay': '自费',
  'field.approvalNo': '审批号',
  'field.sex': '性别',
  'field.age': '年龄',
  'field.insuranceType': '医保类型',
  'field.visitType': '就诊类型',
  'field.institutionLevel': '医院等级',
  'field.department': '科室',
  'field.diagnoses': '诊断',
  'row.seq': '序号 {seq}',
  'row.nth': '第 {n} 行',
  'row.group': '组号 {group}',

  'panel.title': '医保支付审核',
  'panel.empty': '未发现医保支付问题',
  'panel.orderLevel': '整张医嘱',
  'panel.line': '第 {id} 行',
  'panel.close': '关闭',

  'review.title': '提交前医保审核',
  'review.intro': '以下 {count} 项需处理：可直接修改，或说明理由后继续提交。',
  'review.keys': '↑↓ 切换 · Enter 执行第一个修改 · Esc 返回修改',
  'review.item.continue': '继续',
  'review.resolved': '已修改，本项已通过',
  'review.critical.own': '不予支付项须单独选择或填写理由',
  'review.bulk.nonCritical': '其余需确认项按同一理由继续（不含不予支付项）',
  'review.consent': '打印自费知情同意书（{count} 项）',
  'review.approvalReason': '已申请审批',
  'review.confirmedReason': '已确认',
  'review.answered': '理由：{reason}',
  'review.answered.bulk': '（全部继续）',
  'review.answered.edit': '修改理由',

  'report.open': '报告误报',
  'report.reason': '误报说明',
  'report.placeholder': '哪里不对（选填）',
  'report.send': '提交',
  'report.sent': '已报告误报',
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
  'action.set-dose': '剂量改为 {value}',

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
  'badge.unread': 'Unread: {fields}',
  'badge.unread.hint': 'Could not read {fields} on this page; rules needing it were not checked, the rest were. Please contact the insurance office or IT to update the site profile.',
  'badge.silent': 'Silent',
  'badge.silent.hint': 'Silent mode: findings are logged, not shown',
  'badge.stopped': 'Checking stopped · reload after saving to resume',
  'badge.stopped.hint': 'Preflight was updated or turned off, so this page is no longer checked. Reload it after saving or submitting the current order to resume checking; submission is not affected.',
  'badge.packVersion': 'Rule pack {version}',
  'badge.packExpired': 'Rule pack expired',
  'badge.packExpired.hint': 'The rule pack expired (effective until {on}); it is still used for checking. Please ask the insurance office for a new version',
  'badge.toggle': 'Show or hide check results',

  'severity.critical': 'Not payable',
  'severity.warning': 'Confirm',
  'severity.info': 'Note',
  'severity.count.critical': '{count} not payable',
  'severity.count.warning': '{count} to confirm',
  'severity.count.info': '{count} notes',

  'finding.basis': 'Basis',
  'finding.detail.show': 'Show details',
  'finding.detail.hide': 'Hide details',
  'finding.amount': 'Amount at risk {amount}',
  'finding.dismiss': "Don't show again for this order",
  'finding.hint': 'Do it by hand: {label}',
  'fix.failed': 'Could not change it automatically ({why}); in {row}, set “{column}” by hand: {step}',
  'fix.step.set': 'change to {value}',
  'fix.step.check': 'tick it',
  'finding.close': 'Close',

  'marker.label': 'Insurance findings: {count}, highest: {severity}',

  'field.name': 'Name',
  'field.days': 'Days',
  'field.dose': 'Dose',
  'field.quantity': 'Quantity',
  'field.frequency': 'Frequency',
  'field.selfPay': 'Self-pay',
  'field.approvalNo': 'Approval no.',
  'field.sex': 'Sex',
  'field.age': 'Age',
  'field.insuranceType': 'Insurance type',
  'field.visitType': 'Visit type',
  'field.institutionLevel': 'Hospital level',
  'field.department': 'Department',
  'field.diagnoses': 'Diagnosis',
  'row.seq': 'No. {seq}',
  'row.nth': 'Row {n}',
  'row.group': 'group {group}',

  'panel.title': 'Insurance payment check',
  'panel.empty': 'No insurance payment issues found',
  'panel.orderLevel': 'Whole order',
  'panel.line': 'Line {id}',
  'panel.close': 'Close',

  'review.title': 'Insurance review before submitting',
  'review.intro': '{count} findings to handle: fix them here, or give a reason and submit anyway.',
  'review.keys': '↑↓ move · Enter applies the first fix · Esc goes back',
  'review.item.continue': 'Continue',
  'review.resolved': 'Fixed, this one is cleared',
  'review.critical.own': 'A not-payable finding needs its own reason',
  'review.bulk.nonCritical': 'Continue the remaining to-confirm findings with one reason (not the not-payable ones)',
  'review.consent': 'Print self-pay consent ({count})',
  'review.approvalReason': '已申请审批',
  'review.confirmedReason': '已确认',
  'review.answered': 'Reason: {reason}',
  'review.answered.bulk': '(continue all)',
  'review.answered.edit': 'Change reason',

  'report.open': 'Report false alarm',
  'report.reason': 'What is wrong',
  'report.placeholder': 'What is wrong (optional)',
  'report.send': 'Send',
  'report.sent': 'Reported as false alarm',
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
  'action.set-dose': 'Set dose to {value}',

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
  const name = KIND_NAMES[kind];
  return language.value === 'en' ? name.en : name.zh;
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
