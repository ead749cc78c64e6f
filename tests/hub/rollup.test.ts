import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasWholeHourOffsets, splitByBucket } from '../../hub/src/stats/buckets';
import { loadMigrations } from '../../hub/src/db/migrate';
import { dailyTrend, overrideRates, overrideReasons, summary, topRules, type StatsOptions } from '../../hub/src/stats/queries';
import type { UploadedEvent } from '../../contract/upload-batch';
import { DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { decision, findingShown, realRules, submitCheck, type RealRule } from './support/events';
import { startTestHub, type TestHub } from './support/hub';

describe('splitting a window into whole months and raw ends', () => {
  const now = new Date('2026-11-25T08:00:00Z');

  it('reads whole months from the rollup and the partial ends raw', () => {
    expect(splitByBucket('month', '2026-08-15T00:00:00Z', '2026-11-03T00:00:00Z', now)).toEqual({
      buckets: { from: '2026-09-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
      raw: [
        { from: '2026-08-15T00:00:00Z', to: '2026-09-01T00:00:00.000Z' },
        { from: '2026-11-01T00:00:00.000Z', to: '2026-11-03T00:00:00Z' },
      ],
    });
  });

  it('needs no raw ends when the window is month-aligned', () => {
    expect(splitByBucket('month', '2026-09-01T00:00:00Z', '2026-11-01T00:00:00Z', now)).toEqual({
      buckets: { from: '2026-09-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
      raw: [],
    });
  });

  it('counts the current month raw when the window is open-ended', () => {
    expect(splitByBucket('month', undefined, undefined, now)).toEqual({ buckets: { to: '2026-11-01T00:00:00.000Z' }, raw: [{ from: '2026-11-01T00:00:00.000Z', to: undefined }] });
  });

  it('reads everything raw when the window holds no whole month', () => {
    expect(splitByBucket('month', '2026-10-20T00:00:00Z', '2026-11-10T00:00:00Z', now)).toEqual({ raw: [{ from: '2026-10-20T00:00:00Z', to: '2026-11-10T00:00:00Z' }] });
    // Local midnight in Shanghai is 16:00 UTC the day before: still inside October.
    expect(splitByBucket('month', '2026-10-01T00:00:00+08:00', '2026-10-31T00:00:00+08:00', now).buckets).toBeUndefined();
  });

  it('splits by hour for the daily trend', () => {
    expect(splitByBucket('hour', '2026-11-20T15:30:00Z', '2026-11-21T16:00:00Z', now)).toEqual({
      buckets: { from: '2026-11-20T16:00:00.000Z', to: '2026-11-21T16:00:00.000Z' },
      raw: [{ from: '2026-11-20T15:30:00Z', to: '2026-11-20T16:00:00.000Z' }],
    });
  });

  it('knows which zones keep local midnight on a whole UTC hour', () => {
    expect(hasWholeHourOffsets('Asia/Shanghai')).toBe(true);
    expect(hasWholeHourOffsets('UTC')).toBe(true);
    expect(hasWholeHourOffsets('Europe/Berlin')).toBe(true);
    expect(hasWholeHourOffsets('Asia/Kolkata')).toBe(false);
    expect(hasWholeHourOffsets('Asia/Kathmandu')).toBe(false);
  });
});

/** 报告误报 of a rule: it carries the rule id, but the rule has not fired for it. */
function objection(rule: RealRule, at: string): UploadedEvent {
  const { mode: _mode, timings: _timings, ...shown } = findingShown(rule, { at });
  return { ...shown, type: 'objection', finding: { ruleId: rule.id, kind: rule.kind, severity: 'warning' }, reason: '规则不适用' };
}

/**
 * Five months of events (July to November 2026, a few per day) with duplicates re-sent: every
 * statistic over many windows must be the same read through the rollup as counted raw. Some
 * 报告误报 name a rule never shown, which must not reach the top rules either way.
 */
describe.each(DRIVERS)('monthly rollup on %s', (driver) => {
  let h: TestHub;
  const rules = realRules().slice(0, 6);
  const onlyObjected = realRules()[6]!;
  const departments = ['心血管内科', '儿科', '骨科', undefined];
  const reasons = ['临床必需且已告知患者', '患者同意自费', '已获审批'] as const;
  const now = new Date('2026-12-10T00:00:00Z');
  const events: UploadedEvent[] = [];
  for (let day = 0; day < 150; day++) {
    const at = (minute: number) => new Date(Date.UTC(2026, 6, 1) + day * 86_400_000 + minute * 60_000 + (day % 24) * 3_600_000).toISOString();
    const rule = rules[day % rules.length]!;
    const department = departments[day % departments.length];
    const context = department ? { department, prescriberId: `D${day % 5}` } : undefined;
    events.push(findingShown(rule, { at: at(0), ...(context ? { context } : {}), amountAtRisk: 10 + (day % 7) }));
    const kind = (['continued', 'modified', 'removed-line', 'ignored'] as const)[day % 4]!;
    events.push(decision(rule, kind, { at: at(1), ...(context ? { context } : {}), reasonCode: reasons[day % 3] }));
    if (day % 10 === 0) events.push(submitCheck(at(2)));
    if (day % 30 === 15) events.push(objection(onlyObjected, at(3)));
  }

  beforeAll(async () => {
    h = await startTestHub(driver);
    for (let i = 0; i < events.length; i += 100) {
      const batch = events.slice(i, i + 100);
      const post = () => h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: batch } });
      expect((await post()).status).toBe(200);
      // Every batch sent twice: the rollup must count it once.
      expect(await (await post()).json()).toMatchObject({ accepted: 0, duplicates: batch.length });
    }
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  it('counts each stored event once per dimension', async () => {
    const byType = await h.deps.db.query<{ type: string; n: number }>("SELECT key AS type, sum(events)::int AS n FROM event_rollup WHERE dimension = 'type' GROUP BY key ORDER BY key");
    expect(byType.rows).toEqual([
      { type: 'decision', n: 150 },
      { type: 'finding-shown', n: 150 },
      { type: 'objection', n: 5 },
      { type: 'submit-check', n: 15 },
    ]);
    const months = await h.deps.db.query<{ bucket: Date }>("SELECT DISTINCT bucket FROM event_rollup WHERE dimension = 'rule' ORDER BY bucket");
    expect(months.rows.map((r) => r.bucket.toISOString().slice(0, 7))).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const hours = await h.deps.db.query<{ n: number }>("SELECT sum(events)::int AS n FROM event_rollup WHERE dimension = 'hour'");
    expect(hours.rows[0]!.n).toBe(320);
    const objected = await h.deps.db.query("SELECT 1 FROM event_rollup WHERE dimension = 'rule' AND key = $1", [onlyObjected.id]);
    expect(objected.rows).toEqual([]);
  });

  const windows: [string, { from?: string; to?: string }][] = [
    ['all time', {}],
    ['from mid-August', { from: '2026-08-15T10:00:00Z' }],
    ['until mid-October', { to: '2026-10-15T10:00:00Z' }],
    ['mid-July to early November', { from: '2026-07-20T00:00:00+08:00', to: '2026-11-03T00:00:00+08:00' }],
    ['whole months Aug–Sep', { from: '2026-08-01T00:00:00Z', to: '2026-10-01T00:00:00Z' }],
    ['inside one month', { from: '2026-09-05T00:00:00Z', to: '2026-09-20T00:00:00Z' }],
  ];

  for (const [name, window] of windows) {
    it(`gives the same figures through the rollup as raw: ${name}`, async () => {
      const rolled: StatsOptions = { now };
      const raw: StatsOptions = { now, useRollup: false };
      const q = { ...window, limit: 50 };
      const db = h.deps.db;
      const both = async <T>(f: (o: StatsOptions) => Promise<T>) => {
        const [a, b] = [await f(rolled), await f(raw)];
        expect(a).toEqual(b);
        return a;
      };
      const totals = await both((o) => summary(db, window, o));
      if (Object.keys(window).length === 0) expect(totals.total).toBe(320);
      const top = await both((o) => topRules(db, q, o));
      expect(top.length).toBeGreaterThan(0);
      expect(top.map((r) => r.ruleId)).not.toContain(onlyObjected.id);
      for (const dimension of ['rule', 'department', 'prescriber', 'workstation'] as const) await both((o) => overrideRates(db, dimension, q, o));
      await both((o) => overrideReasons(db, q, o));
      for (const zone of ['Asia/Shanghai', 'America/New_York']) {
        const days = await both((o) => dailyTrend(db, window, zone, o));
        expect(days.length).toBeGreaterThan(0);
      }
    });
  }

  it('recounts, in migration 5, the rule rows an older hub filled with 报告误报', async () => {
    const db = h.deps.db;
    const ruleRows = async () => (await db.query("SELECT bucket, key, kind, events, shown, decisions, continued, corrected, ignored, amount_at_risk FROM event_rollup WHERE dimension = 'rule' ORDER BY bucket, key")).rows;
    const counted = await ruleRows();
    // What the ingest statement used to leave: the objections in the rule's counts, and a row of
    // zeros for a rule only ever objected to.
    await db.query("INSERT INTO event_rollup (dimension, bucket, key, kind, events, shown, decisions, continued, corrected, ignored, amount_at_risk) VALUES ('rule', '2026-07-01T00:00:00Z', $1, $2, 1, 0, 0, 0, 0, 0, 0)", [onlyObjected.id, onlyObjected.kind]);
    await db.query("UPDATE event_rollup SET events = events + 1 WHERE dimension = 'rule' AND key = $1", [rules[0]!.id]);
    expect(await ruleRows()).not.toEqual(counted);
    const recount = loadMigrations().find((m) => m.version === 5)!;
    expect(recount.name).toBe('rollup_rule_findings_only');
    await db.transaction((tx) => tx.exec(recount.sql));
    expect(await ruleRows()).toEqual(counted);
  });

  it('uses raw counting as soon as a filter other than time is given', async () => {
    const db = h.deps.db;
    const cardiology = await overrideRates(db, 'rule', { department: '心血管内科', limit: 50 }, { now });
    const all = await overrideRates(db, 'rule', { limit: 50 }, { now });
    expect(cardiology.reduce((s, r) => s + r.decisions, 0)).toBeLessThan(all.reduce((s, r) => s + r.decisions, 0));
    expect(cardiology.reduce((s, r) => s + r.decisions, 0)).toBe(events.filter((e) => e.type === 'decision' && e.context?.department === '心血管内科').length);
  });
});
