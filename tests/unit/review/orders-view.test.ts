// @vitest-environment happy-dom
import { h, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReviewContext } from '../../../components/review/context';
import { EventDetail } from '../../../components/review/EventDetail';
import { OrdersView } from '../../../components/review/OrdersView';
import type { ReviewDataSource } from '../../../contract/review/data-source';
import type { ListedEvent } from '../../../contract/review/events';
import { buildOrderGroup, orderKeyOf } from '../../../contract/review/group-orders';
import type { Names } from '../../../contract/review/names';
import type { OrderGroup } from '../../../contract/review/orders';
import type { VerdictInput } from '../../../contract/review/verdicts';
import type { FlagEvent } from '../../../contract/flag-event';
import { goldenPrescriptions, patientDigest, prescriptionEvents, type Prescription } from '../../hub/support/prescriptions';
import { mount } from '../components/fixtures';
import { latinWords } from './latin-words';
import { stubSource } from './stub-source';

/**
 * The 质控's view of one prescription (issue #11) in a DOM: lines, diagnoses, each finding's
 * message, 依据, rule name and the doctor's decision; a verdict form per finding and none on a
 * submission check; and no English word on the Chinese screen.
 */

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const WS = { id: 'a1b2c3d4e5f60718', label: '门诊3诊室' };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

let rx: Prescription;
let events: FlagEvent[];
let order: OrderGroup;
const listed = (event: FlagEvent): ListedEvent => ({ event, workstation: WS, source: 'extension', receivedAt: event.at, verdict: null });

beforeAll(() => {
  rx = goldenPrescriptions().find((p) => p.findings.length >= 2 && p.findings.some((f) => f.basis) && p.order.encounter.diagnoses.length > 0)!;
  events = prescriptionEvents(rx, { orderId: 'RX-2026-1122-0007', at: Date.parse('2026-11-22T01:00:00Z'), story: 'continued', context: { department: '心血管内科', prescriberId: 'Practitioner/pr-3307', patientKey: patientDigest(1) }, reason: { free: HOSTILE } });
  order = buildOrderGroup(orderKeyOf(listed(events[0]!))!, events.map(listed), undefined, new Map());
});

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

function source(overrides: Partial<ReviewDataSource> = {}): ReviewDataSource & { verdicts: [string, VerdictInput][] } {
  const verdicts: [string, VerdictInput][] = [];
  const names: Names = {
    rules: Object.fromEntries(rx.findings.map((f) => [f.ruleId, { name: `规则药品${f.ruleId.length}`, kind: f.kind }])),
    prescribers: { 'Practitioner/pr-3307': { name: '张伟', department: '心血管内科' } },
    workstations: { [WS.id]: WS.label },
  };
  const data = stubSource({
    listOrders: async () => ({ orders: [order], nextCursor: null }),
    orderDetail: async () => order,
    names: async () => names,
    recordVerdict: async (eventId, input) => {
      verdicts.push([eventId, input]);
      return { id: 1, eventId, reviewer: 'q', verdict: input.verdict, comment: input.comment ?? null, at: '2026-11-23T01:00:00.000Z' };
    },
    ...overrides,
  });
  return Object.assign(data, { verdicts });
}

function view(node: ComponentChild, data: ReviewDataSource) {
  const mounted = mount(h(ReviewContext.Provider, { value: { source: data, roleLabel: '质控' } }, node));
  cleanups.push(mounted.unmount);
  return mounted.container;
}

describe('a prescription as the 质控 reviews it', () => {
  it('shows the lines, diagnoses, each message and 依据, rule and doctor names, and the decision with its reason', async () => {
    const data = source();
    const root = view(h(OrdersView, { filters: {}, selectedKey: order.key, onSelect: () => {} }), data);
    await settle();
    const row = root.querySelector<HTMLElement>(`tr[data-order-id="RX-2026-1122-0007"]`)!;
    expect(row.textContent).toContain('张伟');
    expect(row.textContent).toContain('继续提交');
    expect(row.textContent).toContain(`待复核 ${rx.findings.length}`);
    const detail = root.querySelector<HTMLElement>('aside.rv-order-detail')!;
    for (const line of rx.order.lines) expect(detail.querySelector(`tr[data-line-id="${line.id}"]`)!.textContent).toContain(line.name);
    for (const d of rx.order.encounter.diagnoses) expect(detail.querySelector('.rv-diagnoses')!.textContent).toContain(`${d.code} ${d.name ?? ''}`.trim());
    const cards = Array.from(detail.querySelectorAll<HTMLElement>('article.rv-finding'));
    expect(cards).toHaveLength(rx.findings.length);
    rx.findings.forEach((finding, i) => {
      const card = cards[i]!;
      expect(card.querySelector('.rv-finding-message')!.textContent).toBe(finding.message);
      if (finding.basis) expect(card.querySelector('.rv-finding-basis')!.textContent).toContain(finding.basis);
      // The rule by name, its id beside it.
      expect(card.querySelector('.rv-finding-head .rv-name')!.textContent).toContain(`规则药品${finding.ruleId.length}`);
      expect(card.querySelector('.rv-finding-head .rv-id')!.textContent).toBe(finding.ruleId);
      expect(card.querySelector('.rv-finding-decision')!.textContent).toContain('继续提交');
      // The doctor's free text, shown as text.
      expect(card.querySelector('.rv-finding-reason')!.textContent).toContain(HOSTILE);
      expect(card.querySelectorAll('.rv-verdict-form')).toHaveLength(1);
    });
    expect(detail.querySelector('.rv-facts')!.textContent).toContain('张伟');
    expect(detail.querySelector('.rv-steps')!.textContent).toContain('医生选择继续提交');
    expect(root.querySelector('img')).toBeNull();
  });

  it('records a verdict on the finding it was given for', async () => {
    const data = source();
    const root = view(h(OrdersView, { filters: {}, selectedKey: order.key, onSelect: () => {} }), data);
    await settle();
    const card = root.querySelectorAll<HTMLElement>('article.rv-finding')[1]!;
    act(() => card.querySelector<HTMLInputElement>('input[value="误报"]')!.click());
    const comment = card.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')!;
    act(() => {
      comment.value = '外院已确诊';
      comment.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => card.querySelector<HTMLFormElement>('form.rv-verdict-form')!.requestSubmit());
    await settle();
    expect(data.verdicts).toEqual([[order.findings[1]!.verdictEventId, { verdict: '误报', comment: '外院已确诊' }]]);
    expect(order.findings[1]!.verdictEventId).toBe(events.find((e) => e.type === 'finding-shown' && e.finding.ruleId === order.findings[1]!.ruleId && e.finding.lineId === order.findings[1]!.lineId)!.id);
  });

  it('offers no verdict on a submission check, and says its outcome in Chinese', async () => {
    for (const event of events.filter((e) => e.type === 'submit-check' || e.type === 'review')) {
      const data = source({ eventDetail: async () => ({ ...listed(event), history: [] }) });
      const root = view(h(EventDetail, { eventId: event.id, onClose: () => {} }), data);
      await settle();
      expect(root.querySelector('.rv-verdict-form')).toBeNull();
      expect(root.querySelector('.rv-facts')!.textContent).toMatch(event.type === 'review' ? /医生选择继续提交/ : /有提示，弹出提交前审核/);
      expect(latinWords(root)).toEqual([]);
    }
  });

  it('writes no English word on the Chinese screen', async () => {
    // The doctor's words in Chinese this time: the scan is about our words, not theirs.
    const calm = prescriptionEvents(rx, { orderId: 'RX-2026-1122-0008', at: Date.parse('2026-11-22T02:00:00Z'), story: 'returned', context: { department: '心血管内科', prescriberId: 'Practitioner/pr-3307', patientKey: patientDigest(2) } });
    const other = buildOrderGroup(orderKeyOf(listed(calm[0]!))!, calm.map(listed), undefined, new Map());
    const data = source({ listOrders: async () => ({ orders: [other, order], nextCursor: null }), orderDetail: async () => other });
    const root = view(h(OrdersView, { filters: {}, selectedKey: other.key, onSelect: () => {} }), data);
    await settle();
    expect(root.querySelectorAll('article.rv-finding').length).toBeGreaterThan(0);
    expect(latinWords(root)).toEqual([]);
    // The scanner itself finds what leaked before.
    const leak = document.createElement('div');
    leak.innerHTML = '<p>结果 returned</p><p>限性别 (sex)</p><p><code>review</code> J20.900 D0012</p>';
    expect(latinWords(leak)).toEqual(['returned', 'sex']);
  });

  it('names every recorded value in Chinese in the event list and the filters too', async () => {
    const base = { sessionId: 's', profileId: 'demo-outpatient', page: 'http://x/', orderId: 'RX-1' };
    const more: FlagEvent[] = [
      ...(['clean', 'review', 'incomplete', 'adapter-broken', 'silent'] as const).map((outcome, i): FlagEvent => ({ ...base, id: `sc-${outcome}-0001`, at: `2026-11-22T0${i}:00:00.000Z`, type: 'submit-check', outcome, waitedMs: 3 })),
      { ...base, id: 'rv-returned-01', at: '2026-11-22T06:00:00.000Z', type: 'review', outcome: 'returned', findingCount: 2 },
      { ...base, id: 'ci-slow-000001', at: '2026-11-22T07:00:00.000Z', type: 'check-incomplete', reason: 'slow', during: 'typing', elapsedMs: 900 },
      { ...base, id: 'ci-timeout-001', at: '2026-11-22T07:00:01.000Z', type: 'check-incomplete', reason: 'timeout', during: 'submit', elapsedMs: 900 },
    ];
    const calm = prescriptionEvents(rx, { orderId: 'RX-2026-1122-0009', at: Date.parse('2026-11-22T03:00:00Z'), story: 'continued', context: { department: '心血管内科', prescriberId: 'Practitioner/pr-3307' } });
    const data = source({ listEvents: async () => ({ events: [...more, ...calm].map(listed), nextCursor: null }) });
    const { EventsView } = await import('../../../components/review/EventsView');
    const { FiltersBar } = await import('../../../components/review/FiltersBar');
    const root = view(
      h('div', {}, h(FiltersBar, { filters: { ruleId: rx.findings[0]!.ruleId, prescriber: 'Practitioner/pr-3307', workstation: WS.id }, onChange: () => {} }), h(EventsView, { filters: {}, onSelect: () => {} })),
      data,
    );
    await settle();
    expect(root.querySelectorAll('tr.rv-row')).toHaveLength(more.length + calm.length);
    expect(root.textContent).toContain('医生返回修改');
    expect(root.textContent).toContain('审核超时');
    // The filter fields keep the ids they filter by; the names show under them.
    expect(root.querySelector('.rv-filters')!.textContent).toContain('张伟');
    const words = latinWords(root);
    expect(words).toEqual([]);
  });

  it('sets 本月 and 上月 in the hospital zone with one click each, and shows which is chosen', async () => {
    // 2026-12-31T17:00Z is already 2027-01-01 in Shanghai: 本月 is January, 上月 December.
    vi.useFakeTimers({ now: new Date('2026-12-31T17:00:00Z'), toFake: ['Date'] });
    try {
      const { FiltersBar } = await import('../../../components/review/FiltersBar');
      const changes: object[] = [];
      const root = view(h(FiltersBar, { filters: { from: '2026-12-01', to: '2026-12-31', kind: 'sex' }, onChange: (f) => changes.push(f) }), source());
      const [thisMonth, lastMonth] = [...root.querySelectorAll<HTMLButtonElement>('.rv-filter-preset')];
      expect([thisMonth!.textContent, lastMonth!.textContent]).toEqual(['本月', '上月']);
      expect([thisMonth!.getAttribute('aria-pressed'), lastMonth!.getAttribute('aria-pressed')]).toEqual(['false', 'true']);
      act(() => thisMonth!.click());
      expect(changes).toEqual([{ from: '2027-01-01', to: '2027-01-01', kind: 'sex' }]);
    } finally {
      vi.useRealTimers();
    }
  });
});
