import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventDetailSchema } from '../../contract/review/events';
import { RuleVerdictCountsSchema } from '../../contract/review/stats';
import { SessionSchema } from '../../contract/roles';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { decision, findingShown, realRules } from './support/events';
import { ROLES, startTestHub, type TestHub } from './support/hub';

/** The calls the review dashboard adds to the API: who am I, one event with its history, verdicts per rule. */
describe.each(DRIVERS)('dashboard API on %s', (driver) => {
  let h: TestHub;
  const [A, B] = realRules();
  const cardiology = { department: '心血管内科', prescriberId: 'D0012' };
  const shownA = findingShown(A!, { at: '2026-11-21T02:00:00Z', context: cardiology });
  const continuedA = decision(A!, 'continued', { at: '2026-11-21T02:01:00Z', context: cardiology });
  const modifiedA = decision(A!, 'modified', { at: '2026-11-21T02:02:00Z', context: { department: '儿科' } });
  const shownB = findingShown(B!, { at: '2026-11-22T03:00:00Z' });

  beforeAll(async () => {
    h = await startTestHub(driver);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(async () => {
    await h.reset();
    await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: [shownA, continuedA, modifiedA, shownB] } });
  });

  const verdict = (eventId: string, body: unknown) => h.call('POST', `/api/v1/events/${eventId}/verdict`, { token: h.tokens.quality, body });
  const get = (path: string, token = h.tokens['insurance-office']) => h.call('GET', `/api/v1${path}`, { token });

  it('/me tells each role what it may do, in the schema the dashboard parses', async () => {
    for (const role of ROLES) {
      const response = await get('/me', h.tokens[role]);
      expect(response.status).toBe(200);
      const me = SessionSchema.parse(await response.json());
      expect([me.id, me.role, me.label, me.timeZone]).toEqual([h.tokenIds[role], role, `测试-${role}`, 'Asia/Shanghai']);
    }
    const quality = SessionSchema.parse(await (await get('/me', h.tokens.quality)).json());
    expect(quality.permissions).toEqual(['packs:read', 'events:read', 'stats:read', 'verdicts:write', 'rule-reports:write', 'appeals:decide']);
    expect(quality).toMatchObject({ appealDays: 3 });
    const office = SessionSchema.parse(await (await get('/me', h.tokens['insurance-office'])).json());
    expect(office.permissions).toContain('rule-reports:read');
    expect(office.permissions).not.toContain('verdicts:write');
    expect((await get('/me', h.revoked)).status).toBe(401);
    expect((await h.call('GET', '/api/v1/me')).status).toBe(401);
    expect((await h.call('GET', '/api/v1/me', { headers: { Authorization: 'Bearer pfh_nope' } })).status).toBe(401);
  });

  it('returns one event with its whole verdict history, newest first', async () => {
    await verdict(continuedA.id, { verdict: '确认违规', comment: '无审批记录' });
    await verdict(continuedA.id, { verdict: '合理使用', comment: '审批单已补' });
    const response = await get(`/events/${continuedA.id}`);
    expect(response.status).toBe(200);
    const detail = EventDetailSchema.parse(await response.json());
    expect(detail.event).toEqual(continuedA);
    expect(detail.workstation).toEqual({ id: h.tokenIds.workstation, label: '测试-workstation' });
    expect(detail.history.map((v) => [v.verdict, v.comment, v.reviewerLabel])).toEqual([
      ['合理使用', '审批单已补', '测试-quality'],
      ['确认违规', '无审批记录', '测试-quality'],
    ]);
    expect(detail.verdict).toMatchObject({ verdict: '合理使用', comment: '审批单已补', reviewer: h.tokenIds.quality });

    const untouched = EventDetailSchema.parse(await (await get(`/events/${shownB.id}`)).json());
    expect([untouched.verdict, untouched.history]).toEqual([null, []]);
  });

  it('refuses unknown events, bad ids and roles without events:read', async () => {
    expect((await get('/events/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/events/short')).status).toBe(400);
    expect((await get(`/events/${shownA.id}`, h.tokens.workstation)).status).toBe(403);
    expect((await h.call('GET', `/api/v1/events/${shownA.id}`)).status).toBe(401);
  });

  it('counts current verdicts per rule, under the same filters as the statistics', async () => {
    await verdict(shownA.id, { verdict: '确认违规' });
    await verdict(shownA.id, { verdict: '误报' }); // the newest one counts
    await verdict(continuedA.id, { verdict: '误报' });
    await verdict(modifiedA.id, { verdict: '合理使用' });
    await verdict(shownB.id, { verdict: '确认违规' });

    const rows = async (query = '') => {
      const response = await get(`/stats/verdicts/rule${query}`, h.tokens.quality);
      expect(response.status).toBe(200);
      return RuleVerdictCountsSchema.array().parse(((await response.json()) as { rows: unknown }).rows);
    };
    // B's 确认违规 is open to appeal: not final, so not counted as reviewed or confirmed yet.
    expect(await rows()).toEqual([
      { ruleId: A!.id, reviewed: 3, confirmed: 0, falsePositive: 2, justified: 1, pending: 0 },
      { ruleId: B!.id, reviewed: 0, confirmed: 0, falsePositive: 0, justified: 0, pending: 1 },
    ]);
    // Its window closes unappealed: final.
    await h.deps.db.query("UPDATE verdicts SET appeal_until = now() - interval '1 second' WHERE appeal_until IS NOT NULL");
    expect(await rows()).toEqual([
      { ruleId: A!.id, reviewed: 3, confirmed: 0, falsePositive: 2, justified: 1, pending: 0 },
      { ruleId: B!.id, reviewed: 1, confirmed: 1, falsePositive: 0, justified: 0, pending: 0 },
    ]);
    expect(await rows(`?department=${encodeURIComponent('心血管内科')}`)).toEqual([{ ruleId: A!.id, reviewed: 2, confirmed: 0, falsePositive: 2, justified: 0, pending: 0 }]);
    expect(await rows('?from=2026-11-22T00:00:00%2B08:00')).toEqual([{ ruleId: B!.id, reviewed: 1, confirmed: 1, falsePositive: 0, justified: 0, pending: 0 }]);
    expect(await rows('?limit=1')).toHaveLength(1);
    expect((await get('/stats/verdicts/rule?limit=0', h.tokens.quality)).status).toBe(400);
    expect((await get('/stats/verdicts/rule', h.tokens.workstation)).status).toBe(403);
  });
});
