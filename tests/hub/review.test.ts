import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { decision, findingShown, realRules } from './support/events';
import { startTestHub, type TestHub } from './support/hub';

describe.each(DRIVERS)('review on %s', (driver) => {
  let h: TestHub;
  const [A, B] = realRules();
  const shown = findingShown(A!, { at: '2026-11-21T02:00:00Z' });
  const continued = decision(A!, 'continued', { at: '2026-11-21T02:01:00Z' });
  const other = findingShown(B!, { at: '2026-11-21T03:00:00Z' });

  beforeAll(async () => {
    h = await startTestHub(driver);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(async () => {
    await h.reset();
    await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: [shown, continued, other] } });
  });

  const verdict = (eventId: string, body: unknown) => h.call('POST', `/api/v1/events/${eventId}/verdict`, { token: h.tokens.quality, body });
  const listIds = async (query: string) => {
    const response = await h.call('GET', `/api/v1/events${query}`, { token: h.tokens['insurance-office'] });
    return ((await response.json()) as { events: { event: { id: string }; verdict: { verdict: string } | null }[] }).events;
  };

  it('records a verdict, and the newest one is the current one', async () => {
    const first = await verdict(continued.id, { verdict: '确认违规', comment: '无审批记录' });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ eventId: continued.id, reviewer: h.tokenIds.quality, verdict: '确认违规', comment: '无审批记录' });
    await verdict(continued.id, { verdict: '合理使用' });

    const listed = await listIds('');
    expect(listed.find((e) => e.event.id === continued.id)!.verdict).toMatchObject({ verdict: '合理使用', comment: null });
    expect((await listIds(`?verdict=${encodeURIComponent('合理使用')}`)).map((e) => e.event.id)).toEqual([continued.id]);
    expect(await listIds(`?verdict=${encodeURIComponent('确认违规')}`)).toEqual([]);
    expect((await listIds('?verdict=none')).map((e) => e.event.id)).toEqual([other.id, shown.id]);
    const history = await h.deps.db.query('SELECT verdict FROM verdicts WHERE event_id = $1 ORDER BY id', [continued.id]);
    expect(history.rows).toEqual([{ verdict: '确认违规' }, { verdict: '合理使用' }]);
  });

  it('refuses verdicts outside the three, and on unknown events', async () => {
    const invalid = await verdict(continued.id, { verdict: '违规' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { details: { path: string }[] }).details[0]!.path).toBe('verdict');
    expect((await verdict('00000000-0000-4000-8000-000000000000', { verdict: '误报' })).status).toBe(404);
    expect((await verdict(encodeURIComponent("x' OR '1'='1"), { verdict: '误报' })).status).toBe(404);
    expect((await h.deps.db.query('SELECT 1 FROM verdicts')).rows).toHaveLength(0);
  });

  it('takes 规则有误 reports from 质控 and lists them newest first for the 医保办', async () => {
    const first = await h.call('POST', '/api/v1/rule-reports', {
      token: h.tokens.quality,
      body: { ruleId: A!.id, packVersion: '2026.11.1', eventId: continued.id, comment: '限定支付范围已于本年调整' },
    });
    expect(first.status).toBe(201);
    await h.call('POST', '/api/v1/rule-reports', { token: h.tokens.quality, body: { ruleId: B!.id, comment: '编码对照有误' } });

    const all = await h.call('GET', '/api/v1/rule-reports', { token: h.tokens['insurance-office'] });
    const { reports } = (await all.json()) as { reports: { id: number; ruleId: string; eventId: string | null; reporterLabel: string }[] };
    expect(reports.map((r) => [r.ruleId, r.eventId])).toEqual([
      [B!.id, null],
      [A!.id, continued.id],
    ]);
    expect(reports[0]!.reporterLabel).toBe('测试-quality');

    const forA = await h.call('GET', `/api/v1/rule-reports?ruleId=${encodeURIComponent(A!.id)}`, { token: h.tokens['insurance-office'] });
    expect(((await forA.json()) as { reports: unknown[] }).reports).toHaveLength(1);
    const page2 = await h.call('GET', `/api/v1/rule-reports?limit=1&before=${reports[0]!.id}`, { token: h.tokens['insurance-office'] });
    expect(((await page2.json()) as { reports: { ruleId: string }[] }).reports.map((r) => r.ruleId)).toEqual([A!.id]);
  });

  it('refuses reports without a comment or about an unknown event', async () => {
    const empty = await h.call('POST', '/api/v1/rule-reports', { token: h.tokens.quality, body: { ruleId: A!.id, comment: '   ' } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { details: { path: string }[] }).details[0]!.path).toBe('comment');
    const ghost = await h.call('POST', '/api/v1/rule-reports', {
      token: h.tokens.quality,
      body: { ruleId: A!.id, eventId: '00000000-0000-4000-8000-000000000000', comment: '规则有误' },
    });
    expect(ghost.status).toBe(422);
    expect((await h.deps.db.query('SELECT 1 FROM rule_reports')).rows).toHaveLength(0);
  });
});
