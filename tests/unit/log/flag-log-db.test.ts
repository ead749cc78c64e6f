import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pseudonymousKey, UNKNOWN_PATIENT_KEY } from '../../../adapters/patient-key';
import {
  droppedUnsentCount,
  FLAG_LOG_DB_NAME,
  FlagLogDb,
  NOT_UPLOADED,
  recentFlagEvents,
  storeFlagEvents,
  trimFlagLog,
  unsentRecords,
  uploadedRecords,
} from '../../../log/flag-log-db';
import { listenForFlagEvents, type MessageEventLike } from '../../../log/flag-log-receiver';
import { FLAG_EVENTS_MESSAGE, type FlagEventsAnswer } from '../../../log/flag-log-messages';
import { markUploaded } from '../../../log/upload/uploader';
import { shownEvent } from './support';

let dbs: FlagLogDb[] = [];
function openDb(): FlagLogDb {
  const db = new FlagLogDb(`flag-log-test-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}

afterEach(async () => {
  for (const db of dbs) await db.delete();
  dbs = [];
});

describe('flag log database', () => {
  it('stores valid records once, however often a batch is sent', async () => {
    const db = openDb();
    const batch = [shownEvent(), shownEvent()];
    expect(await storeFlagEvents(db, batch)).toEqual({ stored: 2, rejected: 0 });
    expect(await storeFlagEvents(db, batch)).toEqual({ stored: 2, rejected: 0 });
    expect(await db.events.count()).toBe(2);
  });

  it('rejects records that fail the schema and keeps the rest of the batch', async () => {
    const db = openDb();
    const outcome = await storeFlagEvents(db, [shownEvent(), { type: 'finding-shown', id: 'x' }, 'junk']);
    expect(outcome).toEqual({ stored: 1, rejected: 2 });
  });

  it('lists the newest first', async () => {
    const db = openDb();
    const events = [shownEvent(), shownEvent(), shownEvent()];
    await storeFlagEvents(db, [events[1], events[0], events[2]]);
    expect((await recentFlagEvents(db)).map((e) => e.id)).toEqual([events[2]!.id, events[1]!.id, events[0]!.id]);
  });

  it('queues new records for the hub and keeps the upload mark when a batch is stored again', async () => {
    const db = openDb();
    const [a, b] = [shownEvent(), shownEvent()];
    await storeFlagEvents(db, [a, b]);
    expect(await unsentRecords(db).primaryKeys()).toEqual([a.id, b.id]);
    await markUploaded(db, [(await db.events.get(a.id))!], 1_700_000_000_000);
    await storeFlagEvents(db, [a, b]);
    expect(await unsentRecords(db).primaryKeys()).toEqual([b.id]);
    expect((await db.events.get(a.id))!.uploadedAt).toBe(1_700_000_000_000);
  });
});

describe('pruning the flag log', () => {
  async function logWith(uploaded: number, unsent: number) {
    const db = openDb();
    const up = Array.from({ length: uploaded }, () => shownEvent());
    const waiting = Array.from({ length: unsent }, () => shownEvent());
    await storeFlagEvents(db, up);
    await markUploaded(db, await db.events.bulkGet(up.map((e) => e.id)).then((r) => r.map((x) => x!)), 1_700_000_000_000);
    await storeFlagEvents(db, waiting);
    return { db, up, waiting };
  }

  it('beyond the soft cap drops the oldest uploaded records, and no unsent one', async () => {
    const { db, up, waiting } = await logWith(6, 4);
    expect(await trimFlagLog(db, { maxRecords: 7, hardCap: 100 })).toEqual({ droppedUploaded: 3, droppedUnsent: 0 });
    expect(await uploadedRecords(db).primaryKeys()).toEqual(up.slice(3).map((e) => e.id));
    expect(await unsentRecords(db).count()).toBe(4);
    // Over the soft cap with nothing uploaded left to drop: the unsent records stay.
    expect(await trimFlagLog(db, { maxRecords: 2, hardCap: 100 })).toEqual({ droppedUploaded: 3, droppedUnsent: 0 });
    expect(await unsentRecords(db).primaryKeys()).toEqual(waiting.map((e) => e.id));
    expect(await droppedUnsentCount(db)).toBe(0);
  });

  it('beyond the hard cap drops the oldest unsent records too, and counts them', async () => {
    const { db, waiting } = await logWith(2, 6);
    expect(await trimFlagLog(db, { maxRecords: 2, hardCap: 4 })).toEqual({ droppedUploaded: 2, droppedUnsent: 2 });
    expect(await unsentRecords(db).primaryKeys()).toEqual(waiting.slice(2).map((e) => e.id));
    expect(await droppedUnsentCount(db)).toBe(2);
    await storeFlagEvents(db, [shownEvent()], { maxRecords: 2, hardCap: 4 });
    expect(await droppedUnsentCount(db)).toBe(3);
    expect(await db.events.count()).toBe(4);
  });

  it('within the caps drops nothing (a number is the soft cap, as before)', async () => {
    const { db } = await logWith(3, 3);
    expect(await trimFlagLog(db, 6)).toEqual({ droppedUploaded: 0, droppedUnsent: 0 });
    expect(await db.events.count()).toBe(6);
  });
});

describe('flag log upgrade', () => {
  it('queues the records of a version-1 log for upload', async () => {
    const name = `flag-log-v1-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ events: 'id, at, type, orderId' });
    const old = [shownEvent(), shownEvent()];
    await v1.table('events').bulkPut(old);
    v1.close();
    const db = new FlagLogDb(name);
    dbs.push(db);
    expect(await unsentRecords(db).primaryKeys()).toEqual(old.map((e) => e.id));
    expect((await db.events.get(old[0]!.id))!.uploadedAt).toBe(NOT_UPLOADED);
    expect(FLAG_LOG_DB_NAME).toBe('preflight-flag-log');
  });
});

describe('flag log receiver', () => {
  function fakeOnMessage() {
    let listener: Parameters<MessageEventLike['addListener']>[0] | undefined;
    const event: MessageEventLike = { addListener: (l) => (listener = l) };
    const send = (message: unknown, senderId = 'ext-id') =>
      new Promise<{ handled: boolean | undefined; answer?: FlagEventsAnswer }>((resolve) => {
        const handled = listener!(message, { id: senderId }, (answer) => resolve({ handled, answer }));
        if (!handled) resolve({ handled });
      });
    return { event, send };
  }

  it('stores batches from our content scripts and answers with the counts', async () => {
    const db = openDb();
    const { event, send } = fakeOnMessage();
    listenForFlagEvents(event, { db, extensionId: 'ext-id' });
    const result = await send({ type: FLAG_EVENTS_MESSAGE, events: [shownEvent(), { bad: true }] });
    expect(result).toEqual({ handled: true, answer: { ok: true, stored: 1, rejected: 1 } });
    expect(await db.events.count()).toBe(1);
  });

  it('replaces the pseudonymous patient key by the salted SHA-256 digest before storing', async () => {
    const db = openDb();
    const { event, send } = fakeOnMessage();
    const salt = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
    listenForFlagEvents(event, { db, extensionId: 'ext-id', patientSalt: async () => salt });
    const key = pseudonymousKey('ZY20261122-0042', salt);
    const withKey = shownEvent({ context: { department: '呼吸内科', prescriberId: 'D1001', patientKey: key } });
    const unknown = shownEvent({ context: { department: '呼吸内科', patientKey: UNKNOWN_PATIENT_KEY } });
    const raw = shownEvent({ context: { patientKey: 'ZY20261122-0042' } });
    expect((await send({ type: FLAG_EVENTS_MESSAGE, events: [withKey, unknown, raw] })).answer).toEqual({ ok: true, stored: 3, rejected: 0 });
    const digest = createHash('sha256').update(`${salt}:${key}`).digest('hex');
    expect((await db.events.get(withKey.id))!.context).toEqual({ department: '呼吸内科', prescriberId: 'D1001', patientKey: digest });
    // p-unknown names no one, and a raw record number must never be kept: both are dropped.
    expect((await db.events.get(unknown.id))!.context).toEqual({ department: '呼吸内科' });
    expect((await db.events.get(raw.id))!.context).toBeUndefined();
  });

  it('stores no patient key when the install salt cannot be read', async () => {
    const db = openDb();
    const { event, send } = fakeOnMessage();
    listenForFlagEvents(event, { db, extensionId: 'ext-id', patientSalt: () => Promise.reject(new Error('storage gone')) });
    const e = shownEvent({ context: { prescriberId: 'D1001', patientKey: pseudonymousKey('MZ1', 'salt') } });
    expect((await send({ type: FLAG_EVENTS_MESSAGE, events: [e] })).answer).toEqual({ ok: true, stored: 1, rejected: 0 });
    expect((await db.events.get(e.id))!.context).toEqual({ prescriberId: 'D1001' });
  });

  it('leaves other messages and other senders alone', async () => {
    const db = openDb();
    const { event, send } = fakeOnMessage();
    listenForFlagEvents(event, { db, extensionId: 'ext-id' });
    expect(await send({ type: 'preflight:ensure-engine' })).toEqual({ handled: false });
    expect(await send({ type: FLAG_EVENTS_MESSAGE, events: [shownEvent()] }, 'someone-else')).toEqual({ handled: false });
    expect(await send({ type: FLAG_EVENTS_MESSAGE, events: [] })).toEqual({ handled: false });
    expect(await db.events.count()).toBe(0);
  });
});
