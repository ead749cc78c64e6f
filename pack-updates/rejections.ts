import { REJECT_MESSAGES, type RejectReason } from '../rules/pack/accept';
import type { PackRejection } from './pack-types';

/**
 * Rejections the pack service reports beyond acceptPack's own (which come with their message).
 * Chinese first for the 医保办, English for the vendor's support desk, as acceptPack writes them.
 */

export function acceptanceRejection(reason: RejectReason, detail?: string): PackRejection {
  const { zh, en } = REJECT_MESSAGES[reason];
  return { reason, message: detail ? `${zh}（${detail}）/ ${en} (${detail})` : `${zh} / ${en}` };
}

export function networkRejection(detail: string): PackRejection {
  return { reason: 'network', message: `无法连接规则包更新地址，继续使用当前规则包（${detail}）/ the update URL could not be reached (${detail})` };
}

export function httpStatusRejection(detail: string): PackRejection {
  return { reason: 'http-status', message: `规则包更新地址返回错误，继续使用当前规则包（${detail}）/ the update URL answered with an error (${detail})` };
}

/** The engine validated the pack again and refused it: the active pack stays. */
export function engineRefusal(detail: string): PackRejection {
  return { reason: 'schema-invalid', message: `规则引擎未能加载该规则包，继续使用当前规则包（${detail}）/ the rule engine refused the pack (${detail})` };
}

export function engineUnreachable(detail: string): PackRejection {
  return { reason: 'internal-error', message: `规则引擎未响应，规则包未启用（${detail}）/ the rule engine did not answer (${detail})` };
}

export function notStored(detail: string): PackRejection {
  return {
    reason: 'internal-error',
    message: `规则包已在本次运行中启用，但未能保存，浏览器重启后将恢复原规则包（${detail}）/ the pack is in use but could not be stored (${detail})`,
  };
}

/** A pack stored earlier that no longer passes (keys rotated, expired, id no longer expected). */
export function storedPackDropped(pack: { id: string; version: string }, cause: string): PackRejection['message'] {
  return `已保存的规则包 ${pack.id} ${pack.version} 未通过重新校验，已改用内置规则包：${cause}`;
}
