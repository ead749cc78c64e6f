import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlagEvent } from '../../contract/flag-event';
import { encodeOrderKey, OrderGroupSchema, OrderPageSchema, type OrderGroup } from '../../contract/review/orders';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';
import { goldenPrescriptions, patientDigest, prescriptionEvents, type Prescription } from './support/prescriptions';

/**
 * Review by prescription on the hub (issue #11): an order's records come back as one row with its
 * lines, diagnoses, each finding's message and 依据, the doctor's decision and reason and what
 * became of the order; verdicts go on findings only.
 */
describe.each(DRIVERS)('orders on %s', (driver) => {
  let h: TestHub;
  let rx: Prescription[];
  const T0 = Date.parse('2026-11-22T01:00:00Z');
  const cardiology = (n: number) => ({ department: '心血管内科', prescriberId: 'D0012', patientKey: patientDigest(n) });

  beforeAll(async () => {
    h = await startTestHub(driver);
    // Three prescriptions with more than one finding each, so grouping has something to do.
    rx = goldenPrescriptions().filter((p) => p.findings.length >= 2).slice(0, 3);
    expect(rx).toHaveLength(3);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  const upload = async (events: FlagEvent[], token = h.tokens.workstation) => {
    const response = await h.call('POST', '/api/v1/events', { token, body: { events } });
    expect(await response.json()).toMatchObject({ accepted: events.length, rejected: [] });
  };
  const get = async (path: string, token = h.tokens.quality) => {
    const response = await h.call('GET', `/api/v1${path}`, { token });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const list = async (query = '') => OrderPageSchema.parse((await get(`/orders${query}`)).body);
  const detail = async (key: string) => OrderGroupSchema.parse((await get(`/orders/one?key=${encodeURIComponent(key)}`)).body);

  /** The three stories: 继续提交 with a preset reason, 返回修改 then clean, never submitted. */
  const seed = async () => {
    const events = [
      ...prescriptionEvents(rx[0]!, { orderId: 'RX-A', at: T0, story: 'continued', context: cardiology(1) }),
      ...prescriptionEvents(rx[1]!, { orderId: 'RX-B', at: T0 + 600_000, story: 'returned', context: { department: '呼吸内科', prescriberId: 'D0034', patientKey: patientDigest(2) } }),
      ...prescriptionEvents(rx[2]!, { orderId: 'RX-C', at: T0 + 1_200_000, story: 'not-submitted', context: cardiology(3) }),
    ];
    // A record about no order (a broken page) is not a prescription.
    const stray: FlagEvent = { id: 'stray-adapter-1', at: new Date(T0).toISOString(), sessionId: 's', profileId: 'p', page: 'http://x/', type: 'adapter-broken', problems: [] };
    await upload([...events, stray]);
    return events;
  };

  beforeEach(() => h.reset());
  const orderOf = (e: FlagEvent) => ('orderId' in e ? e.orderId : undefined);

  it('lists one row per prescription, newest first, with lines, diagnoses, messages, decisions and outcome', async () => {
    await seed();
    const page = await list();
    expect(page.orders.map((o) => o.orderId)).toEqual(['RX-C', 'RX-B', 'RX-A']);
    expect(page.nextCursor).toBeNull();
    const a = page.orders.find((o) => o.orderId === 'RX-A')!;
    const p = rx[0]!;
    expect(a.lines.map((l) => [l.code, l.name])).toEqual(p.order.lines.map((l) => [l.code, l.name]));
    expect(a.lines[0]!.quantity).toBe(p.order.lines[0]!.quantity);
    expect(a.diagnoses).toEqual(p.order.encounter.diagnoses.map((d) => ({ code: d.code, ...(d.name ? { name: d.name } : {}), ...(d.primary !== undefined ? { primary: d.primary } : {}) })));
    expect(a.findings.map((f) => [f.ruleId, f.lineId, f.message])).toEqual(p.findings.map((f) => [f.ruleId, f.lineId, f.message]));
    expect(a.findings.every((f) => f.decision?.decision === 'continued' && f.decision.reason === '临床必需且已告知患者')).toBe(true);
    expect(a.findings.filter((f) => f.basis).map((f) => f.basis)).toEqual(p.findings.filter((f) => f.basis).map((f) => f.basis));
    expect(a).toMatchObject({ outcome: 'continued', department: '心血管内科', prescriberId: 'D0012', patientKey: patientDigest(1), workstation: { id: h.tokenIds.workstation, label: '测试-workstation' } });
    expect(a.steps.map((s) => `${s.type}:${s.outcome}`)).toEqual(['submit-check:review', 'review:continued']);
    expect(page.orders.find((o) => o.orderId === 'RX-B')!.outcome).toBe('corrected');
    expect(page.orders.find((o) => o.orderId === 'RX-C')!).toMatchObject({ outcome: 'not-submitted', steps: [] });
    // Nothing in a row names the patient: only the salted digest.
    expect(JSON.stringify(page)).not.toMatch(/p-[0-9a-f]{16}|"name":"(张|王|李)/);
  });

  it('selects orders by any of their records and shows them whole; pages by a cursor of its own', async () => {
    await seed();
    const rule = rx[1]!.findings[0]!.ruleId;
    const byRule = await list(`?ruleId=${encodeURIComponent(rule)}`);
    expect(byRule.orders.map((o) => o.orderId)).toEqual(rx.map((p, i) => (p.findings.some((f) => f.ruleId === rule) ? ['RX-A', 'RX-B', 'RX-C'][i]! : '')).filter(Boolean).reverse());
    // Shown whole: the submission steps and every finding, not only the records that matched.
    const b = byRule.orders.find((o) => o.orderId === 'RX-B')!;
    expect(b.findings).toHaveLength(rx[1]!.findings.length);
    expect(b.steps.map((s) => `${s.type}:${s.outcome}`)).toEqual(['submit-check:review', 'review:returned', 'submit-check:clean']);
    expect((await list('?decision=continued')).orders.map((o) => o.orderId)).toEqual(['RX-A']);
    expect((await list('?department=%E5%91%BC%E5%90%B8%E5%86%85%E7%A7%91')).orders.map((o) => o.orderId)).toEqual(['RX-B']);
    const first = await list('?limit=2');
    expect(first.orders.map((o) => o.orderId)).toEqual(['RX-C', 'RX-B']);
    const second = await list(`?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.orders.map((o) => o.orderId)).toEqual(['RX-A']);
    expect(second.nextCursor).toBeNull();
    expect((await get('/orders?cursor=bm90LW91cnM')).status).toBe(400);
  });

  it('never merges two patients, or two workstations, under one order number', async () => {
    const p = rx[0]!;
    await upload([
      ...prescriptionEvents(p, { orderId: 'demo-outpatient-2026-11-22', at: T0, story: 'continued', context: cardiology(7), idPrefix: 'pat7' }),
      ...prescriptionEvents(p, { orderId: 'demo-outpatient-2026-11-22', at: T0 + 60_000, story: 'corrected', context: cardiology(8), idPrefix: 'pat8' }),
    ]);
    await upload(prescriptionEvents(p, { orderId: 'demo-outpatient-2026-11-22', at: T0 + 120_000, story: 'corrected', context: cardiology(8), idPrefix: 'ws2' }), h.otherWorkstation.token);
    const page = await list();
    expect(page.orders.map((o) => [o.workstation.label, o.patientKey, o.outcome])).toEqual([
      ['门诊3诊室', patientDigest(8), 'corrected'],
      ['测试-workstation', patientDigest(8), 'corrected'],
      ['测试-workstation', patientDigest(7), 'continued'],
    ]);
  });

  it('records verdicts on findings and refuses them on a submission check', async () => {
    const events = await seed();
    const a = (await list()).orders.find((o) => o.orderId === 'RX-A')!;
    const submit = events.find((e) => orderOf(e) === 'RX-A' && e.type === 'submit-check')!;
    const refused = await h.call('POST', `/api/v1/events/${submit.id}/verdict`, { token: h.tokens.quality, body: { verdict: '确认违规' } });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: 'not-a-finding' });
    expect((await h.deps.db.query('SELECT 1 FROM verdicts')).rows).toHaveLength(0);

    const [first, second] = a.findings;
    // A finding's verdict goes on the record where it was first shown.
    expect(first!.verdictEventId).toBe(events.find((e) => e.type === 'finding-shown' && orderOf(e) === 'RX-A' && e.finding.ruleId === first!.ruleId)!.id);
    for (const [verdict, comment] of [['确认违规', '无审批记录'], ['误报', '外院已确诊，病历附报告']] as const) {
      const saved = await h.call('POST', `/api/v1/events/${first!.verdictEventId}/verdict`, { token: h.tokens.quality, body: { verdict, comment } });
      expect(saved.status).toBe(201);
    }
    const opened = await detail(a.key);
    const judged = opened.findings.find((f) => f.ruleId === first!.ruleId && f.lineId === first!.lineId)!;
    expect(judged.verdict).toMatchObject({ verdict: '误报', comment: '外院已确诊，病历附报告' });
    expect(judged.history!.map((v) => [v.verdict, v.reviewerLabel])).toEqual([['误报', '测试-quality'], ['确认违规', '测试-quality']]);
    expect(opened.findings.find((f) => f.ruleId === second!.ruleId && f.lineId === second!.lineId)!.verdict).toBeNull();

    // The verdict filter looks at findings: RX-A still has one unjudged, RX-B and RX-C all theirs.
    expect((await list('?verdict=%E8%AF%AF%E6%8A%A5')).orders.map((o) => o.orderId)).toEqual(['RX-A']);
    expect((await list('?verdict=none')).orders.map((o) => o.orderId)).toEqual(['RX-C', 'RX-B', 'RX-A']);
    for (const f of a.findings.slice(1)) await h.call('POST', `/api/v1/events/${f.verdictEventId}/verdict`, { token: h.tokens.quality, body: { verdict: '合理使用' } });
    expect((await list('?verdict=none')).orders.map((o) => o.orderId)).toEqual(['RX-C', 'RX-B']);
    expect((await list('?verdict=%E7%A1%AE%E8%AE%A4%E8%BF%9D%E8%A7%84')).orders).toEqual([]);
    // The rule statistics count each finding once.
    const counts = (await get(`/stats/verdicts/rule`, h.tokens['insurance-office'])).body as { rows: { ruleId: string; reviewed: number }[] };
    expect(counts.rows.reduce((sum, r) => sum + r.reviewed, 0)).toBe(a.findings.length);
  });

  it('keeps a verdict recorded on another record of the finding as the one it shows and adds to', async () => {
    const events = await seed();
    const decision = events.find((e) => orderOf(e) === 'RX-A' && e.type === 'decision')!;
    await h.call('POST', `/api/v1/events/${decision.id}/verdict`, { token: h.tokens.quality, body: { verdict: '确认违规' } });
    const a: OrderGroup = await detail(encodeOrderKey([h.tokenIds.workstation, 'RX-A', patientDigest(1)]));
    const finding = a.findings.find((f) => f.eventIds.includes(decision.id))!;
    expect(finding.verdictEventId).toBe(decision.id);
    expect(finding.verdict?.verdict).toBe('确认违规');
  });

  it('answers 404 for an order it does not hold and 400 for a malformed key', async () => {
    await seed();
    expect((await get(`/orders/one?key=${encodeURIComponent(encodeOrderKey([h.tokenIds.workstation, 'RX-Z', '']))}`)).status).toBe(404);
    expect((await get('/orders/one?key=%5B1%5D')).status).toBe(404);
    expect((await get('/orders/one')).status).toBe(400);
  });
});
