import { Dexie, type EntityTable } from 'dexie';
import { FlagEventSchema, type FlagEvent } from '../contract/flag-event';

/**
 * The flag log: one IndexedDB database in the extension's origin (the background writes it; web
 * pages cannot reach it). Records are keyed by their own random id, so storing a batch twice —
 * a content script retrying after a lost answer — keeps one copy.
 *
 * Each record also carries `uploadedAt`: 0 until the hub answered for it, then the time it did.
 * The compound index `[uploadedAt+at]` serves both the upload queue (the `0` range, oldest first)
 * and pruning (everything above it) without a second table to keep in step with the first.
 */

export const FLAG_LOG_DB_NAME = 'preflight-flag-log';

/** Beyond this many records, records the hub already has are dropped, oldest first. */
export const FLAG_LOG_MAX_RECORDS = 50_000;

/**
 * Beyond this many records even ones the hub never received are dropped (a workstation cut off from
 * its hub for months must not fill the disk). Such drops are counted and shown, never silent.
 */
export const FLAG_LOG_HARD_CAP = 200_000;

/** `uploadedAt` of a record the hub has not answered for yet (IndexedDB cannot index `undefined`). */
export const NOT_UPLOADED = 0;

export type StoredFlagEvent = FlagEvent & { uploadedAt: number };

/** Running totals kept beside the records, changed in the same transaction as what they count. */
export interface FlagLogCounter {
  name: 'droppedUnsent';
  value: number;
}

export class FlagLogDb extends Dexie {
  events!: EntityTable<StoredFlagEvent, 'id'>;
  counters!: EntityTable<FlagLogCounter, 'name'>;

  constructor(name = FLAG_LOG_DB_NAME) {
    super(name);
    this.version(1).stores({ events: 'id, at, type, orderId' });
    this.version(2)
      .stores({ events: 'id, at, type, orderId, [uploadedAt+at]', counters: 'name' })
      // Records from before the hub upload existed are queued like new ones.
      .upgrade((tx) =>
        tx
          .table('events')
          .toCollection()
          .modify((record: { uploadedAt?: number }) => {
            record.uploadedAt ??= NOT_UPLOADED;
          }),
      );
  }
}

/** The upload queue: records not yet answered by the hub, oldest first. */
export function unsentRecords(db: FlagLogDb) {
  return db.events.where('[uploadedAt+at]').between([NOT_UPLOADED, Dexie.minKey], [NOT_UPLOADED, Dexie.maxKey]);
}

/** Records the hub has answered for, earliest answered first (batches go oldest first, so: oldest). */
export function uploadedRecords(db: FlagLogDb) {
  return db.events.where('[uploadedAt+at]').between([NOT_UPLOADED + 1, Dexie.minKey], [Infinity, Dexie.maxKey]);
}

export interface StoreOutcome {
  stored: number;
  /** Records that failed the schema (a compromised or outdated sender); they are not stored. */
  rejected: number;
}

export interface FlagLogLimits {
  /** Soft cap: uploaded records beyond it are dropped. */
  maxRecords?: number;
  /** Hard cap: records beyond it are dropped even when never uploaded (counted). */
  hardCap?: number;
}

export type FlagLogStoreOptions = FlagLogLimits;

export async function storeFlagEvents(db: FlagLogDb, records: readonly unknown[], options: FlagLogStoreOptions = {}): Promise<StoreOutcome> {
  const valid: FlagEvent[] = [];
  for (const record of records) {
    const parsed = FlagEventSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
  }
  if (valid.length > 0) {
    await db.transaction('rw', db.events, async () => {
      // A batch stored again keeps its upload mark: the hub is not sent what it already answered for.
      const existing = await db.events.bulkGet(valid.map((e) => e.id));
      await db.events.bulkPut(valid.map((event, i) => ({ ...event, uploadedAt: existing[i]?.uploadedAt ?? NOT_UPLOADED })));
    });
    await trimFlagLog(db, options);
  }
  return { stored: valid.length, rejected: records.length - valid.length };
}

export interface TrimOutcome {
  droppedUploaded: number;
  droppedUnsent: number;
}

/**
 * Keeps the log within its caps: beyond `maxRecords`, records the hub already has go first; only
 * beyond `hardCap` do records it never received go, oldest first, and those are counted in
 * `counters.droppedUnsent` within the same transaction.
 */
export async function trimFlagLog(db: FlagLogDb, limits: FlagLogLimits | number = {}): Promise<TrimOutcome> {
  const { maxRecords = FLAG_LOG_MAX_RECORDS, hardCap = FLAG_LOG_HARD_CAP } = typeof limits === 'number' ? { maxRecords: limits } : limits;
  const cap = Math.max(hardCap, maxRecords);
  return db.transaction('rw', db.events, db.counters, async () => {
    let total = await db.events.count();
    const outcome: TrimOutcome = { droppedUploaded: 0, droppedUnsent: 0 };
    if (total <= maxRecords) return outcome;
    const uploaded = await uploadedRecords(db).limit(total - maxRecords).primaryKeys();
    await db.events.bulkDelete(uploaded);
    outcome.droppedUploaded = uploaded.length;
    total -= uploaded.length;
    if (total > cap) {
      const unsent = await unsentRecords(db).limit(total - cap).primaryKeys();
      await db.events.bulkDelete(unsent);
      outcome.droppedUnsent = unsent.length;
      const before = (await db.counters.get('droppedUnsent'))?.value ?? 0;
      await db.counters.put({ name: 'droppedUnsent', value: before + unsent.length });
    }
    return outcome;
  });
}

/** Records the hub never received that pruning had to drop, since the log was created. */
export async function droppedUnsentCount(db: FlagLogDb): Promise<number> {
  return (await db.counters.get('droppedUnsent'))?.value ?? 0;
}

/** The newest records first; for the options page, the hub upload and tests. */
export function recentFlagEvents(db: FlagLogDb, limit = 200): Promise<StoredFlagEvent[]> {
  return db.events.orderBy('at').reverse().limit(limit).toArray();
}
