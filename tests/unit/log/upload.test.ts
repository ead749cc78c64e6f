import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlagEvent } from '../../../contract/flag-event';
import { FlagLogDb, storeFlagEvents, unsentRecords } from '../../../log/flag-log-db';
import { backoffDelay } from '../../../log/upload/backoff';
import { packBatch } from '../../../log/upload/batch';
import { uploadForm, uploadUrl } from '../../../log/upload/hub-client';
import { INITIAL_SYNC_STATUS, parseSyncStatus, SYNC_STATUS_KEY, syncStatusStore, type SyncStatus } from '../../../log/upload/sync-status';
import { createUploadScheduler, needsAlarm, STORED_DELAY_MS, UPLOAD_ALARM, type AlarmsLike } from '../../../log/upload/upload-background';
import { configDigest, createUploader, type Uploader, type UploaderOptions } from '../../../log/upload/uploader';
import { ManualTimers } from '../content/support';
import { shownEvent } from './support';

let dbs: FlagLogDb[] = [];
function openDb(): FlagLogDb {
  const db = new FlagLogDb(`upload-unit-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs) await db.delete();
  dbs = [];
});

function memoryArea() {
  const items: Record<string, unknown> = {};
  return {
    items,
    get: async (key: string) => (key in items ? { [key]: items[key] } : {}),
    set: async (patch: Record<string, unknown>) => void Object.assign(items, patch),
  };
}

type Reply = { status: number; body?: unknown } | 'unreachable' | ((events: FlagEvent[]) => { status: number; body?: unknown });

/** A hub stand-in answering from a script; records what each request carried. */
function scriptedHub(replies: Reply[]) {
  const requests: { url: string; auth: string | null; events: FlagEvent[] }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const events = (JSON.parse(String(init?.body)) as { events: FlagEvent[] }).events;
    requests.push({ url: String(input), auth: new Headers(init?.headers).get('Authorization'), events });
    const reply = replies.shift() ?? { status: 200, body: { accepted: events.length, duplicates: 0, rejected: [] } };
    if (reply === 'unreachable') throw new TypeError('fetch failed');
    const { status, body } = typeof reply === 'function' ? reply(events) : reply;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body ?? {}), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch, requests };
}

const target = { hubUrl: 'http://hub.hospital.local:8787', hubToken: 'pfh_0123456789abcdef_secret-part-of-the-token-aaaaaaaaaaaaaaaa' };

function setup(replies: Reply[], extra: Partial<UploaderOptions> = {}) {
  const db = openDb();
  const area = memoryArea();
  const hub = scriptedHub(replies);
  let clock = Date.parse('2026-11-22T08:00:00Z');
  const uploader = createUploader({ db, target: async () => target, status: syncStatusStore(area), fetch: hub.fetch, now: () => clock, random: () => 0, ...extra });
  return { db, area, hub, uploader, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('backoff', () => {
  it('doubles from 30 s to a 30 min ceiling, with half of each wait random', () => {
    expect([1, 2, 3, 6, 7, 20].map((n) => backoffDelay(n, () => 1))).toEqual([30_000, 60_000, 120_000, 960_000, 1_800_000, 1_800_000]);
    expect([1, 2, 7].map((n) => backoffDelay(n, () => 0))).toEqual([15_000, 30_000, 900_000]);
  });
});

describe('batch packing', () => {
  it('cuts the batch at the byte budget, in queue order', () => {
    const events = Array.from({ length: 10 }, () => shownEvent());
    const one = JSON.stringify(events[0]).length;
    const packed = packBatch(events, 13 + 3 * one + 2, (e) => e);
    expect(packed.records).toEqual(events.slice(0, 3));
    expect(JSON.parse(packed.body)).toEqual({ events: events.slice(0, 3) });
    expect(new TextEncoder().encode(packed.body).length).toBeLessThanOrEqual(13 + 3 * one + 2);
    expect(packed.oversize).toEqual([]);
  });

  it('sets aside a record that alone exceeds the budget and packs the rest', () => {
    const long = { ...shownEvent(), type: 'content-error', where: 'render', message: '错'.repeat(500) } as unknown as FlagEvent;
    const [a, b] = [shownEvent(), shownEvent()];
    const packed = packBatch([a, long, b], 13 + JSON.stringify(a).length * 2 + 1, (e) => e);
    expect(packed.records).toEqual([a, b]);
    expect(packed.oversize).toEqual([long]);
  });

  it('uploads the event without the log\'s own mark', () => {
    const event = shownEvent();
    expect(uploadForm({ ...event, uploadedAt: 0 })).toEqual(event);
    expect(uploadUrl('https://hub.local/preflight')).toBe('https://hub.local/preflight/api/v1/events');
    expect(uploadUrl('https://hub.local/')).toBe('https://hub.local/api/v1/events');
  });
});

describe('uploader', () => {
  it('posts with the bearer token and marks the answered batch', async () => {
    const t = setup([]);
    await storeFlagEvents(t.db, [shownEvent(), shownEvent()]);
    const status = await t.uploader.run('stored');
    expect(t.hub.requests.map((r) => [r.url, r.auth, r.events.length])).toEqual([[`${target.hubUrl}/api/v1/events`, `Bearer ${target.hubToken}`, 2]]);
    expect(t.hub.requests[0]!.events.every((e) => !('uploadedAt' in e))).toBe(true);
    expect(status).toMatchObject({ hubConfigured: true, hubOrigin: target.hubUrl, queued: 0, uploaded: 2 });
    expect(t.area.items[SYNC_STATUS_KEY]).toEqual(status);
    // The status names the hub, never the token.
    expect(JSON.stringify(status)).not.toContain(target.hubToken);
  });

  it('counts records the hub rejected and drops them with the answered batch', async () => {
    const t = setup([(events) => ({ status: 200, body: { accepted: 1, duplicates: 1, rejected: [{ index: 2, id: events[2]!.id, errors: [{ path: 'finding.kind', message: 'bad' }] }] } })]);
    await storeFlagEvents(t.db, [shownEvent(), shownEvent(), shownEvent()]);
    expect(await t.uploader.run('stored')).toMatchObject({ queued: 0, uploaded: 2, rejected: 1, lastError: null });
  });

  it('keeps the batch and backs off when the answer does not add up or is not the protocol', async () => {
    const t = setup([{ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] } }, { status: 200, body: '<html>login</html>' }]);
    await storeFlagEvents(t.db, [shownEvent(), shownEvent()]);
    const first = await t.uploader.run('stored');
    expect(first).toMatchObject({ queued: 2, consecutiveFailures: 1, lastError: { kind: 'protocol' } });
    expect(first.lastError!.message).toContain('1 of 2');
    t.advance(60_000);
    const second = await t.uploader.run('alarm');
    expect(second).toMatchObject({ queued: 2, consecutiveFailures: 2, lastError: { kind: 'protocol' } });
  });

  it('reports a hub error status as a server error with its message', async () => {
    const t = setup([{ status: 503, body: { error: 'unavailable', message: 'database is starting' } }]);
    await storeFlagEvents(t.db, [shownEvent()]);
    const status = await t.uploader.run('stored');
    expect(status.lastError).toEqual({ kind: 'server', status: 503, message: '503 database is starting', at: new Date(t.now()).toISOString() });
    expect(Date.parse(status.nextRetryAt!) - t.now()).toBe(15_000);
  });

  it('waits out the backoff on automatic passes, but 立即上传 goes at once', async () => {
    const t = setup(['unreachable', 'unreachable']);
    await storeFlagEvents(t.db, [shownEvent()]);
    await t.uploader.run('stored');
    await t.uploader.run('stored');
    await t.uploader.run('alarm');
    expect(t.hub.requests).toHaveLength(1);
    const manual = await t.uploader.run('manual');
    expect(t.hub.requests).toHaveLength(2);
    expect(manual).toMatchObject({ consecutiveFailures: 2, lastError: { kind: 'network' } });
    const third = await t.uploader.run('manual');
    expect(t.hub.requests).toHaveLength(3);
    expect(third).toMatchObject({ queued: 0, consecutiveFailures: 0, lastError: null, nextRetryAt: null });
  });

  it('remembers the backoff across background restarts (it lives in the stored status)', async () => {
    const t = setup(['unreachable']);
    await storeFlagEvents(t.db, [shownEvent()]);
    await t.uploader.run('stored');
    const restarted = createUploader({ db: t.db, target: async () => target, status: syncStatusStore(t.area), fetch: t.hub.fetch, now: t.now });
    await restarted.run('start');
    expect(t.hub.requests).toHaveLength(1);
    t.advance(15_000);
    expect(await restarted.run('start')).toMatchObject({ queued: 0 });
    expect(t.hub.requests).toHaveLength(2);
  });

  it('drops a record too large for any request, and counts it', async () => {
    const t = setup([], { maxBytes: 1_200 });
    const huge = shownEvent({ page: 'http://his.local/' + 'x'.repeat(400) });
    const hugeDecision = { ...shownEvent(), type: 'content-error', where: 'x', message: '错'.repeat(500) } as unknown as FlagEvent;
    await storeFlagEvents(t.db, [shownEvent(), hugeDecision, huge]);
    const status = await t.uploader.run('stored');
    expect(t.hub.requests.flatMap((r) => r.events.map((e) => e.id))).not.toContain(hugeDecision.id);
    expect(status).toMatchObject({ queued: 0, rejected: 1, uploaded: 2 });
  });

  it('a pass asked for while one runs follows it, and both callers see the later status', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const t = setup([]);
    const slow: typeof fetch = async (input, init) => {
      await gate;
      return t.hub.fetch(input, init);
    };
    const uploader: Uploader = createUploader({ db: t.db, target: async () => target, status: syncStatusStore(t.area), fetch: slow, now: t.now });
    await storeFlagEvents(t.db, [shownEvent()]);
    const first = uploader.run('stored');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await storeFlagEvents(t.db, [shownEvent()]);
    const second = uploader.run('manual');
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(b).toMatchObject({ queued: 0, uploaded: 2 });
    expect(t.hub.requests.map((r) => r.events.length)).toEqual([1, 1]);
  });

  it('names a configuration by a digest that changes with the token', async () => {
    const digest = await configDigest(target);
    expect(digest).toMatch(/^[0-9a-f]{24}$/);
    expect(await configDigest({ ...target, hubToken: `${target.hubToken}b` })).not.toBe(digest);
  });
});

describe('sync status', () => {
  it('reads garbage or an older shape as the initial status', () => {
    expect(parseSyncStatus(undefined)).toEqual(INITIAL_SYNC_STATUS);
    expect(parseSyncStatus({ hubConfigured: 'yes' })).toEqual(INITIAL_SYNC_STATUS);
    const valid: SyncStatus = { ...INITIAL_SYNC_STATUS, hubConfigured: true, queued: 3, lastError: { kind: 'auth', message: '401 unknown token', at: '2026-11-22T08:00:00.000Z', status: 401 } };
    expect(parseSyncStatus(valid)).toEqual(valid);
  });

  it('wants the minute alarm only while records wait for a hub that may take them', () => {
    expect(needsAlarm({ ...INITIAL_SYNC_STATUS, hubConfigured: true, queued: 2 })).toBe(true);
    expect(needsAlarm({ ...INITIAL_SYNC_STATUS, hubConfigured: true, queued: 0 })).toBe(false);
    expect(needsAlarm({ ...INITIAL_SYNC_STATUS, hubConfigured: false, queued: 2 })).toBe(false);
    expect(needsAlarm({ ...INITIAL_SYNC_STATUS, hubConfigured: true, queued: 2, refusedConfig: 'abc' })).toBe(false);
  });
});

describe('upload scheduler', () => {
  function fakeAlarms() {
    const armed = new Map<string, { periodInMinutes: number }>();
    let listener: ((alarm: { name: string }) => void) | undefined;
    const alarms: AlarmsLike = {
      get: async (name) => (armed.has(name) ? { name } : undefined),
      create: async (name, info) => void armed.set(name, info),
      clear: async (name) => armed.delete(name),
      onAlarm: { addListener: (l) => (listener = l) },
    };
    return { alarms, armed, fire: (name: string) => listener?.({ name }) };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('arms the minute alarm when records are stored, runs a pass after a quiet moment, and disarms when the queue is empty', async () => {
    const t = setup([]);
    const timers = new ManualTimers();
    const a = fakeAlarms();
    const scheduler = createUploadScheduler({ uploader: t.uploader, alarms: a.alarms, setTimer: timers.set });
    await storeFlagEvents(t.db, [shownEvent()]);
    scheduler.stored();
    scheduler.stored();
    await settle();
    expect(a.armed.get(UPLOAD_ALARM)).toEqual({ periodInMinutes: 1 });
    timers.advance(STORED_DELAY_MS - 1);
    await settle();
    expect(t.hub.requests).toHaveLength(0);
    // Records stored meanwhile do not push the pass back.
    scheduler.stored();
    timers.advance(1);
    await vi.waitFor(() => expect(a.armed.has(UPLOAD_ALARM)).toBe(false));
    expect(t.hub.requests).toHaveLength(1);
    expect(await unsentRecords(t.db).count()).toBe(0);
  });

  it('keeps the alarm while backing off and sends when it fires after the wait', async () => {
    const t = setup(['unreachable']);
    const a = fakeAlarms();
    const scheduler = createUploadScheduler({ uploader: t.uploader, alarms: a.alarms });
    await storeFlagEvents(t.db, [shownEvent()]);
    await scheduler.run('start');
    expect(a.armed.has(UPLOAD_ALARM)).toBe(true);
    t.advance(60_000);
    a.fire('some-other-alarm');
    await settle();
    expect(t.hub.requests).toHaveLength(1);
    a.fire(UPLOAD_ALARM);
    await vi.waitFor(() => expect(a.armed.has(UPLOAD_ALARM)).toBe(false));
    expect(t.hub.requests).toHaveLength(2);
  });
});

describe('uploader, a batch the hub keeps refusing (issue #13)', () => {
  /** A hub that answers 500 to any batch holding a poisoned record, and takes every other batch. */
  function poisonedHub(poisoned: Set<string>, status = 500): Reply[] {
    const reply: Reply = (events) =>
      events.some((e) => poisoned.has(e.id)) ? { status, body: { error: 'internal', message: 'internal error' } } : { status: 200, body: { accepted: events.length, duplicates: 0, rejected: [] } };
    return Array.from({ length: 200 }, () => reply);
  }

  async function passes(t: ReturnType<typeof setup>, n: number): Promise<SyncStatus> {
    let status: SyncStatus | undefined;
    for (let i = 0; i < n; i++) {
      status = await t.uploader.run('alarm');
      t.advance(3_600_000);
    }
    return status!;
  }

  it(`sets the offending record aside after ${3} refused tries and sends the rest`, async () => {
    const events = Array.from({ length: 9 }, () => shownEvent());
    const t = setup(poisonedHub(new Set([events[4]!.id])));
    await storeFlagEvents(t.db, events);
    const status = await passes(t, 4);
    expect(status).toMatchObject({ queued: 0, uploaded: 8, setAside: 1, lastError: null });
    const sent = new Set(t.hub.requests.filter((r) => !r.events.some((e) => e.id === events[4]!.id)).flatMap((r) => r.events.map((e) => e.id)));
    expect(sent.size).toBe(8);
    // Later records go on as usual.
    await storeFlagEvents(t.db, [shownEvent()]);
    expect(await t.uploader.run('manual')).toMatchObject({ queued: 0, uploaded: 9, setAside: 1 });
  });

  it('sets aside after 4xx too, each bad record on its own, and sends the good ones between them', async () => {
    const events = Array.from({ length: 4 }, () => shownEvent());
    const t = setup(poisonedHub(new Set([events[0]!.id, events[3]!.id]), 422));
    await storeFlagEvents(t.db, events);
    expect(await passes(t, 3)).toMatchObject({ queued: 0, uploaded: 2, setAside: 2 });
  });

  it('never sets anything aside while the hub is unreachable', async () => {
    const t = setup(Array.from({ length: 20 }, () => 'unreachable' as const));
    await storeFlagEvents(t.db, [shownEvent(), shownEvent()]);
    expect(await passes(t, 8)).toMatchObject({ queued: 2, uploaded: 0, setAside: 0 });
  });
});
