import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadedEvent } from '../../contract/upload-batch';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { decision, findingShown, realRules, submitCheck } from './support/events';
import { startTestHub, type TestHub } from './support/hub';

/**
 * A small day-by-day story with hand-counted answers. Times are UTC; the hub counts calendar days
 * in Asia/Shanghai (UTC+8), so 15:30Z is still the 20th there and 16:30Z is already the 21st.
 */
describe.each(DRIVERS)('statistics on %s', (driver) => {
  let h: TestHub;
  const [A, B, C] = realRules();
  const heart = { department: '心血管内科', prescriberId: 'D001' };
  const kidsD2 = { department: '儿科', prescriberId: 'D002' };
  const kidsD3 = { department: '儿科', prescriberId: 'D003' };
  const story: UploadedEvent[] = [
    findingShown(A!, { at: '2026-11-20T15:30:00Z', context: heart }),
    findingShown(A!, { at: '2026-11-20T16:30:00Z', context: heart }),
    decision(A!, 'continued', { at: '2026-11-20T16:31:00Z', context: heart, reasonCode: '临床必需且已告知患者' }),
    findingShown(B!, { at: '2026-11-21T02:00:00Z', context: kidsD2 }),
    decision(B!, 'modified', { at: '2026-11-21T02:01:00Z', context: kidsD2 }),
    findingShown(B!, { at: '2026-11-21T03:00:00Z', context: kidsD2 }),
    decision(B!, 'continued', { at: '2026-11-21T03:01:00Z', context: kidsD2, reasonCode: '患者同意自费' }),
    findingShown(C!, { at: '2026-11-22T02:00:00Z', context: kidsD3, amountAtRisk: 120 }),
    decision(C!, 'ignored', { at: '2026-11-22T02:01:00Z', context: kidsD3 }),
    findingShown(B!, { at: '2026-11-22T03:00:00Z', context: kidsD3 }),
    decision(B!, 'continued', { at: '2026-11-22T03:01:00Z', context: kidsD3, reasonCode: '患者同意自费' }),
    submitCheck('2026-11-22T03:02:00Z'),
  ];

  beforeAll(async () => {
    h = await startTestHub(driver);
    const response = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: story } });
    expect(await response.json()).toMatchObject({ accepted: story.length });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  const get = async <T>(path: string): Promise<T> => {
    const response = await h.call('GET', path, { token: h.tokens['insurance-office'] });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as T;
  };

  it('counts events by type', async () => {
    expect(await get('/api/v1/stats/summary')).toEqual({ total: 12, byType: { decision: 5, 'finding-shown': 6, 'submit-check': 1 } });
    expect(await get(`/api/v1/stats/summary?department=${encodeURIComponent('儿科')}`)).toMatchObject({ total: 8 });
  });

  it('trends by calendar day in the hospital time zone', async () => {
    const answer = await get<{ timeZone: string; days: unknown[] }>('/api/v1/stats/daily');
    expect(answer.timeZone).toBe('Asia/Shanghai');
    expect(answer.days).toEqual([
      { day: '2026-11-20', shown: 1, decisions: 0, continued: 0, corrected: 0, ignored: 0 },
      { day: '2026-11-21', shown: 3, decisions: 3, continued: 2, corrected: 1, ignored: 0 },
      { day: '2026-11-22', shown: 2, decisions: 2, continued: 1, corrected: 0, ignored: 1 },
    ]);
    const window = await get<{ days: { day: string }[] }>(`/api/v1/stats/daily?from=${encodeURIComponent('2026-11-21T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-22T00:00:00+08:00')}`);
    expect(window.days.map((d) => d.day)).toEqual(['2026-11-21']);
  });

  it('ranks the rules that fire most, with the amount at risk', async () => {
    const { rules } = await get<{ rules: unknown[] }>('/api/v1/stats/top-rules');
    expect(rules).toEqual([
      { ruleId: B!.id, kind: B!.kind, shown: 3, decisions: 3, continued: 2, corrected: 1, ignored: 0, amountAtRisk: 109.5 },
      { ruleId: A!.id, kind: A!.kind, shown: 2, decisions: 1, continued: 1, corrected: 0, ignored: 0, amountAtRisk: 73 },
      { ruleId: C!.id, kind: C!.kind, shown: 1, decisions: 1, continued: 0, corrected: 0, ignored: 1, amountAtRisk: 120 },
    ]);
    const limited = await get<{ rules: { ruleId: string }[] }>(`/api/v1/stats/top-rules?limit=1&department=${encodeURIComponent('儿科')}`);
    expect(limited.rules.map((r) => r.ruleId)).toEqual([B!.id]);
  });

  it('gives the override rate by department, doctor and rule', async () => {
    const byDepartment = await get<{ rows: unknown[] }>('/api/v1/stats/overrides/department');
    expect(byDepartment.rows).toEqual([
      { key: '儿科', decisions: 4, continued: 2, corrected: 1, ignored: 1, overrideRate: 0.5 },
      { key: '心血管内科', decisions: 1, continued: 1, corrected: 0, ignored: 0, overrideRate: 1 },
    ]);
    const byDoctor = await get<{ rows: { key: string; overrideRate: number }[] }>('/api/v1/stats/overrides/prescriber');
    expect(byDoctor.rows.map((r) => [r.key, r.overrideRate])).toEqual([
      ['D002', 0.5],
      ['D003', 0.5],
      ['D001', 1],
    ]);
    const byRule = await get<{ rows: { key: string; decisions: number }[] }>('/api/v1/stats/overrides/rule');
    // A and C tie on one decision each; the rule id breaks the tie.
    const tied = [A!.id, C!.id].sort();
    expect(byRule.rows.map((r) => [r.key, r.decisions])).toEqual([
      [B!.id, 3],
      [tied[0], 1],
      [tied[1], 1],
    ]);
    const unknown = await h.call('GET', '/api/v1/stats/overrides/patient', { token: h.tokens.admin });
    expect(unknown.status).toBe(400);
  });

  it('tells why doctors continued', async () => {
    expect((await get<{ reasons: unknown[] }>('/api/v1/stats/override-reasons')).reasons).toEqual([
      { reasonCode: '患者同意自费', count: 2 },
      { reasonCode: '临床必需且已告知患者', count: 1 },
    ]);
  });

  it('refuses injection attempts in statistic filters without returning data', async () => {
    const attempt = encodeURIComponent("' OR 1=1 --");
    expect((await get<{ total: number }>(`/api/v1/stats/summary?department=${attempt}`)).total).toBe(0);
    expect((await get<{ rules: unknown[] }>(`/api/v1/stats/top-rules?ruleId=${attempt}`)).rules).toEqual([]);
    expect((await h.call('GET', `/api/v1/stats/top-rules?limit=${attempt}`, { token: h.tokens.admin })).status).toBe(400);
  });
});
