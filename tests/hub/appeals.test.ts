import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppealFindingsSchema, AppealLinkSchema, AppealQueueSchema } from '../../contract/review/appeals';
import { encodeOrderKey, OrderGroupSchema } from '../../contract/review/orders';
import { AppealStepSchema } from '../../contract/review/verdicts';
import type { FlagEvent } from '../../contract/flag-event';
import { createToken } from '../../hub/src/auth/tokens';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';
import { goldenPrescriptions, patientDigest, prescriptionEvents } from './support/prescriptions';

/**
 * Appeals (issue #11, item 5): a 确认违规 verdict opens a window; the doctor's link or the 科室
 * lead appeals inside their scope only; the 质控 decides; counts take final verdicts only; the
 * finding's history shows every step.
 */
describe.each(DRIVERS)('appeals on %s', (driver) => {
  let h: TestHub;
  let lead: string;
  let otherLead: string;
  const T0 = Date.parse('2026-11-22T01:00:00Z');
  const DIRECTORY = '医生编号,姓名,科室\r\nD0012,王建国,心血管内科\r\nD0034,李秀英,呼吸内科\r\n';

  beforeAll(async () => {
    h = await startTestHub(driver);
    lead = (await createToken(h.deps.db, h.deps.pepper, { role: 'department-lead', label: '心内科 主任', department: '心血管内科' })).token;
    otherLead = (await createToken(h.deps.db, h.deps.pepper, { role: 'department-lead', label: '呼吸科 主任', department: '呼吸内科' })).token;
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());
  beforeEach(() => h.reset());

  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await h.call(method, `/api/v1${path}`, { token, ...(body === undefined ? {} : { body }) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  /** Two prescriptions, one per doctor, each finding judged 确认违规 on the record where it was shown. */
  const seed = async () => {
    const rx = goldenPrescriptions().filter((p) => p.findings.length >= 2).slice(0, 2);
    const events: FlagEvent[] = [
      ...prescriptionEvents(rx[0]!, { orderId: 'RX-W', at: T0, story: 'continued', context: { department: '心血管内科', prescriberId: 'D0012', patientKey: patientDigest(1) } }),
      ...prescriptionEvents(rx[1]!, { orderId: 'RX-L', at: T0 + 60_000, story: 'continued', context: { department: '呼吸内科', prescriberId: 'D0034', patientKey: patientDigest(2) } }),
    ];
    expect((await api('POST', '/events', h.tokens.workstation, { events })).status).toBe(200);
    expect((await api('POST', '/prescribers/import', h.tokens['insurance-office'], { csv: DIRECTORY })).status).toBe(200);
    const key = (oid: string, n: number) => encodeOrderKey([h.tokenIds.workstation, oid, patientDigest(n)]);
    const orders = { w: key('RX-W', 1), l: key('RX-L', 2) };
    for (const k of Object.values(orders)) {
      const order = OrderGroupSchema.parse((await api('GET', `/orders/one?key=${encodeURIComponent(k)}`, h.tokens.quality)).body);
      for (const f of order.findings) expect((await api('POST', `/events/${f.verdictEventId}/verdict`, h.tokens.quality, { verdict: '确认违规', comment: '无适应症' })).status).toBe(201);
    }
    return { rx, orders };
  };
  const linkFor = async (prescriberId: string) => AppealLinkSchema.parse((await api('POST', '/appeal-links', h.tokens.quality, { prescriberId })).body);
  const findingsOf = async (token: string) => AppealFindingsSchema.parse((await api('GET', '/appeal/findings', token)).body);
  const verdictCounts = async () => ((await api('GET', '/stats/verdicts/rule', h.tokens['insurance-office'])).body as { rows: { reviewed: number; confirmed: number; pending?: number }[] }).rows;
  const sum = (rows: { reviewed: number; confirmed: number; pending?: number }[], k: 'reviewed' | 'confirmed' | 'pending') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);

  it('opens a window until the end of the third day in the hospital zone; open verdicts are not final', async () => {
    const { rx } = await seed();
    const all = rx[0]!.findings.length + rx[1]!.findings.length;
    const rows = await h.deps.db.query<{ at: Date; appeal_until: Date }>('SELECT at, appeal_until FROM verdicts');
    for (const r of rows.rows) {
      // Shanghai is UTC+8 all year: midnight there is 16:00 UTC.
      const local = new Date(r.at.getTime() + 8 * 3_600_000);
      const expected = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4) - 8 * 3_600_000;
      expect(r.appeal_until.getTime()).toBe(expected);
    }
    const counts = await verdictCounts();
    expect([sum(counts, 'reviewed'), sum(counts, 'confirmed'), sum(counts, 'pending')]).toEqual([0, 0, all]);
    // The window closes unappealed: final, counted.
    await h.deps.db.query("UPDATE verdicts SET appeal_until = now() - interval '1 second'");
    const after = await verdictCounts();
    expect([sum(after, 'reviewed'), sum(after, 'confirmed'), sum(after, 'pending')]).toEqual([all, all, 0]);
  });

  it('a doctor’s link lists and appeals that doctor’s findings only, and nothing else', async () => {
    const { rx } = await seed();
    const link = await linkFor('D0012');
    expect(link.path).toBe(`/appeal.html#${link.token}`);
    const mine = await findingsOf(link.token);
    expect(mine.scope).toMatchObject({ kind: 'prescriber', prescriberId: 'D0012', name: '王建国', department: '心血管内科' });
    expect(mine.findings).toHaveLength(rx[0]!.findings.length);
    const first = mine.findings[0]!;
    // The order's context, never the patient's key or the workstation.
    expect(first.order.orderId).toBe('RX-W');
    expect(first.order.lines.map((l) => l.code)).toEqual(rx[0]!.order.lines.map((l) => l.code));
    expect(first.order.diagnoses.map((d) => d.code)).toEqual(rx[0]!.order.encounter.diagnoses.map((d) => d.code));
    expect(JSON.stringify(mine)).not.toContain(patientDigest(1));
    expect(first).toMatchObject({ state: 'appeal-open', comment: '无适应症', message: rx[0]!.findings.find((f) => f.ruleId === first.ruleId)!.message });

    // The other doctor's verdict is not theirs to appeal; the link opens nothing else on the hub.
    const theirs = (await findingsOf(h.tokens.admin)).findings.find((f) => f.prescriber.id === 'D0034')!;
    expect((await api('POST', `/appeal/findings/${theirs.verdictId}/appeal`, link.token, { text: '不是我' })).status).toBe(404);
    for (const path of ['/orders', '/events', '/appeals', '/stats/summary']) expect((await api('GET', path, link.token)).status).toBe(401);
    expect((await api('GET', '/appeal/findings', h.tokens.quality)).status).toBe(403);

    const saved = await api('POST', `/appeal/findings/${first.verdictId}/appeal`, link.token, { text: '  患者外院确诊社区获得性肺炎，已附检查报告  ' });
    expect(saved.status).toBe(201);
    expect(AppealStepSchema.parse(saved.body)).toMatchObject({ text: '患者外院确诊社区获得性肺炎，已附检查报告', via: 'link', by: 'D0012', byLabel: '王建国' });
    expect((await api('POST', `/appeal/findings/${first.verdictId}/appeal`, link.token, { text: '再次申诉' })).status).toBe(409);
    expect((await api('POST', `/appeal/findings/${mine.findings[1]!.verdictId}/appeal`, link.token, { text: '' })).status).toBe(400);
    expect((await findingsOf(link.token)).findings.find((f) => f.verdictId === first.verdictId)!.state).toBe('appealed');

    // A new link for the doctor revokes the old one.
    const again = await linkFor('D0012');
    expect((await api('GET', '/appeal/findings', link.token)).status).toBe(401);
    expect((await findingsOf(again.token)).findings).toHaveLength(rx[0]!.findings.length);
  });

  it('refuses an appeal once the window has closed', async () => {
    await seed();
    const link = await linkFor('D0034');
    const [first] = (await findingsOf(link.token)).findings;
    await h.deps.db.query("UPDATE verdicts SET appeal_until = now() - interval '1 second' WHERE id = $1", [first!.verdictId]);
    const refused = await api('POST', `/appeal/findings/${first!.verdictId}/appeal`, link.token, { text: '迟到的申诉' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'appeal-closed' } });
    expect((await findingsOf(link.token)).findings.map((f) => f.verdictId)).not.toContain(first!.verdictId);
  });

  it('a 科室 lead appeals for the doctors the directory puts in that department', async () => {
    const { rx } = await seed();
    const seen = await findingsOf(lead);
    expect(seen.scope).toEqual({ kind: 'department', department: '心血管内科' });
    expect(seen.findings.map((f) => f.prescriber.id)).toEqual(rx[0]!.findings.map(() => 'D0012'));
    const foreign = (await findingsOf(otherLead)).findings[0]!;
    expect((await api('POST', `/appeal/findings/${foreign.verdictId}/appeal`, lead, { text: '代为申诉' })).status).toBe(404);
    const saved = await api('POST', `/appeal/findings/${seen.findings[0]!.verdictId}/appeal`, lead, { text: '科室复核：用药合理' });
    expect(AppealStepSchema.parse(saved.body)).toMatchObject({ via: 'token', byLabel: '心内科 主任' });
    // The lead's token reads nothing else.
    expect((await api('GET', '/orders', lead)).status).toBe(403);
  });

  it('the 质控 decides: 维持 makes 确认违规 final, 撤销 records the revised verdict; the history shows every step', async () => {
    const { orders } = await seed();
    const link = await linkFor('D0012');
    const [a, b] = (await findingsOf(link.token)).findings;
    for (const f of [a!, b!]) expect((await api('POST', `/appeal/findings/${f.verdictId}/appeal`, link.token, { text: `申诉 ${f.ruleId}` })).status).toBe(201);
    const queue = AppealQueueSchema.parse((await api('GET', '/appeals', h.tokens.quality)).body);
    expect(queue.appeals.map((q) => q.verdictId)).toEqual([a!.verdictId, b!.verdictId]);
    expect(queue.appeals[0]!).toMatchObject({ orderId: 'RX-W', orderKey: orders.w, prescriber: { id: 'D0012', name: '王建国' } });
    expect(queue.open.map((o) => o.prescriberId)).toEqual(['D0034']);
    expect((await api('GET', '/appeals', h.tokens['insurance-office'])).status).toBe(403);

    const [qa, qb] = queue.appeals;
    expect((await api('POST', `/appeals/${qa!.appeal.id}/decision`, h.tokens.quality, { outcome: '撤销', reason: '理由' })).status).toBe(400);
    expect((await api('POST', `/appeals/${qa!.appeal.id}/decision`, h.tokens.quality, { outcome: '维持', reason: '病历无外院诊断记录' })).status).toBe(201);
    expect((await api('POST', `/appeals/${qb!.appeal.id}/decision`, h.tokens.quality, { outcome: '撤销', revisedVerdict: '合理使用', reason: '检查报告支持诊断' })).status).toBe(201);
    expect((await api('POST', `/appeals/${qb!.appeal.id}/decision`, h.tokens.quality, { outcome: '维持', reason: '改主意' })).status).toBe(409);
    expect(AppealQueueSchema.parse((await api('GET', '/appeals', h.tokens.quality)).body).appeals).toEqual([]);

    const counts = await verdictCounts();
    expect(sum(counts, 'confirmed')).toBe(1);
    expect(sum(counts, 'reviewed')).toBe(2);

    const order = OrderGroupSchema.parse((await api('GET', `/orders/one?key=${encodeURIComponent(orders.w)}`, h.tokens.quality)).body);
    const kept = order.findings.find((f) => f.ruleId === a!.ruleId && f.lineId === a!.lineId)!;
    expect(kept.verdict).toMatchObject({ verdict: '确认违规', state: 'final' });
    expect(kept.history![0]!.appeal).toMatchObject({ text: `申诉 ${a!.ruleId}`, via: 'link', byLabel: '王建国', decision: { outcome: '维持', reason: '病历无外院诊断记录', byLabel: '测试-quality' } });
    const revoked = order.findings.find((f) => f.ruleId === b!.ruleId && f.lineId === b!.lineId)!;
    expect(revoked.verdict).toMatchObject({ verdict: '合理使用', comment: '检查报告支持诊断', state: 'final' });
    expect(revoked.history!.map((v) => v.verdict)).toEqual(['合理使用', '确认违规']);
    expect(revoked.history![1]!.appeal?.decision).toMatchObject({ outcome: '撤销', revisedVerdict: '合理使用' });
    const decided = AppealQueueSchema.parse((await api('GET', '/appeals?state=decided', h.tokens.quality)).body);
    expect(decided.appeals.map((q) => q.appeal.decision?.outcome)).toEqual(['撤销', '维持']);
  });
});
