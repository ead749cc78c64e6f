import type { Action, Finding } from '../contract/findings';

/**
 * What each of a finding's suggested actions does inside the review dialog:
 * - `write`: written into the page through the write-back path (改为 N 天, 数量改为 N, 转自费, 改为 N g); the
 *   page is checked again and the item resolves when its finding is gone;
 * - `answer`: answers the item without touching the page — 已确认：… attests the condition and
 *   申请审批 records that approval was asked for — and the order may go with that as its reason;
 * - `diagnosis`: 补录诊断 goes back to editing with the page's diagnosis field focused;
 * - `hint`: the page cannot take it from here (删除此行 …): shown as text, done by 返回修改.
 */
export type FixMode = 'write' | 'answer' | 'diagnosis' | 'hint';

export interface ReviewFix {
  action: Action;
  mode: FixMode;
}

const WRITES = new Set<Action['type']>(['set-days', 'set-quantity', 'mark-self-pay', 'set-dose']);

export function reviewFixes(finding: Finding, canApply: (action: Action, finding: Finding) => boolean): ReviewFix[] {
  return finding.actions.map((action): ReviewFix => {
    if (action.type === 'confirm' || action.type === 'request-approval') return { action, mode: 'answer' };
    if (action.type === 'add-diagnosis') return { action, mode: 'diagnosis' };
    if (WRITES.has(action.type) && canApply(action, finding)) return { action, mode: 'write' };
    return { action, mode: 'hint' };
  });
}

/** The fix Enter applies on a focused item: the first one that is not a hint. */
export function firstFix(fixes: readonly ReviewFix[]): ReviewFix | undefined {
  return fixes.find((fix) => fix.mode !== 'hint');
}

/** The reason text an `answer` fix records: the attestation as the pack words it, or 已申请审批. */
export function answerText(action: Action, words: { approval: string; confirmed: string }): string {
  if (action.type === 'request-approval') return words.approval;
  return action.label.trim() || words.confirmed;
}
