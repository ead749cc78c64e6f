import type { ReviewRequest } from '../../components/Overlay';
import { findingKey } from '../../components/finding-list';
import type { Finding } from '../../contract/findings';
import type { SubmitOutcome } from './submit-guard';

/** The pre-submit review while it is open: its items, and the held submission's answer. */
export interface OpenReview extends ReviewRequest {
  resolve: (outcome: SubmitOutcome) => void;
}

/**
 * The review after a new result came in while it is open (a fix applied from the dialog, or the
 * doctor typing behind it): an item is resolved when its finding is no longer found, unresolved
 * again if it comes back; findings that now need review and were not asked about are appended,
 * so the dialog's items keep their places.
 */
export function refreshReview<R extends OpenReview>(review: R, latest: readonly Finding[], toReview: readonly Finding[]): R {
  const present = new Set(latest.map(findingKey));
  const asked = new Set(review.findings.map(findingKey));
  const added = toReview.filter((f) => !asked.has(findingKey(f)));
  // The latest object for each item, so its message and actions are current.
  const byKey = new Map(latest.map((f) => [findingKey(f), f] as const));
  const findings = [...review.findings.map((f) => byKey.get(findingKey(f)) ?? f), ...added];
  return { ...review, findings, resolved: findings.map((f) => !present.has(findingKey(f))) };
}
