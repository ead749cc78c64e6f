import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../hub/src/db/db';
import { ingestEvents } from '../../hub/src/events/ingest';
import type { UploadedEvent } from '../../contract/upload-batch';
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

  it('stores the rest of a batch when the database refuses one record the schema let through', async () => {
    const [good1, poisoned, good2] = [findingShown(A!), findingShown(A!, { context: { department: 'POISON' } }), findingShown(B!)];
    // A database that refuses any statement carrying the poisoned record, as PostgreSQL does a value it cannot store.
    const refusing: Db = {
      ...h.deps.db,
      driver: h.deps.db.driver,
      query: async (sql, params) => {
        if (params?.some((p) => typeof p === 'string' && p.includes('POISON'))) throw Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
        return h.deps.db.query(sql, params);
      },
      exec: (script) => h.deps.db.exec(script),
      close: () => h.deps.db.close(),
      transaction: (fn) => h.deps.db.transaction(fn),
    };
    const outcome = await ingestEvents(refusing, h.tokenIds.workstation, [good1, poisoned, good2, good1]);
    expect(outcome.accepted).toBe(2);
    expect(outcome.duplicates).toBe(1);
    expect(outcome.rejected.map((r) => [r.index, r.id])).toEqual([[1, poisoned.id]]);
    expect(await get('/api/v1/stats/summary')).toMatchObject({ total: 2 });
  });

  it('stores verdict comments and rule reports holding a NUL or a lone surrogate, normalised', async () => {
    const event = findingShown(A!);
    await upload([event]);
    const verdict = await h.call('POST', `/api/v1/events/${event.id}/verdict`, { token: h.tokens.quality, body: { verdict: '误报', comment: 'a\u0000b\uD840' } });
    expect(verdict.status, await verdict.clone().text()).toBe(201);
    const report = await h.call('POST', '/api/v1/rule-reports', { token: h.tokens.quality, body: { ruleId: A!.id, eventId: event.id, comment: '规则\u0000有误\uDC00' } });
    expect(report.status, await report.clone().text()).toBe(201);
    const { reports } = await get<{ reports: { comment: string }[] }>('/api/v1/rule-reports');
    expect(reports[0]!.comment).toBe('规则有误\uFFFD');
  });
});
