import 'fake-indexeddb/auto';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pseudonymousKey } from '../../adapters/patient-key';
import { createFlagRecorder } from '../../entrypoints/content/flag-recorder';
import type { HubEnv } from '../../hub/src/http/env';
import { FlagLogDb, storeFlagEvents, unsentRecords, uploadedRecords } from '../../log/flag-log-db';
import { FLAG_EVENTS_MESSAGE, type FlagEventsAnswer } from '../../log/flag-log-messages';
import { listenForFlagEvents, type MessageEventLike } from '../../log/flag-log-receiver';
import type { HubTarget } from '../../log/upload/hub-client';
import { INITIAL_SYNC_STATUS, syncStatusStore, type SyncStatus, type SyncStatusStore } from '../../log/upload/sync-status';
import { createUploader, type UploaderOptions } from '../../log/upload/uploader';
import type { RecordedFlagEvent } from '../../contract/flag-event';
import { makeOrder } from '../support/builders';
import { BEHAVIOUR_DRIVERS, OPEN_TIMEOUT_MS } from './support/db';
import { manyShown } from './support/events';
import { startTestHub, type TestHub } from './support/hub';

/**
 * The extension's uploader (log/upload) against the real hub, in process on a real HTTP port:
 * what the flag log holds arrives exactly once, through outages, refusals and body limits.
 */

interface Listening {
  base: string;
  port: number;
  close(): Promise<void>;
}

function listen(app: Hono<HubEnv>, port = 0): Promise<Listening> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info: AddressInfo) => {
      resolve({
        base: `http://127.0.0.1:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold the port open: the hub is gone, not idle.
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

/** storage.local stand-in for the sync status. */
function memoryStatus(): SyncStatusStore & { current(): Promise<SyncStatus> } {
  const items: Record<string, unknown> = {};
  const store = syncStatusStore({
    get: async (key) => (key in items ? { [key]: items[key] } : {}),
    set: async (patch) => void Object.assign(items, patch),
  });
  return { ...store, current: () => store.read() };
}

interface Exchange {
  status: number | 'unreachable';
  events: number;
  /** Request body size. */
  bytes: number;
  /** Earliest and latest `at` in the batch. */
  span: [string, string];
  answer?: { accepted: number; duplicates: number; rejected: unknown[] };
}

/** Global fetch, with every request and its outcome noted. */
function observedFetch(log: Exchange[], options: { loseAnswerOf?: (n: number) => boolean } = {}): typeof fetch {
  return async (input, init) => {
    const sent = (JSON.parse(String(init?.body)) as { events: { at: string }[] }).events;
    const events = sent.length;
    const bytes = Buffer.byteLength(String(init?.body));
    const ats = sent.map((e) => e.at).sort();
    const span: [string, string] = [ats[0]!, ats.at(-1)!];
    const n = log.length;
    try {
      const response = await fetch(input, init);
      const copy = response.clone();
      const entry: Exchange = { status: response.status, events, bytes, span };
      if (response.status === 200) entry.answer = (await copy.json()) as Exchange['answer'];
      log.push(entry);
      // The hub committed and answered; the answer never reaches the workstation.
      if (options.loseAnswerOf?.(n)) throw new TypeError('fetch failed: socket hang up');
      return response;
    } catch (error) {
      if (log.length === n) log.push({ status: 'unreachable', events, bytes, span });
      throw error;
    }
  };
}

// The uploader's own logic, so PGlite only (support/db.ts); the hub's side of an upload runs on both
// drivers in events.test.ts.
describe.each(BEHAVIOUR_DRIVERS)('uploading the flag log to a real hub on %s', (driver) => {
  let h: TestHub;
  let server: Listening;
  let dbs: FlagLogDb[] = [];
  let clock: number;

  beforeAll(async () => {
    h = await startTestHub(driver);
    server = await listen(h.app);
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
    await h.dispose();
  });
  beforeEach(async () => {
    await h.reset();
    clock = Date.parse('2026-11-22T08:00:00Z');
  });
  afterEach(async () => {
    for (const db of dbs) await db.delete();
    dbs = [];
  });

  function openLog(): FlagLogDb {
    const db = new FlagLogDb(`upload-test-${crypto.randomUUID()}`);
    dbs.push(db);
    return db;
  }

  function uploader(db: FlagLogDb, target: () => HubTarget | undefined, extra: Partial<UploaderOptions> = {}) {
    const status = memoryStatus();
    const instance = createUploader({
      db,
      target: async () => target(),
      status,
      now: () => clock,
      random: () => 0.5,
      ...extra,
    });
    return { ...instance, status };
  }

  const workstation = (base = server.base): HubTarget => ({ hubUrl: base, hubToken: h.tokens.workstation });

  async function hubIds(): Promise<{ total: number; distinct: number }> {
    const rows = await h.deps.db.query<{ total: number; distinct: number }>('SELECT count(*)::int AS total, count(DISTINCT id)::int AS distinct FROM events');
    return rows.rows[0]!;
  }

  it('sends 1,200 queued events in batches of at most 500, oldest first, each exactly once', async () => {
    const db = openLog();
    const events = manyShown(1200);
    await storeFlagEvents(db, [...events].reverse());
    const log: Exchange[] = [];
    const up = uploader(db, () => workstation(), { fetch: observedFetch(log) });

    const status = await up.run('stored');

    expect(log.map((e) => e.events)).toEqual([500, 500, 200]);
    // Measured: 500 finding-shown records are well under the hub's 1 MiB body limit.
    console.log(`500-record batch: ${log[0]!.bytes} bytes (${Math.round(log[0]!.bytes / 500)} per record)`);
    expect(log[0]!.bytes).toBeLessThan(512 * 1024);
    expect(log.map((e) => e.answer)).toEqual([
      { accepted: 500, duplicates: 0, rejected: [] },
      { accepted: 500, duplicates: 0, rejected: [] },
      { accepted: 200, duplicates: 0, rejected: [] },
    ]);
    expect(await hubIds()).toEqual({ total: 1200, distinct: 1200 });
    // Oldest first, though stored newest first: each batch is the next stretch of time.
    expect(log.map((e) => e.span)).toEqual([
      [events[0]!.at, events[499]!.at],
      [events[500]!.at, events[999]!.at],
      [events[1000]!.at, events[1199]!.at],
    ]);
    expect(status).toMatchObject({ hubConfigured: true, hubOrigin: server.base, queued: 0, uploaded: 1200, rejected: 0, lastError: null, nextRetryAt: null });
    expect(status.lastSuccessAt).toBe(new Date(clock).toISOString());
    expect(await unsentRecords(db).count()).toBe(0);
    // Nothing left: a further pass sends nothing.
    await up.run('alarm');
    expect(log).toHaveLength(3);
  });

  it('keeps what the hub did not answer when it goes away mid-way, and sends it later without loss or duplicates', async () => {
    const db = openLog();
    await storeFlagEvents(db, manyShown(1200));
    const log: Exchange[] = [];
    const first = await listen(h.app);
    const observed = observedFetch(log);
    // The hub process dies right after answering the first batch.
    const dying: typeof fetch = async (input, init) => {
      const response = await observed(input, init);
      if (log.length === 1) await first.close();
      return response;
    };
    const up = uploader(db, () => workstation(first.base), { fetch: dying });

    const failed = await up.run('stored');
    expect(log.map((e) => e.status)).toEqual([200, 'unreachable']);
    expect(failed.queued).toBe(700);
    expect(failed.lastError).toMatchObject({ kind: 'network' });
    expect(failed.consecutiveFailures).toBe(1);
    // Equal jitter at random 0.5: 30 s ceiling → 22.5 s.
    expect(Date.parse(failed.nextRetryAt!) - clock).toBe(22_500);
    expect(await hubIds()).toEqual({ total: 500, distinct: 500 });

    // The minute's alarm before the retry time sends nothing.
    clock += 10_000;
    await up.run('alarm');
    expect(log).toHaveLength(2);

    // Still down at the retry: the wait doubles.
    clock += 20_000;
    const stillDown = await up.run('alarm');
    expect(log.map((e) => e.status)).toEqual([200, 'unreachable', 'unreachable']);
    expect(stillDown.consecutiveFailures).toBe(2);
    expect(Date.parse(stillDown.nextRetryAt!) - clock).toBe(45_000);

    // The hub is back on the same address.
    const back = await listen(h.app, first.port);
    try {
      clock += 60_000;
      const done = await up.run('alarm');
      expect(log.slice(3).map((e) => e.answer)).toEqual([
        { accepted: 500, duplicates: 0, rejected: [] },
        { accepted: 200, duplicates: 0, rejected: [] },
      ]);
      expect(done).toMatchObject({ queued: 0, uploaded: 1200, lastError: null, nextRetryAt: null, consecutiveFailures: 0 });
      expect(await hubIds()).toEqual({ total: 1200, distinct: 1200 });
    } finally {
      await back.close();
    }
  });

  it('re-sends a batch whose answer was lost; the hub counts the copies as duplicates', async () => {
    const db = openLog();
    await storeFlagEvents(db, manyShown(600));
    const log: Exchange[] = [];
    const up = uploader(db, () => workstation(), { fetch: observedFetch(log, { loseAnswerOf: (n) => n === 1 }) });

    const first = await up.run('stored');
    expect(first.queued).toBe(100);
    clock += 60_000;
    const second = await up.run('alarm');

    expect(log.map((e) => e.answer)).toEqual([
      { accepted: 500, duplicates: 0, rejected: [] },
      { accepted: 100, duplicates: 0, rejected: [] },
      { accepted: 0, duplicates: 100, rejected: [] },
    ]);
    expect(second).toMatchObject({ queued: 0, uploaded: 600 });
    expect(await hubIds()).toEqual({ total: 600, distinct: 600 });
  });

  it('stops on 401 until the token changes, and on 403 (a token of another role)', async () => {
    const db = openLog();
    await storeFlagEvents(db, manyShown(30));
    const log: Exchange[] = [];
    let token = h.revoked;
    const up = uploader(db, () => ({ hubUrl: server.base, hubToken: token }), { fetch: observedFetch(log) });

    const refused = await up.run('stored');
    expect(log.map((e) => e.status)).toEqual([401]);
    expect(refused.lastError).toMatchObject({ kind: 'auth', status: 401 });
    expect(refused.nextRetryAt).toBeNull();
    expect(refused.queued).toBe(30);

    // Automatic passes, however late, do not knock again with the same token.
    clock += 3 * 3_600_000;
    await up.run('alarm');
    await up.run('stored');
    expect(log).toHaveLength(1);

    token = h.tokens.quality;
    const forbidden = await up.run('config');
    expect(log.map((e) => e.status)).toEqual([401, 403]);
    expect(forbidden.lastError).toMatchObject({ kind: 'auth', status: 403 });

    token = h.tokens.workstation;
    const fixed = await up.run('config');
    expect(log.map((e) => e.status)).toEqual([401, 403, 200]);
    expect(fixed).toMatchObject({ queued: 0, uploaded: 30, lastError: null, refusedConfig: null });
    expect(await hubIds()).toEqual({ total: 30, distinct: 30 });
  });

  it('halves the batch on 413 until the hub takes it', async () => {
    const db = openLog();
    await storeFlagEvents(db, manyShown(520));
    // A hub (or proxy) with a 40 KiB body limit: fewer than 100 records per request.
    const limit = 40 * 1024;
    const small = await listen(h.variant({ maxBodyBytes: limit }).app);
    try {
      const log: Exchange[] = [];
      const up = uploader(db, () => workstation(small.base), { fetch: observedFetch(log) });
      const status = await up.run('stored');
      const refused = log.filter((e) => e.status === 413);
      const taken = log.filter((e) => e.status === 200);
      // Refused batches halve, 500 → 250 → 125, until one fits; every later batch is no larger.
      expect(refused.map((e) => e.events)).toEqual([500, 250, 125]);
      expect(log.indexOf(taken[0]!)).toBe(3);
      expect(taken[0]!.events).toBe(62);
      expect(taken.every((e) => e.events <= 62 && e.bytes <= limit)).toBe(true);
      expect(refused.every((e) => e.bytes > limit)).toBe(true);
      expect(taken.reduce((n, e) => n + e.events, 0)).toBe(520);
      expect(status).toMatchObject({ queued: 0, uploaded: 520, lastError: null });
      expect(await hubIds()).toEqual({ total: 520, distinct: 520 });
    } finally {
      await small.close();
    }
  });

  it('pruning drops uploaded records first and keeps unsent ones, which still arrive', async () => {
    const db = openLog();
    const older = manyShown(40, Date.parse('2026-11-01T00:00:00Z'));
    await storeFlagEvents(db, older);
    const up = uploader(db, () => workstation());
    await up.run('stored');
    // The hub is out of reach now: 40 newer records wait, and the log is over its soft cap.
    const newer = manyShown(40, Date.parse('2026-11-10T00:00:00Z'));
    await storeFlagEvents(db, newer, { maxRecords: 50, hardCap: 1000 });
    expect(await db.events.count()).toBe(50);
    expect(await unsentRecords(db).count()).toBe(40);
    expect(await uploadedRecords(db).count()).toBe(10);
    // The 10 kept are the newest of the uploaded ones.
    expect((await uploadedRecords(db).primaryKeys()).sort()).toEqual(older.slice(30).map((e) => e.id).sort());

    const status = await up.run('stored');
    expect(status).toMatchObject({ queued: 0, uploaded: 80, droppedUnsent: 0 });
    expect(await hubIds()).toEqual({ total: 80, distinct: 80 });
  });

  it('uploads the order context with the patient key as a salted SHA-256 digest, never the key itself', async () => {
    const db = openLog();
    const salt = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    const recordNumber = 'MZ2026112200137';
    const key = pseudonymousKey(recordNumber, salt);
    // The content script's side: the recorder attaches the order's context to events about it.
    const sent: RecordedFlagEvent[] = [];
    const recorder = createFlagRecorder({ sessionId: 's-ctx', profileId: 'demo-outpatient', url: 'http://his.local/rx.html', sink: (e) => sent.push(e) });
    const order = makeOrder({ id: 'RX-CTX-1', patient: { key, sex: 'F', ageYears: 52 }, encounter: { date: '2026-11-22', department: '心内科门诊', diagnoses: [] }, prescriber: { id: 'D0412' } });
    recorder.noteOrder!(order);
    recorder.record({ type: 'review', orderId: 'RX-CTX-1', outcome: 'continued', findingCount: 2 });
    recorder.record({ type: 'adapter-broken', problems: [] });
    // 报告误报 reaches the hub with the rest, its rule and line in the columns the 医保办 filters by.
    recorder.record({ type: 'objection', orderId: 'RX-CTX-1', finding: { ruleId: 'nhsa-r67-sex-阿帕他胺片', kind: 'sex', severity: 'critical', lineId: '3' }, reason: '患者为男性' });
    expect(sent[0]!.context).toEqual({ department: '心内科门诊', prescriberId: 'D0412', patientKey: key });

    // The background's side: the receiver replaces the key with the digest before storing.
    let listener: Parameters<MessageEventLike['addListener']>[0] | undefined;
    listenForFlagEvents({ addListener: (l) => (listener = l) }, { db, extensionId: 'ext', patientSalt: async () => salt });
    const answer = await new Promise<FlagEventsAnswer>((resolve) => listener!({ type: FLAG_EVENTS_MESSAGE, events: sent }, { id: 'ext' }, resolve));
    expect(answer).toEqual({ ok: true, stored: 3, rejected: 0 });

    await uploader(db, () => workstation()).run('stored');
    const rows = await h.deps.db.query<{ type: string; department: string | null; prescriber_id: string | null; patient_key: string | null; rule_id: string | null; payload: unknown }>(
      'SELECT type, department, prescriber_id, patient_key, rule_id, payload FROM events ORDER BY type',
    );
    const digest = createHash('sha256').update(`${salt}:${key}`).digest('hex');
    expect(rows.rows.map((r) => [r.type, r.department, r.prescriber_id, r.patient_key, r.rule_id])).toEqual([
      ['adapter-broken', null, null, null, null],
      ['objection', '心内科门诊', 'D0412', digest, 'nhsa-r67-sex-阿帕他胺片'],
      ['review', '心内科门诊', 'D0412', digest, null],
    ]);
    expect(rows.rows.find((r) => r.type === 'objection')!.payload).toMatchObject({ reason: '患者为男性' });
    const everything = JSON.stringify(rows.rows);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(recordNumber);
  });

  it('sends nothing when no hub is configured: the log stays local', async () => {
    const db = openLog();
    await storeFlagEvents(db, manyShown(20));
    const log: Exchange[] = [];
    const up = uploader(db, () => undefined, { fetch: observedFetch(log) });
    const status = await up.run('manual');
    expect(log).toEqual([]);
    expect(status).toEqual({ ...INITIAL_SYNC_STATUS, queued: 20 });
    expect(await hubIds()).toEqual({ total: 0, distinct: 0 });
  });
});
