import { language } from '../../components/i18n';
import type { FlagEvent } from '../../contract/flag-event';
import { passesByItself } from './recheck-after-failure';

/** Why a check did not complete, as logged. */
export type IncompleteReason = Extract<FlagEvent, { type: 'check-incomplete' }>['reason'];

const zh: Record<IncompleteReason, string> = {
  slow: '审核引擎未在 1 秒内响应',
  timeout: '审核引擎未及时响应',
  disconnected: '与审核引擎的连接中断',
  'bad-request': '医嘱数据无法发送给审核引擎',
  'bad-response': '审核引擎应答异常',
  forbidden: '审核引擎拒绝了请求',
  'engine-failed': '审核引擎出错',
  'no-pack': '无可用规则包',
  'invalid-order': '医嘱数据不完整，无法审核',
};

const en: Record<IncompleteReason, string> = {
  slow: 'The checking engine did not answer within 1 s',
  timeout: 'The checking engine did not answer in time',
  disconnected: 'The connection to the checking engine was lost',
  'bad-request': 'The order could not be sent to the checking engine',
  'bad-response': 'The checking engine gave an unexpected answer',
  forbidden: 'The checking engine refused the request',
  'engine-failed': 'The checking engine failed',
  'no-pack': 'No usable rule pack',
  'invalid-order': 'The order is incomplete and cannot be checked',
};

/**
 * The badge's explanation of 审核未完成, in the UI language. Where the check is asked again by
 * itself (recheck-after-failure.ts), or its answer may still come, it says so: nothing for the
 * doctor to do.
 */
export function incompleteReasonText(reason: IncompleteReason): string {
  const english = language.value === 'en';
  const text = (english ? en : zh)[reason];
  if (!passesByItself(reason) && reason !== 'slow') return text;
  return english ? `${text}; checking again by itself` : `${text}，将自动重新审核`;
}
