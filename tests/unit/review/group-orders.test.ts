import { describe, expect, it } from 'vitest';
import { orderOutcome } from '../../../contract/review/group-orders';
import type { OrderFinding, OrderStep } from '../../../contract/review/orders';

/** What became of a prescription, from its submission checks and reviews in time order. */

let n = 0;
const step = (type: OrderStep['type'], outcome: string): OrderStep => ({ at: new Date(Date.UTC(2026, 10, 22, 1, 0, n)).toISOString(), eventId: `ev-${String(n++).padStart(6, '0')}`, type, outcome });
const finding = (decision?: 'modified' | 'continued'): OrderFinding => ({
  ruleId: 'r',
  kind: 'quantity',
  severity: 'warning',
  verdictEventId: 'ev-000000',
  verdict: null,
  eventIds: [],
  ...(decision ? { decision: { decision, at: '2026-11-22T01:00:00.000Z', eventId: 'ev-000001' } } : {}),
});

describe('the outcome of a prescription', () => {
  it('is decided by the last submission', () => {
    expect(orderOutcome([], [finding()])).toBe('not-submitted');
    expect(orderOutcome([step('submit-check', 'clean')], [])).toBe('clean');
    expect(orderOutcome([step('submit-check', 'review'), step('review', 'continued')], [finding('continued')])).toBe('continued');
    // Went back and never submitted again.
    expect(orderOutcome([step('submit-check', 'review'), step('review', 'returned')], [finding()])).toBe('returned');
    // Went back, changed it, submitted clean.
    expect(orderOutcome([step('submit-check', 'review'), step('review', 'returned'), step('submit-check', 'clean')], [finding()])).toBe('corrected');
    // Changed while writing, then submitted clean.
    expect(orderOutcome([step('submit-check', 'clean')], [finding('modified')])).toBe('corrected');
    // A passive finding left standing does not make a clean submission a correction.
    expect(orderOutcome([step('submit-check', 'clean')], [finding()])).toBe('clean');
    for (const unchecked of ['incomplete', 'adapter-broken', 'silent']) expect(orderOutcome([step('submit-check', unchecked)], [finding()])).toBe('unchecked');
    // A held submission the doctor has not answered yet is not a submission.
    expect(orderOutcome([step('submit-check', 'review')], [finding()])).toBe('not-submitted');
    // An incomplete check while typing says nothing about submitting.
    expect(orderOutcome([step('submit-check', 'review'), step('review', 'continued'), step('check-incomplete', 'slow')], [finding('continued')])).toBe('continued');
  });
});
