import { ReasonCodeSchema } from '../../contract/decision';
import { RULE_KINDS, SeveritySchema, type RuleKind, type Severity } from '../../contract/findings';
import { kindLabel, language, reasonLabel, severityLabel } from '../i18n';

/**
 * The review views' own words, Chinese first. They follow the in-page UI's `language` signal
 * (components/i18n.ts) and reuse its kind, severity and override-reason labels. Verdicts are
 * recorded in Chinese (确认违规 / 误报 / 合理使用) and only translated for display.
 */
const zhCN = {
  'app.title': 'Preflight 医保审核看板',
  'app.lang': 'English',
  'app.logout': '退出',

  'login.title': '登录医保审核看板',
  'login.token': '访问令牌',
  'login.hint': '令牌由信息科发放（以 pfh_ 开头），只保存在本标签页，关闭标签页即需重新登录。',
  'login.submit': '登录',
  'login.checking': '正在验证…',
  'login.workstation': '这是工作站令牌，只能上传事件，不能查看审核数据。请使用质控或医保办令牌。',

  'role.quality': '质控',
  'role.insurance-office': '医保办',
  'role.admin': '管理员',
  'role.workstation': '工作站',
  'role.department-lead': '科室主任',

  'tab.overview': '概览',
  'tab.events': '事件复核',
  'tab.rules': '规则与报告',

  'filter.title': '筛选',
  'filter.from': '开始日期',
  'filter.to': '结束日期',
  'filter.presets': '按月选择',
  'filter.month.this': '本月',
  'filter.month.last': '上月',
  'filter.department': '科室',
  'filter.prescriber': '医生',
  'filter.ruleId': '规则',
  'filter.kind': '规则类型',
  'filter.severity': '级别',
  'filter.decision': '医生处理',
  'filter.verdict': '复核结论',
  'filter.type': '事件类型',
  'filter.workstation': '工作站',
  'filter.source': '来源',
  'source.extension': '浏览器扩展',
  'source.his-3101': 'HIS 接口（3101）',
  'filter.all': '全部',
  'filter.clear': '清除筛选',
  'filter.apply': '应用',
  'filter.verdictNote': '复核结论只筛选事件列表，图表统计不按它计算。',

  'decision.modified': '已修改医嘱',
  'decision.removed-line': '删除该行',
  'decision.continued': '继续提交',
  'decision.ignored': '未处理',

  'type.finding-shown': '提示',
  'type.decision': '医生处理',
  'type.submit-check': '提交检查',
  'type.review': '提交前审核',
  'type.check-incomplete': '审核未完成',
  'type.adapter-broken': '页面适配失效',
  'type.profile-problem': '页面字段未读取',
  'type.content-error': '插件错误',
  'type.objection': '报告误报',
  'type.pack-expired': '规则包已过期',

  'verdict.none': '未复核',
  'verdict.确认违规': '确认违规',
  'verdict.误报': '误报',
  'verdict.合理使用': '合理使用',

  'mode.interruptive': '打断',
  'mode.passive': '仅提示',
  'mode.silent': '静默',

  'overview.total': '事件总数',
  'overview.shown': '提示次数',
  'overview.decisions': '医生处理',
  'overview.continued': '继续提交',
  'overview.overrideRate': '继续提交率',

  'chart.daily': '每日趋势：提示与继续提交',
  'chart.daily.shown': '提示',
  'chart.daily.continued': '继续提交',
  'chart.topRules': '提示最多的规则',
  'chart.overrides': '继续提交率（继续提交 ÷ 医生处理）',
  'chart.reasons': '继续提交的理由',
  'chart.empty': '所选范围内没有数据',
  'chart.unknown': '（未记录）',
  'chart.freeText': '（自由填写）',
  'chart.clickToFilter': '点击条目即按其筛选',
  'chart.of': '{part}/{whole}',
  'chart.times': '{count} 次',

  'dimension.rule': '规则',
  'dimension.department': '科室',
  'dimension.prescriber': '医生',
  'dimension.workstation': '工作站',

  'events.loaded': '已载入 {count} 条',
  'events.more': '加载更多',
  'events.end': '已全部载入',
  'events.empty': '没有符合条件的事件',
  'events.open': '查看详情',

  'col.at': '时间',
  'col.type': '事件类型',
  'col.rule': '规则',
  'col.ruleName': '规则名称',
  'col.ruleId': '规则编号',
  'col.prescriberId': '医生编号',
  'col.kind': '规则类型',
  'col.severity': '级别',
  'col.code': '医保编码',
  'col.line': '药品/项目',
  'col.amount': '涉及金额',
  'col.mode': '提示方式',
  'col.decision': '医生处理',
  'col.reason': '理由',
  'col.outcome': '结果',
  'col.department': '科室',
  'col.prescriber': '医生',
  'col.workstation': '工作站',
  'col.source': '来源',
  'col.verdict': '复核结论',
  'col.verdictComment': '复核意见',
  'col.id': '事件编号',
  'col.order': '医嘱编号',
  'col.pack': '规则包版本',
  'col.received': '中心端接收时间',
  'col.page': '页面',
  'col.profile': '站点配置',
  'col.session': '会话',
  'col.timings': '耗时（毫秒）',
  'col.detail': '原始记录（供信息科排查）',

  'detail.title': '事件详情',
  'detail.close': '关闭',
  'detail.history': '复核记录',
  'detail.history.empty': '尚未复核',
  'detail.current': '当前结论',
  'detail.notFound': '找不到该事件',

  'verdictForm.title': '复核结论',
  'verdictForm.comment': '意见（可选）',
  'verdictForm.submit': '保存结论',
  'verdictForm.saving': '正在保存…',
  'verdictForm.saved': '已保存：{verdict}',
  'verdictForm.pick': '请先选择结论',

  'reportForm.title': '规则有误',
  'reportForm.hint': '认为规则本身有误（编码对照错误、限定范围已调整等）时，报告给医保办修订规则包。',
  'reportForm.comment': '说明',
  'reportForm.submit': '报告规则有误',
  'reportForm.sent': '已报告医保办',
  'reportForm.missing': '请填写说明',

  'export.csv': '导出 CSV',
  'export.xlsx': '导出 Excel',
  'export.running': '正在导出，已取得 {count} 条…',
  'export.done': '已导出 {count} 条',
  'export.capped': '已导出前 {count} 条（上限），请缩小筛选范围',
  'export.sheet': '医保审核事件',
  'export.file': '医保审核事件',

  'progress.running': '查询中… {seconds} 秒',
  'progress.cancel': '取消',
  'progress.cancelled': '查询已取消',
  'progress.retry': '重新查询',

  'error.unauthenticated': '令牌无效或已吊销（401），请重新登录。',
  'error.forbidden': '无权限（403）：当前令牌的角色（{role}）不能执行此操作。',
  'error.not-found': '未找到（404）。',
  'error.invalid': '请求被中心端拒绝（{status}）。',
  'error.malformed': '中心端的应答不符合预期格式，已拒绝显示。',
  'error.network': '无法连接中心端，请检查网络。',
  'error.server': '中心端出错（{status}），请稍后重试或联系信息科。',
  'error.cancelled': '已取消。',
  'error.message': '说明：{message}',

  'rules.title': '规则的继续提交率与误报率',
  'rules.thresholds': '标红条件：继续提交率 ≥ {override}（医生处理 ≥ {min} 次），或误报率 ≥ {falsePositive}（已复核 ≥ {min} 条）。继续提交率 = 继续提交 ÷ 医生处理；误报率 = 误报 ÷ 已复核。',
  'rules.attention': '{count} 条规则需要关注',
  'rules.title.noVerdicts': '规则的继续提交率',
  'rules.thresholds.noVerdicts': '标红条件：继续提交率 ≥ {override}（医生处理 ≥ {min} 次）。继续提交率 = 继续提交 ÷ 医生处理。',
  'rules.col.rule': '规则',
  'rules.col.kind': '类型',
  'rules.col.shown': '提示',
  'rules.col.decisions': '医生处理',
  'rules.col.override': '继续提交率',
  'rules.col.reviewed': '已复核',
  'rules.col.falsePositive': '误报',
  'rules.col.falsePositiveRate': '误报率',
  'rules.col.reports': '规则有误',
  'rules.col.flags': '关注',
  'rules.flag.override-high': '继续提交率高',
  'rules.flag.false-positive-high': '误报率高',
  'rules.empty': '所选范围内没有规则数据',
  'rules.reports': '规则有误报告',
  'rules.reports.for': '{rule}：规则有误报告',
  'rules.reports.empty': '没有规则有误报告',
  'rules.reports.event': '事件 {id}',
  'rules.reports.pack': '规则包 {version}',
  'rules.showEvents': '查看该规则的事件',

  'names.ruleFallback': '{kind} · {line}',
  'names.ruleIdOnly': '规则编号 {id}（规则包中没有这条规则的名称）',
  'names.doctor': '医师',
  'names.staffId': '（工号 {id}）',
  'names.prescriberIdOnly': '医师目录中没有工号 {id} 的姓名',

  'common.none': '—',
  'common.close': '关闭',
} as const;

export type ReviewKey = keyof typeof zhCN;

const en: Record<ReviewKey, string> = {
  'app.title': 'Preflight insurance review',
  'app.lang': '中文',
  'app.logout': 'Sign out',

  'login.title': 'Sign in to the review dashboard',
  'login.token': 'Access token',
  'login.hint': 'Issued by IT (starts with pfh_). Kept in this tab only; closing the tab signs you out.',
  'login.submit': 'Sign in',
  'login.checking': 'Checking…',
  'login.workstation': 'This is a workstation token: it can upload events but not read reviews. Use a quality-control or insurance-office token.',

  'role.quality': 'Quality control',
  'role.insurance-office': 'Insurance office',
  'role.admin': 'Administrator',
  'role.workstation': 'Workstation',
  'role.department-lead': 'Department lead',

  'tab.overview': 'Overview',
  'tab.events': 'Event review',
  'tab.rules': 'Rules & reports',

  'filter.title': 'Filters',
  'filter.from': 'From',
  'filter.to': 'To',
  'filter.presets': 'Month',
  'filter.month.this': 'This month',
  'filter.month.last': 'Last month',
  'filter.department': 'Department',
  'filter.prescriber': 'Doctor',
  'filter.ruleId': 'Rule',
  'filter.kind': 'Rule kind',
  'filter.severity': 'Severity',
  'filter.decision': 'Doctor decision',
  'filter.verdict': 'Verdict',
  'filter.type': 'Event type',
  'filter.workstation': 'Workstation',
  'filter.source': 'Source',
  'source.extension': 'Browser extension',
  'source.his-3101': 'HIS interface (3101)',
  'filter.all': 'All',
  'filter.clear': 'Clear filters',
  'filter.apply': 'Apply',
  'filter.verdictNote': 'The verdict filter applies to the event list only; charts do not count by it.',

  'decision.modified': 'Order changed',
  'decision.removed-line': 'Line removed',
  'decision.continued': 'Submitted anyway',
  'decision.ignored': 'Not handled',

  'type.finding-shown': 'Finding shown',
  'type.decision': 'Decision',
  'type.submit-check': 'Submit check',
  'type.review': 'Pre-submit review',
  'type.check-incomplete': 'Check incomplete',
  'type.adapter-broken': 'Adapter broken',
  'type.profile-problem': 'Page fields unread',
  'type.content-error': 'Extension error',
  'type.objection': 'Reported false alarm',
  'type.pack-expired': 'Rule pack expired',

  'verdict.none': 'Not reviewed',
  'verdict.确认违规': 'Confirmed violation',
  'verdict.误报': 'False positive',
  'verdict.合理使用': 'Justified use',

  'mode.interruptive': 'Interruptive',
  'mode.passive': 'Passive',
  'mode.silent': 'Silent',

  'overview.total': 'Events',
  'overview.shown': 'Findings shown',
  'overview.decisions': 'Decisions',
  'overview.continued': 'Submitted anyway',
  'overview.overrideRate': 'Override rate',

  'chart.daily': 'Daily trend: shown vs submitted anyway',
  'chart.daily.shown': 'Shown',
  'chart.daily.continued': 'Submitted anyway',
  'chart.topRules': 'Rules shown most',
  'chart.overrides': 'Override rate (submitted anyway ÷ decisions)',
  'chart.reasons': 'Reasons for submitting anyway',
  'chart.empty': 'No data in this range',
  'chart.unknown': '(not recorded)',
  'chart.freeText': '(free text)',
  'chart.clickToFilter': 'Click an entry to filter by it',
  'chart.of': '{part}/{whole}',
  'chart.times': '{count}×',

  'dimension.rule': 'Rule',
  'dimension.department': 'Department',
  'dimension.prescriber': 'Doctor',
  'dimension.workstation': 'Workstation',

  'events.loaded': '{count} loaded',
  'events.more': 'Load more',
  'events.end': 'All loaded',
  'events.empty': 'No events match',
  'events.open': 'Open',

  'col.at': 'Time',
  'col.type': 'Event type',
  'col.rule': 'Rule',
  'col.ruleName': 'Rule name',
  'col.ruleId': 'Rule id',
  'col.prescriberId': 'Doctor id',
  'col.kind': 'Rule kind',
  'col.severity': 'Severity',
  'col.code': 'Insurance code',
  'col.line': 'Drug / item',
  'col.amount': 'Amount at risk',
  'col.mode': 'Shown as',
  'col.decision': 'Decision',
  'col.reason': 'Reason',
  'col.outcome': 'Outcome',
  'col.department': 'Department',
  'col.prescriber': 'Doctor',
  'col.workstation': 'Workstation',
  'col.source': 'Source',
  'col.verdict': 'Verdict',
  'col.verdictComment': 'Verdict comment',
  'col.id': 'Event id',
  'col.order': 'Order id',
  'col.pack': 'Rule pack version',
  'col.received': 'Received by hub',
  'col.page': 'Page',
  'col.profile': 'Site profile',
  'col.session': 'Session',
  'col.timings': 'Timings (ms)',
  'col.detail': 'Raw record (for IT)',

  'detail.title': 'Event detail',
  'detail.close': 'Close',
  'detail.history': 'Verdict history',
  'detail.history.empty': 'Not reviewed yet',
  'detail.current': 'Current verdict',
  'detail.notFound': 'No such event',

  'verdictForm.title': 'Verdict',
  'verdictForm.comment': 'Comment (optional)',
  'verdictForm.submit': 'Save verdict',
  'verdictForm.saving': 'Saving…',
  'verdictForm.saved': 'Saved: {verdict}',
  'verdictForm.pick': 'Choose a verdict first',

  'reportForm.title': 'Rule is wrong',
  'reportForm.hint': 'Report to the insurance office when the rule itself is wrong (code mapping, changed limits…).',
  'reportForm.comment': 'Explanation',
  'reportForm.submit': 'Report rule as wrong',
  'reportForm.sent': 'Reported to the insurance office',
  'reportForm.missing': 'Write an explanation',

  'export.csv': 'Export CSV',
  'export.xlsx': 'Export Excel',
  'export.running': 'Exporting, {count} so far…',
  'export.done': '{count} exported',
  'export.capped': 'Exported the first {count} (limit); narrow the filters',
  'export.sheet': 'Review events',
  'export.file': 'review-events',

  'progress.running': 'Querying… {seconds} s',
  'progress.cancel': 'Cancel',
  'progress.cancelled': 'Query cancelled',
  'progress.retry': 'Run again',

  'error.unauthenticated': 'The token is invalid or revoked (401). Sign in again.',
  'error.forbidden': 'Not allowed (403): the role of this token ({role}) may not do this.',
  'error.not-found': 'Not found (404).',
  'error.invalid': 'The hub refused the request ({status}).',
  'error.malformed': 'The hub answered in an unexpected format; nothing is shown.',
  'error.network': 'Cannot reach the hub. Check the network.',
  'error.server': 'The hub failed ({status}). Try again later or contact IT.',
  'error.cancelled': 'Cancelled.',
  'error.message': 'Details: {message}',

  'rules.title': 'Rule override and false-positive rates',
  'rules.thresholds': 'Highlighted when the override rate is ≥ {override} (≥ {min} decisions) or the false-positive rate is ≥ {falsePositive} (≥ {min} reviewed). Override rate = submitted anyway ÷ decisions; false-positive rate = false positives ÷ reviewed.',
  'rules.attention': 'Rules needing attention: {count}',
  'rules.title.noVerdicts': 'Rule override rates',
  'rules.thresholds.noVerdicts': 'Highlighted when the override rate is ≥ {override} (≥ {min} decisions). Override rate = submitted anyway ÷ decisions.',
  'rules.col.rule': 'Rule',
  'rules.col.kind': 'Kind',
  'rules.col.shown': 'Shown',
  'rules.col.decisions': 'Decisions',
  'rules.col.override': 'Override rate',
  'rules.col.reviewed': 'Reviewed',
  'rules.col.falsePositive': 'False positives',
  'rules.col.falsePositiveRate': 'False-positive rate',
  'rules.col.reports': 'Rule reports',
  'rules.col.flags': 'Flags',
  'rules.flag.override-high': 'High override',
  'rules.flag.false-positive-high': 'High false positives',
  'rules.empty': 'No rule data in this range',
  'rules.reports': '"Rule is wrong" reports',
  'rules.reports.for': '{rule}: "rule is wrong" reports',
  'rules.reports.empty': 'No reports',
  'rules.reports.event': 'Event {id}',
  'rules.reports.pack': 'Pack {version}',
  'rules.showEvents': "Show this rule's events",

  'names.ruleFallback': '{kind} · {line}',
  'names.ruleIdOnly': 'Rule id {id} (the packs do not name this rule)',
  'names.doctor': 'Doctor',
  'names.staffId': ' (staff no. {id})',
  'names.prescriberIdOnly': 'The doctor directory has no name for staff no. {id}',

  'common.none': '—',
  'common.close': 'Close',
};

export type ReviewParams = Record<string, string | number>;

/** A review-view string with `{name}` placeholders filled. */
export function rt(key: ReviewKey, params?: ReviewParams): string {
  const template = language.value === 'en' ? en[key] : zhCN[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}

/** Labels for values that come from data: unknown values are shown as they are, never dropped. */
export function kindText(kind: string | null | undefined): string {
  if (!kind) return rt('common.none');
  return knownKindText(kind) ?? kind;
}

/** The kind's name, or undefined for a kind this build does not know (a newer workstation's). */
export function knownKindText(kind: string | null | undefined): string | undefined {
  return kind && (RULE_KINDS as readonly string[]).includes(kind) ? kindLabel(kind as RuleKind) : undefined;
}

export function severityText(severity: string | null | undefined): string {
  if (!severity) return rt('common.none');
  return SeveritySchema.safeParse(severity).success ? severityLabel(severity as Severity) : severity;
}

function labelled(prefix: string, value: string | null | undefined): string {
  if (!value) return rt('common.none');
  const key = `${prefix}.${value}`;
  return key in zhCN ? rt(key as ReviewKey) : value;
}

export const decisionText = (decision: string | null | undefined) => labelled('decision', decision);
export const eventTypeText = (type: string | null | undefined) => labelled('type', type);
export const verdictText = (verdict: string | null | undefined) => labelled('verdict', verdict);
export const sourceText = (source: string | null | undefined) => labelled('source', source);
export const roleText = (role: string | null | undefined) => labelled('role', role);
export const modeText = (mode: string | null | undefined) => labelled('mode', mode);

/** A preset override reason in the UI language; free text stays as the doctor wrote it. */
export function reasonText(reason: string | null | undefined): string {
  if (!reason) return rt('common.none');
  const preset = ReasonCodeSchema.safeParse(reason);
  return preset.success ? reasonLabel(preset.data) : reason;
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return rt('common.none');
  return `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;
}
