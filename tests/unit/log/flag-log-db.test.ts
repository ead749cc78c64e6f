import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FlagLogDb, recentFlagEvents, storeFlagEvents } from '../../../log/flag-log-db';
import { listenForFlagEvents, type MessageEventLike } from '../../../log/flag-log-receiver';
import { FLAG_EVENTS_MESSAGE, type FlagEventsAnswer } from '../../../log/flag-log-messages';
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

  it('drops the oldest records beyond the cap and lists the newest first', async () => {
    const db = openDb();
    const events = [shownEvent(), shownEvent(), shownEvent(), shownEvent()];
    await storeFlagEvents(db, events, { maxRecords: 3 });
    const recent = await recentFlagEvents(db);
    expect(recent.map((e) => e.id)).toEqual([events[3]!.id, events[2]!.id, events[1]!.id]);
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
