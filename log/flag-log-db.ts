import { Dexie, type EntityTable } from 'dexie';
import { FlagEventSchema, type FlagEvent } from './flag-event';

/**
 * The flag log: one IndexedDB database in the extension's origin (the background writes it; web
 * pages cannot reach it). Records are keyed by their own random id, so storing a batch twice —
 * a content script retrying after a lost answer — keeps one copy.
 */

export const FLAG_LOG_DB_NAME = 'preflight-flag-log';

/**
 * Beyond this many records the oldest are dropped: the log is a buffer for the hub, and a
 * browser that is never collected from must not fill the disk.
 */
export const FLAG_LOG_MAX_RECORDS = 50_000;

export class FlagLogDb extends Dexie {
  events!: EntityTable<FlagEvent, 'id'>;

  constructor(name = FLAG_LOG_DB_NAME) {
    super(name);
    this.version(1).stores({ events: 'id, at, type, orderId' });
  }
}

export interface StoreOutcome {
  stored: number;
  /** Records that failed the schema (a compromised or outdated sender); they are not stored. */
  rejected: number;
}

export interface FlagLogStoreOptions {
  maxRecords?: number;
}

export async function storeFlagEvents(db: FlagLogDb, records: readonly unknown[], options: FlagLogStoreOptions = {}): Promise<StoreOutcome> {
  const valid: FlagEvent[] = [];
  for (const record of records) {
    const parsed = FlagEventSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
  }
  if (valid.length > 0) {
    await db.events.bulkPut(valid);
    await trimFlagLog(db, options.maxRecords ?? FLAG_LOG_MAX_RECORDS);
  }
  return { stored: valid.length, rejected: records.length - valid.length };
}

/** Drops the oldest records beyond `maxRecords`. */
export async function trimFlagLog(db: FlagLogDb, maxRecords: number): Promise<number> {
  const excess = (await db.events.count()) - maxRecords;
  if (excess <= 0) return 0;
  const oldest = await db.events.orderBy('at').limit(excess).primaryKeys();
  await db.events.bulkDelete(oldest);
  return oldest.length;
}

/** The newest records first; for the options page, the hub upload and tests. */
export function recentFlagEvents(db: FlagLogDb, limit = 200): Promise<FlagEvent[]> {
  return db.events.orderBy('at').reverse().limit(limit).toArray();
}
