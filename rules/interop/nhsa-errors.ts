import type { z } from 'zod';
import { formatPath } from '../pack/load';

/**
 * Validation errors of 3101/3103 messages in the words a HIS vendor reads: the field's path as
 * sent (`input.data.patient_dtos[0].gend`), its name in the interface specification, and what is
 * wrong, in Chinese. The national platform answers the same way (err_msg), so a vendor's support
 * desk can act on it without knowing Preflight.
 */

/** Names from ../shared/docs/nhsa-3101.md and the common envelope of the interface specification. */
const FIELD_NAMES: Record<string, string> = {
  infno: '交易编号',
  msgid: '发送方报文ID',
  input: '交易输入',
  data: '输入数据',
  trig_scen: '触发场景',
  task_id: '任务ID',
  patient_dtos: '参保人信息列表',
  patn_id: '参保人ID',
  gend: '性别',
  brdy: '出生日期',
  fsi_encounter_dtos: '就诊信息列表',
  mdtrt_id: '就诊ID',
  medins_lv: '医疗机构等级',
  adm_date: '入院日期（门诊为就诊日期）',
  dscg_date: '出院日期',
  med_mdtrt_type: '就医类型',
  med_type: '医疗类别',
  insutype: '险种类型',
  fsi_diagnose_dtos: '诊断信息列表',
  dise_codg: '诊断编码',
  maindise_flag: '主诊断标志',
  dise_date: '诊断日期',
  fsi_order_dtos: '处方（医嘱）信息列表',
  rx_id: '处方（医嘱）标识',
  hilist_code: '医保目录编码',
  hosplist_code: '医院目录编码',
  long_drord_flag: '长期医嘱标志',
  curr_drord_flag: '当前医嘱标志',
  cnt: '数量',
  pric: '单价',
  sumamt: '明细项目费用总额',
  drord_begn_date: '医嘱开始日期',
  drord_stop_date: '医嘱停止日期',
  sin_dos_dscr: '单次剂量描述',
  used_frqu_dscr: '使用频次描述',
  prd_days: '周期天数',
  warn_type: '提醒类型',
  warns: '提醒信息列表',
  warn_rslt_id: '提醒结果ID（3101 返回的 jr_id）',
  dspo_way: '处理方式',
  dspo_way_rea: '处理原因',
};

const TYPE_NAMES: Record<string, string> = {
  string: '字符串或编码',
  number: '数字',
  object: '对象',
  array: '数组',
  boolean: '布尔值',
};

/** Custom refinements of the request schemas, by their English message. */
const CUSTOM_MESSAGES: Record<string, string> = {
  'an order needs hilist_code (or at least hosplist_code)': '缺少医保目录编码（至少须有医院目录编码 hosplist_code）',
  'dspo_way 1 (continue) needs dspo_way_rea': '处理方式为 1（继续执行医嘱）时须填写处理原因',
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function sizeProblem(origin: string, bound: number | bigint, small: boolean): string {
  if (origin === 'array') return small ? `至少需要 ${bound} 项` : `最多 ${bound} 项`;
  if (origin === 'string') return small ? (Number(bound) <= 1 ? '不能为空' : `至少 ${bound} 个字符`) : `超过 ${bound} 个字符`;
  return small ? `不能小于 ${bound}` : `不能大于 ${bound}`;
}

function problemOf(issue: z.core.$ZodIssue, sent: unknown): string {
  if (sent === undefined || sent === null || sent === '') {
    // A required field absent, null or blank; too_small of an empty list is said below.
    if (issue.code !== 'too_small' && issue.code !== 'custom') return '缺少必填字段';
  }
  switch (issue.code) {
    case 'invalid_type':
      return `类型不符，应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `取值不在允许范围内（允许：${issue.values.map(String).join('、')}）`;
    case 'too_small':
      return sizeProblem(issue.origin, issue.minimum, true);
    case 'too_big':
      return sizeProblem(issue.origin, issue.maximum, false);
    case 'invalid_format':
      return /yyyy/.test(issue.message) ? '日期格式不符，应为 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss' : `格式不符（${issue.message}）`;
    case 'custom':
      return CUSTOM_MESSAGES[issue.message] ?? `校验未通过（${issue.message}）`;
    default:
      return `不合格（${issue.message}）`;
  }
}

/** One line per problem: `path（名称）：问题`. `root` is the message as sent, to tell an absent field from a wrong one. */
export function describeIssuesZh(error: z.ZodError, root: unknown, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const field = [...path].reverse().find((p): p is string => typeof p === 'string');
    const name = field === undefined ? undefined : FIELD_NAMES[field];
    const where = path.length === 0 ? '报文' : `${formatPath(path)}${name ? `（${name}）` : ''}`;
    return `${where}：${problemOf(issue, valueAt(root, path))}`;
  });
}

/** The err_msg for a refused message: the first few problems, and how many more there are. */
export function errMsgZh(lines: readonly string[], max = 5): string {
  const shown = lines.slice(0, max).join('；');
  return lines.length > max ? `${shown}；另有 ${lines.length - max} 处错误` : shown;
}
