import { DecisionSchema, type Decision, type ReasonCode } from '../contract/decision';
import type { Finding } from '../contract/findings';

/** The doctor's answer to one finding in the pre-submit review, before it becomes a Decision. */
export interface ReviewAnswer {
  choice?: 'return' | 'continue';
  /** A preset reason, or `other` for the free text. */
  reason?: ReasonCode | 'other';
  otherText: string;
}

export const EMPTY_ANSWER: ReviewAnswer = { otherText: '' };

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

/** Submitting is allowed once every finding is continued with a reason. */
export function canContinue(answers: readonly ReviewAnswer[], count: number): boolean {
  for (let i = 0; i < count; i++) if (!isContinuedWithReason(answers[i] ?? EMPTY_ANSWER)) return false;
  return true;
}

export function pendingCount(answers: readonly ReviewAnswer[], count: number): number {
  let pending = 0;
  for (let i = 0; i < count; i++) {
    const answer = answers[i] ?? EMPTY_ANSWER;
    if (answer.choice !== 'return' && !isContinuedWithReason(answer)) pending++;
  }
  return pending;
}

/**
 * One Decision per finding. A finding continued with a reason is `continued`; every other one is
 * `modified`, since going back to edit is what happens to it (also on Esc, with nothing chosen).
 */
export function buildDecisions(
  orderId: string,
  findings: readonly Finding[],
  answers: readonly ReviewAnswer[],
  at: Date,
): Decision[] {
  const timestamp = at.toISOString();
  return findings.map((finding, i) => {
    const answer = answers[i] ?? EMPTY_ANSWER;
    const findingRef = { orderId, ruleId: finding.ruleId, ...(finding.lineId ? { lineId: finding.lineId } : {}) };
    const reason = answer.choice === 'continue' ? answerReason(answer) : undefined;
    const draft = reason
      ? { findingRef, decision: 'continued' as const, ...reason, at: timestamp }
      : { findingRef, decision: 'modified' as const, at: timestamp };
    // Parsing keeps the dialog honest: a decision the contract rejects fails here, not in the log.
    return DecisionSchema.parse(draft);
  });
}
