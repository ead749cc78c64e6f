import { language } from '../../components/i18n';

/** The popup's own words, Chinese first; it follows the shared `language` signal (components/i18n.ts). */
const zhCN = {
  'app.title': '医保事前审核助手',
  'app.lang': 'English',

  'page.uncovered': '本页未启用审核',
  'page.uncovered.hint': '本页没有适配配置，录入的医嘱不会被核对。可在此页选取字段新建站点配置，或联系医保办、信息科。',

  'pack.title': '规则包',
  'pack.builtin': '内置规则包',
  'pack.none': '审核未完成：无可用规则包',
  'pack.expired': '规则包已过期（有效期至 {on}），仍在使用',
  'pack.rules': '{count} 条规则',
  'pack.source.built-in': '内置',
  'pack.source.update-url': '自动更新',
  'pack.source.installed': '手动安装',

  'hub.title': '中心端',
  'hub.notConfigured': '未配置',
  'hub.localOnly': '审核记录仅保存在本机',
  'hub.connected': '已连接',
  'hub.failing': '连接失败',
  'hub.refused': '认证失败',
  'hub.refused.hint': '中心端拒绝了本机令牌，请在设置中更换工作站令牌',
  'hub.lastUpload': '上次上传',
  'hub.never': '从未',
  'hub.queued': '待上传 {count} 条',
  'hub.nextRetry': '下次重试',
  'hub.lastError': '最近错误',
  'hub.rejected': '中心端拒收 {count} 条',
  'hub.setAside': '中心端多次拒收，已搁置 {count} 条',
  'hub.dropped': '超出本机存储上限，已丢弃未上传记录 {count} 条',

  'action.upload': '立即上传',
  'action.uploading': '上传中…',
  'action.settings': '打开设置',
  'action.reviewLog': '查看本机审核记录',
  'action.pick': '在此页选取字段（新建站点配置）',
  'action.failed': '上传请求失败：{message}',
  'action.pickFailed': '无法打开字段选取器：{message}',
} as const;

export type PopupKey = keyof typeof zhCN;

const en: Record<PopupKey, string> = {
  'app.title': 'Insurance pre-check assistant',
  'app.lang': '中文',

  'page.uncovered': 'This page is not checked',
  'page.uncovered.hint': 'No site profile reads this page, so orders typed here are not checked. Pick fields on this page to make one, or ask the insurance office or IT.',

  'pack.title': 'Rule pack',
  'pack.builtin': 'Built-in rule pack',
  'pack.none': 'Not checked: no usable rule pack',
  'pack.expired': 'Rule pack expired ({on}), still in use',
  'pack.rules': '{count} rules',
  'pack.source.built-in': 'built-in',
  'pack.source.update-url': 'auto-updated',
  'pack.source.installed': 'installed by hand',

  'hub.title': 'Hub',
  'hub.notConfigured': 'Not configured',
  'hub.localOnly': 'The review log stays on this computer',
  'hub.connected': 'Connected',
  'hub.failing': 'Cannot reach the hub',
  'hub.refused': 'Token refused',
  'hub.refused.hint': 'The hub refused this workstation token; set a new one in the settings',
  'hub.lastUpload': 'Last upload',
  'hub.never': 'never',
  'hub.queued': '{count} waiting to upload',
  'hub.nextRetry': 'Next retry',
  'hub.lastError': 'Last error',
  'hub.rejected': '{count} rejected by the hub',
  'hub.setAside': '{count} set aside after the hub refused them repeatedly',
  'hub.dropped': 'Local storage full: {count} records dropped before upload',

  'action.upload': 'Upload now',
  'action.uploading': 'Uploading…',
  'action.settings': 'Open settings',
  'action.reviewLog': 'Review log of this computer',
  'action.pick': 'Pick fields on this page (new site profile)',
  'action.failed': 'Upload request failed: {message}',
  'action.pickFailed': 'Cannot open the field picker: {message}',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function pt(key: PopupKey, params?: Record<string, string | number>): string {
  const template: string = dictionaries[language.value][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** Month, day and time in the UI language: the popup shows recent moments, not archives. */
export function shortTime(iso: string): string {
  return new Date(iso).toLocaleString(language.value, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
