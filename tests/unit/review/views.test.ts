// @vitest-environment happy-dom
import { h, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewContext } from '../../../components/review/context';
import { ReviewSourceError, type ReviewDataSource } from '../../../contract/review/data-source';
import { EventDetail } from '../../../components/review/EventDetail';
import { RulesView } from '../../../components/review/RulesView';
import type { EventDetail as Detail } from '../../../contract/review/events';
import { decision, realRules } from '../../hub/support/events';
import { mount } from '../components/fixtures';
import { stubSource as source } from './stub-source';

/** Text that would run if it were ever treated as markup. */
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const [rule] = realRules();

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));


async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

function view(node: ComponentChild, data: ReviewDataSource, roleLabel = '质控') {
  const mounted = mount(h(ReviewContext.Provider, { value: { source: data, roleLabel } }, node));
  cleanups.push(mounted.unmount);
  return mounted.container;
}

describe('review views render data as text', () => {
  it('shows hostile comments, reasons and labels literally in the event detail', async () => {
    const event = decision(rule!, 'continued', { context: { department: HOSTILE } });
    if (event.type === 'decision') event.decision.reason = HOSTILE;
    const detail: Detail = {
      event,
      workstation: { id: 'a1b2c3d4e5f60718', label: HOSTILE },
      receivedAt: '2026-11-22T02:20:00.000Z',
      verdict: { verdict: '误报', comment: HOSTILE, reviewer: 'f00dfeedf00dfeed', at: '2026-11-23T01:00:00.000Z' },
      history: [{ id: 1, verdict: '误报', comment: HOSTILE, reviewer: 'f00dfeedf00dfeed', reviewerLabel: HOSTILE, at: '2026-11-23T01:00:00.000Z' }],
    };
    const root = view(h(EventDetail, { eventId: event.id, onClose: () => {} }), source({ eventDetail: async () => detail }));
    await settle();
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.rv-comment')!.textContent).toBe(HOSTILE);
    expect(root.querySelector('.rv-facts')!.textContent).toContain(HOSTILE);
    expect(root.querySelector('.rv-fields')!.textContent).toContain(`decision.reason${HOSTILE}`);
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
    // 质控 may review: both forms are there.
    expect(root.querySelector('.rv-verdict-form')).not.toBeNull();
    expect(root.querySelector('.rv-report-form')).not.toBeNull();
  });

  it('says plainly when the role may not read something', async () => {
    const forbidden = () => Promise.reject(new ReviewSourceError('forbidden', 'role quality may not rule-reports:read', 403));
    const data = source({ topRules: forbidden, overrides: forbidden, verdictCounts: forbidden, ruleReports: forbidden });
    const root = view(h(RulesView, { filters: {}, onShowEvents: () => {} }), data);
    await settle();
    const alert = root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('无权限（403）');
    expect(alert.textContent).toContain('质控');
    expect(alert.textContent).toContain('role quality may not rule-reports:read');
  });

  it('marks the rules over the thresholds and shows their 规则有误 reports', async () => {
    const [a, b] = realRules();
    const data = source({
      topRules: async () => [
        { ruleId: a!.id, kind: a!.kind, shown: 40, decisions: 12, continued: 7, corrected: 5, ignored: 0, amountAtRisk: 1200 },
        { ruleId: b!.id, kind: b!.kind, shown: 30, decisions: 12, continued: 2, corrected: 10, ignored: 0, amountAtRisk: 800 },
      ],
      overrides: async () => [],
      verdictCounts: async () => [{ ruleId: b!.id, reviewed: 9, confirmed: 0, falsePositive: 9, justified: 0 }],
      ruleReports: async () => [{ id: 3, ruleId: b!.id, packVersion: null, eventId: null, comment: HOSTILE, reporter: 'x', reporterLabel: '质控科', at: '2026-11-22T02:00:00.000Z' }],
    });
    const root = view(h(RulesView, { filters: {}, onShowEvents: () => {} }), data, '医保办');
    await settle();
    const rows = Array.from(root.querySelectorAll<HTMLTableRowElement>('tr.rv-row'));
    expect(rows.map((r) => [r.dataset.ruleId, r.classList.contains('rv-row-high')])).toEqual([
      [a!.id, true],
      // 100 % 误报, but only 9 reviewed: below the 10 events a rate needs.
      [b!.id, false],
    ]);
    expect(rows[0]!.textContent).toContain('继续提交率高');
    expect(rows[1]!.querySelector('.rv-report-latest')!.textContent).toContain(HOSTILE);
    expect(root.querySelector('img')).toBeNull();
  });
});
