import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../contract/findings';
import { refreshReview, type OpenReview } from '../../../entrypoints/content/review-state';

const f = (ruleId: string, lineId: string, message = 'm'): Finding => ({ ruleId, lineId, kind: 'quantity', severity: 'warning', message, actions: [] });

describe('the open review after a new result', () => {
  it('resolves items whose finding is gone, unresolves one that came back, and appends new ones', () => {
    const review: OpenReview = { orderId: 'o', findings: [f('a', '1'), f('b', '2')], resolve: () => undefined };
    const fixed = refreshReview(review, [f('b', '2', 'new text')], [f('b', '2')]);
    expect(fixed.resolved).toEqual([true, false]);
    // The latest wording of an item that is still there.
    expect(fixed.findings[1]!.message).toBe('new text');
    const back = refreshReview(fixed, [f('a', '1'), f('b', '2'), f('c', '3')], [f('a', '1'), f('b', '2'), f('c', '3')]);
    expect(back.findings.map((x) => x.ruleId)).toEqual(['a', 'b', 'c']);
    expect(back.resolved).toEqual([false, false, false]);
    expect(back.resolve).toBe(review.resolve);
  });
});
