import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UploadedEvent } from '../../hub/src/events/schema';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { decision, findingShown, realRules, submitCheck } from './support/events';
import { startTestHub, type TestHub } from './support/hub';

/**
 * What the database can store (issue #13): text the database refuses is normalised, numbers and
 * dates out of bounds are refused record by record, and statistics never overflow.
 */
describe.each(DRIVERS)('storable events on %s', (driver) => {
  let h: TestHub;
  const [A, B] = realRules();

  beforeAll(async () => {
    h = await startTestHub(driver);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());

  const upload = async (events: unknown[]) => {
    const response = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events } });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as { accepted: number; duplicates: number; rejected: { index: number; id?: string }[] };
  };
  const get = async <T>(path: string): Promise<T> => {
    const response = await h.call('GET', path, { token: h.tokens.admin });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
    return (await response.json()) as T;
  };

  it('stores a record whose texts end in a lone surrogate or hold a NUL, normalised (R1)', async () => {
    const surrogate = findingShown(A!, { context: { department: '心内科\uD840', prescriberId: 'D\u0000001' } });
    const lowAlone = { ...submitCheck('2026-11-22T03:02:00Z'), page: 'https://his.example.cn/\uDC00x', profileId: 'his\u0000demo' };
    const good = findingShown(B!);
    const answer = await upload([surrogate, lowAlone, good]);
    expect(answer).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const { events } = await get<{ events: { event: UploadedEvent }[] }>('/api/v1/events');
    const byId = new Map(events.map((e) => [e.event.id, e.event]));
    expect(byId.get(surrogate.id)?.context).toEqual({ department: '心内科\uFFFD', prescriberId: 'D001' });
    expect(byId.get(lowAlone.id)).toMatchObject({ page: 'https://his.example.cn/\uFFFDx', profileId: 'hisdemo' });
    expect(await get(`/api/v1/stats/summary?department=${encodeURIComponent('心内科\uFFFD')}`)).toMatchObject({ total: 1 });
  });

  it('refuses only the out-of-bounds records of a batch and stores the rest (R1, R2)', async () => {
    const huge = findingShown(A!, { amountAtRisk: 1e308 });
    const negative = findingShown(A!, { amountAtRisk: -1 });
    const future = findingShown(A!, { at: '2099-01-01T00:00:00Z' });
    const ancient = findingShown(A!, { at: '2019-12-31T23:59:59Z' });
    const good = [findingShown(A!, { amountAtRisk: 1e9 }), decision(A!, 'continued'), findingShown(B!, { at: '2020-01-01T00:00:00Z' })];
    const answer = await upload([good[0], huge, negative, good[1], future, ancient, good[2]]);
    expect(answer.accepted).toBe(3);
    expect(answer.rejected.map((r) => [r.index, r.id])).toEqual([
      [1, huge.id],
      [2, negative.id],
      [4, future.id],
      [5, ancient.id],
    ]);
    expect(await get('/api/v1/stats/summary')).toMatchObject({ total: 3 });
  });

  it('keeps statistics within bounds even over amounts that reached the database some other way (R2)', async () => {
    await upload([findingShown(A!, { amountAtRisk: 10 }), findingShown(A!, { amountAtRisk: 20 }), decision(A!, 'continued')]);
    // Rows loaded around the API (a restore, an older hub) with absurd amounts.
    await h.deps.db.query(`UPDATE events SET amount_at_risk = 1e308 WHERE type = 'finding-shown'`);
    await h.deps.db.query(`UPDATE event_rollup SET amount_at_risk = 1e308`);
    for (const path of [
      '/api/v1/stats/summary',
      '/api/v1/stats/top-rules',
      '/api/v1/stats/overrides/rule',
      '/api/v1/stats/overrides/department',
      '/api/v1/stats/daily',
      `/api/v1/stats/top-rules?from=${encodeURIComponent('2026-11-22T02:15:00.000Z')}`,
      `/api/v1/stats/top-rules?department=x`,
      `/api/v1/stats/top-rules?ruleId=${encodeURIComponent(A!.id)}`,
    ]) {
      const answer = await get<{ rules?: { amountAtRisk: number }[] }>(path);
      for (const rule of answer.rules ?? []) expect(Number.isFinite(rule.amountAtRisk)).toBe(true);
    }
  });

  it('answers 400 to a time filter that is a valid ISO instant out of the calendar (R8)', async () => {
    for (const path of ['/api/v1/stats/daily', '/api/v1/stats/summary', '/api/v1/events', '/api/v1/stats/verdicts/rule']) {
      const response = await h.call('GET', `${path}?from=0001-01-01T00:00:00%2B14:00`, { token: h.tokens.admin });
      expect(response.status, path).toBe(400);
    }
  });
});
