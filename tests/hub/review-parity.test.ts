import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDataSource } from '../../contract/review/data-source';
import type { ReviewFilters } from '../../contract/review/review-filters';
import type { OverrideDimension } from '../../contract/review/stats';
import type { FlagEvent } from '../../contract/flag-event';
import { MAX_EVENTS_PER_BATCH } from '../../contract/upload-batch';
import { HubClient } from '../../hub/dashboard/api-client';
import { hubSource } from '../../hub/dashboard/hub-source';
import { signIn } from '../../hub/dashboard/session';
import { FlagLogDb, storeFlagEvents } from '../../log/flag-log-db';
import { localReviewSource, LOCAL_WORKSTATION_ID } from '../../log/review-source';
import { uploadForm } from '../../log/upload/hub-client';
import { DEPARTMENTS, flagLog, PRESCRIBERS, random } from '../unit/review/local-events';
import { OPEN_TIMEOUT_MS } from './support/db';
import { realRules } from './support/events';
import { startTestHub, type TestHub } from './support/hub';
import { goldenPrescriptions, patientDigest, prescriptionEvents, type Story } from './support/prescriptions';
import { encodeOrderKey, type OrderGroup, type OrderKey } from '../../contract/review/orders';

/**
 * The same flag events through the hub's SQL statistics (PGlite; rollup buckets and raw events)
 * and through the extension's in-memory review of its own log (log/review-source.ts), asked
 * through the one ReviewDataSource interface the views use: every figure both give must agree.
 */

const ZONE = 'Asia/Shanghai';

/**
 * Three months of a workstation's log (September to November 2026, so whole UTC months and hours
 * come from the hub's rollup and the ends from raw events), plus every other record type: 报告误报
 * (one rule only ever objected to, never shown in this log), reviews, incomplete checks, a broken
 * adapter, a content error and an expired pack kept in force.
 */
function parityEvents(): FlagEvent[] {
  const events = flagLog({ count: 2400, start: Date.parse('2026-09-20T10:00:00Z'), stepMs: 4_300_000, seed: 11, rules: 30 });
  const next = random(5);
  const extra: FlagEvent[] = [];
  const objectedOnly = realRules()[40]!;
  events.forEach((event, i) => {
    const base = { id: `parity-x-${i}`, sessionId: event.sessionId, profileId: event.profileId, page: event.page, packVersion: event.packVersion, ...(event.context ? { context: event.context } : {}) };
    const at = (ms: number) => new Date(Date.parse(event.at) + ms).toISOString();
    if (event.type === 'finding-shown' && next() < 0.08) {
      const finding = next() < 0.3 ? { ruleId: objectedOnly.id, kind: objectedOnly.kind, severity: 'warning' as const } : event.finding;
      extra.push({ ...base, orderId: event.orderId, at: at(2_000), type: 'objection', finding, reason: '患者为男性，页面录入有误' });
    }
    if (event.type === 'submit-check') extra.push({ ...base, id: `parity-r-${i}`, orderId: event.orderId ?? 'rx', at: at(1_000), type: 'review', outcome: next() < 0.6 ? 'continued' : 'returned', findingCount: 2 });
    if (next() < 0.01) extra.push({ ...base, id: `parity-i-${i}`, at: at(3_000), type: 'check-incomplete', reason: 'slow', during: 'typing', elapsedMs: 1_000 });
  });
  const first = events[0]!;
  const base = { sessionId: first.sessionId, profileId: first.profileId, page: first.page };
  extra.push({ ...base, id: 'parity-a-1', at: '2026-10-05T01:00:00.000Z', type: 'adapter-broken', problems: [{ code: 'table-missing', severity: 'error', message: '未找到医嘱表格' }] });
  extra.push({ ...base, id: 'parity-c-1', at: '2026-11-30T15:59:59.000Z', type: 'content-error', where: 'render', message: 'TypeError: x is undefined' });
  extra.push({ ...base, id: 'parity-e-1', at: '2026-11-02T00:30:00.000Z', type: 'pack-expired', packVersion: '2026.9.1', effectiveTo: '2026-10-31' });
  // On local midnight exactly, and on the last instant of a UTC month.
  extra.push({ ...first, id: 'parity-m-1', at: '2026-10-31T16:00:00.000Z' }, { ...first, id: 'parity-m-2', at: '2026-10-31T23:59:59.999Z' });
  // Whole prescriptions as the extension now logs them (lines, diagnoses, messages), every story,
  // two of them under one order number for two patients, one of them with a free-text reason.
  const stories: Story[] = ['continued', 'returned', 'corrected', 'not-submitted'];
  goldenPrescriptions().slice(0, 40).forEach((p, i) => {
    const context = { department: DEPARTMENTS[i % 3]!, prescriberId: PRESCRIBERS[i % 4]!, patientKey: patientDigest(i < 2 ? 900 + i : i) };
    const orderId = i < 2 ? 'demo-outpatient-2026-10-12' : `RXP-${String(i).padStart(4, '0')}`;
    extra.push(...prescriptionEvents(p, { orderId, at: Date.parse('2026-09-28T02:00:00Z') + i * 43_000_000, story: stories[i % 4]!, context, idPrefix: `parity-rx-${i}`, ...(i === 5 ? { reason: { free: '外院已确诊，患者知情' } } : {}) }));
  });
  return [...events, ...extra];
}

const FILTER_SETS: ReviewFilters[] = [
  {},
  { from: '2026-10-01', to: '2026-10-31' },
  { from: '2026-09-25', to: '2026-11-03' },
  { from: '2026-11-01' },
  { to: '2026-10-15' },
  { department: DEPARTMENTS[0] },
  { prescriber: PRESCRIBERS[1], from: '2026-10-10' },
  { kind: realRules()[0]!.kind },
  { ruleId: realRules()[2]!.id },
  { severity: 'critical', to: '2026-11-15' },
  { decision: 'continued' },
  { type: 'objection' },
  { type: 'finding-shown', department: DEPARTMENTS[2], from: '2026-10-20', to: '2026-11-20' },
  // Uploads are the extension's: the local log has all of them and none from the 3101 service.
  { source: 'extension', from: '2026-10-01' },
  { source: 'his-3101' },
];

const DIMENSIONS: OverrideDimension[] = ['rule', 'department', 'prescriber', 'workstation'];

describe('the hub and the extension count the same events alike', () => {
  let h: TestHub;
  let hub: ReviewDataSource;
  let local: ReviewDataSource;
  let db: FlagLogDb;
  let hubWorkstation: string;
  const events = parityEvents();

  beforeAll(async () => {
    h = await startTestHub('pglite');
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) {
      const batch = events.slice(i, i + MAX_EVENTS_PER_BATCH).map(uploadForm);
      const response = await h.call('POST', '/api/v1/events', { token: h.tokens.workstation, body: { events: batch } });
      expect(await response.json()).toMatchObject({ accepted: batch.length, rejected: [] });
    }
    hubWorkstation = h.tokenIds.workstation;
    const fetchHub: typeof fetch = (input, init) => Promise.resolve(h.app.request(String(input), init));
    const memory = new Map<string, string>();
    const storage = { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v), removeItem: (k: string) => void memory.delete(k) } as Storage;
    const signedIn = await signIn(h.tokens['insurance-office'], { fetch: fetchHub }, storage);
    hub = hubSource(new HubClient(signedIn.token, { fetch: fetchHub }), signedIn.session);
    db = new FlagLogDb(`parity-${crypto.randomUUID()}`);
    expect(await storeFlagEvents(db, events)).toEqual({ stored: events.length, rejected: 0 });
    local = localReviewSource(db, { timeZone: ZONE });
  }, OPEN_TIMEOUT_MS);

  afterAll(async () => {
    await db?.delete();
    await h?.dispose();
  });

  /** The hub names the uploading workstation by its token id; the local log calls itself `local`. */
  const asLocal = (filters: ReviewFilters): ReviewFilters => (filters.workstation === hubWorkstation ? { ...filters, workstation: LOCAL_WORKSTATION_ID } : filters);
  const localKey = (key: string | null) => (key === hubWorkstation ? LOCAL_WORKSTATION_ID : key);

  it('counts in the same zone, over the events it was given', async () => {
    expect(hub.timeZone).toBe(ZONE);
    expect((await hub.summary({})).total).toBe(events.length);
    expect((await local.summary({})).total).toBe(events.length);
  });

  it.each(FILTER_SETS.map((f) => [JSON.stringify(f), f] as const))('summary and daily trend agree for %s', async (_, filters) => {
    expect(await local.summary(asLocal(filters))).toEqual(await hub.summary(filters));
    expect(await local.daily(asLocal(filters))).toEqual(await hub.daily(filters));
  });

  it.each(FILTER_SETS.map((f) => [JSON.stringify(f), f] as const))('top rules, overrides and reasons agree for %s', async (_, filters) => {
    for (const limit of [5, 200]) {
      expect(await local.topRules(asLocal(filters), limit), `top rules, limit ${limit}`).toEqual(await hub.topRules(filters, limit));
      for (const dimension of DIMENSIONS) {
        const fromHub = (await hub.overrides(dimension, filters, limit)).map((row) => ({ ...row, key: localKey(row.key) }));
        expect(await local.overrides(dimension, asLocal(filters), limit), `${dimension}, limit ${limit}`).toEqual(fromHub);
      }
      expect(await local.overrideReasons(asLocal(filters), limit), `reasons, limit ${limit}`).toEqual(await hub.overrideReasons(filters, limit));
    }
  });

  it('agrees when the filter names the workstation', async () => {
    const filters: ReviewFilters = { workstation: hubWorkstation, from: '2026-10-01' };
    expect(await local.summary(asLocal(filters))).toEqual(await hub.summary(filters));
    expect(await local.topRules(asLocal(filters), 50)).toEqual(await hub.topRules(filters, 50));
  });

  it.each([...FILTER_SETS, { verdict: 'none' } as ReviewFilters, { verdict: '误报' } as ReviewFilters].map((f) => [JSON.stringify(f), f] as const))(
    'groups the same prescriptions alike, newest first, page by page, for %s',
    async (_, filters) => {
      const all = async (source: ReviewDataSource, f: ReviewFilters) => {
        const found: OrderGroup[] = [];
        let cursor: string | undefined;
        do {
          const page = await source.listOrders(f, { limit: 60, ...(cursor ? { cursor } : {}) });
          found.push(...page.orders);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return found;
      };
      // The hub names the workstation by its token and says where a record came from; the local log does neither.
      const asLocalOrder = ({ source: _source, ...order }: OrderGroup): OrderGroup => {
        const [, orderId, patientKey] = JSON.parse(order.key) as OrderKey;
        return { ...order, key: encodeOrderKey([LOCAL_WORKSTATION_ID, orderId, patientKey]), workstation: { id: LOCAL_WORKSTATION_ID, label: LOCAL_WORKSTATION_ID } };
      };
      const fromHub = (await all(hub, filters)).map(asLocalOrder);
      const fromLocal = await all(local, asLocal(filters));
      expect(fromLocal).toEqual(fromHub);
      if (filters.verdict !== '误报' && filters.source !== 'his-3101') expect(fromHub.length).toBeGreaterThan(0);
    },
  );

  it('opens the same prescription alike, lines, diagnoses, messages and all', async () => {
    for (let i = 0; i < 12; i++) {
      const orderId = i < 2 ? 'demo-outpatient-2026-10-12' : `RXP-${String(i).padStart(4, '0')}`;
      const patientKey = patientDigest(i < 2 ? 900 + i : i);
      const { source: _source, ...fromHub } = await hub.orderDetail(encodeOrderKey([hubWorkstation, orderId, patientKey]));
      expect(fromHub.lines.length).toBeGreaterThan(0);
      expect(fromHub.findings.every((f) => f.message && f.history?.length === 0)).toBe(true);
      const key = encodeOrderKey([LOCAL_WORKSTATION_ID, orderId, patientKey]);
      expect(await local.orderDetail(key)).toEqual({ ...fromHub, key, workstation: { id: LOCAL_WORKSTATION_ID, label: LOCAL_WORKSTATION_ID } });
    }
  });

  it.each(FILTER_SETS.map((f) => [JSON.stringify(f), f] as const))('lists the same events, newest first, for %s', async (_, filters) => {
    const ids = async (source: ReviewDataSource, f: ReviewFilters) => {
      const found: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await source.listEvents(f, { limit: 500, ...(cursor ? { cursor } : {}) });
        found.push(...page.events.map((e) => e.event.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return found;
    };
    expect(await ids(local, asLocal(filters))).toEqual(await ids(hub, filters));
  });
});
