import { DecisionSchema, OVERRIDE_REASONS, type Decision, type ReasonCode } from '../contract/decision';
import type { ActionType, Finding } from '../contract/findings';

/**
 * The pre-submit review's answers, before they become Decisions. Items are the findings in the
 * order the content script gave them (it only ever appends); an item is settled when its finding
 * went away after a fix (resolved), or when it is continued with a reason. A `critical` item
 * (医保不予支付) needs a reason chosen for it: the blanket 全部继续 never answers one.
 */
export interface ReviewAnswer {
  choice?: 'return' | 'continue';
  /** A preset reason, or `other` for the free text. */
  reason?: ReasonCode | 'other';
  otherText: string;
  /** A fix that answers the item without writing to the page (已确认：…, 申请审批), recorded with the decision. */
  action?: ActionType;
  /** Set by 全部继续 rather than chosen for this item. */
  bulk?: boolean;
}

export const EMPTY_ANSWER: ReviewAnswer = { otherText: '' };

/** The preset recorded when the doctor reports a finding as wrong (报告误报) and continues. */
export const NOT_APPLICABLE_REASON: ReasonCode = OVERRIDE_REASONS.find((r) => r.code === 'rule-not-applicable')!.display;

/** The reason a continued finding carries, or undefined while none is given. */
export function answerReason(answer: ReviewAnswer): { reason: string; reasonCode?: ReasonCode } | undefined {
  if (answer.reason === undefined) return undefined;
  if (answer.reason === 'other') {
    const text = answer.otherText.trim();
    return text ? { reason: text } : undefined;
  }
  // The preset's Chinese text is both the free-text reason 3103 carries and the coded value.
  return { reason: answer.reason, reasonCode: answer.reason };
}

export function isContinuedWithReason(answer: ReviewAnswer): boolean {
  return answer.choice === 'continue' && answerReason(answer) !== undefined;
}

/** A critical item continued only by the blanket reason is not answered: it needs its own. */
export function needsOwnReason(finding: Pick<Finding, 'severity'>, answer: ReviewAnswer): boolean {
  return finding.severity === 'critical' && answer.choice === 'continue' && answer.bulk === true;
}

/** The item lets the order go: resolved by a fix, or continued with a reason of its own where needed. */
export function isSettled(finding: Pick<Finding, 'severity'>, answer: ReviewAnswer, resolved = false): boolean {
  return resolved || (isContinuedWithReason(answer) && !needsOwnReason(finding, answer));
}

export interface ReviewItems<F extends Pick<Finding, 'severity'> = Pick<Finding, 'severity'>> {
  findings: readonly F[];
  answers: readonly ReviewAnswer[];
  resolved?: readonly boolean[];
}

const answerAt = (items: ReviewItems, i: number) => items.answers[i] ?? EMPTY_ANSWER;

/** Submitting is allowed once every item is settled. */
export function canContinue(items: ReviewItems): boolean {
  return items.findings.every((f, i) => isSettled(f, answerAt(items, i), items.resolved?.[i]));
}

/** Items that still need a decision or a reason (those marked 返回修改 do not count: they go back). */
export function pendingCount(items: ReviewItems): number {
  return items.findings.filter((f, i) => answerAt(items, i).choice !== 'return' && !isSettled(f, answerAt(items, i), items.resolved?.[i])).length;
}

/** Some unresolved item is marked 返回修改: the primary action is to go back. */
export function anyReturn(items: ReviewItems): boolean {
  return items.findings.some((_, i) => !items.resolved?.[i] && answerAt(items, i).choice === 'return');
}

/**
 * 全部继续: every open non-critical item without a reason of its own gets the blanket reason.
 * Critical items are left as they are.
 */
export function continueAll(items: ReviewItems, reason: ReasonCode): ReviewAnswer[] {
  return items.findings.map((finding, i) => {
    const answer = answerAt(items, i);
    if (items.resolved?.[i] || finding.severity === 'critical') return answer;
    if (isContinuedWithReason(answer) && !answer.bulk) return answer;
    return { ...answer, choice: 'continue', reason, bulk: true, action: undefined };
  });
}

/**
 * One Decision per item. An item continued with a reason is `continued` (with the fix that
 * answered it, if any); every other one is `modified`, since going back to edit is what happens to
 * it (also on Esc, with nothing chosen). Resolved items were recorded when their fix was applied.
 */
export function buildDecisions(orderId: string, items: ReviewItems<Finding>, at: Date): Decision[] {
  const timestamp = at.toISOString();
  return items.findings.map((finding, i) => {
    const answer = answerAt(items, i);
    const findingRef = { orderId, ruleId: finding.ruleId, ...(finding.lineId ? { lineId: finding.lineId } : {}) };
    const settled = !items.resolved?.[i] && isSettled(finding, answer);
    const reason = settled && answer.choice === 'continue' ? answerReason(answer) : undefined;
    const draft = reason
      ? { findingRef, decision: 'continued' as const, ...reason, ...(answer.action ? { action: answer.action } : {}), at: timestamp }
      : { findingRef, decision: 'modified' as const, at: timestamp };
    // Parsing keeps the dialog honest: a decision the contract rejects fails here, not in the log.
    return DecisionSchema.parse(draft);
  });
}
