import { Dexie } from 'dexie';
import type { FlagLogDb, StoredFlagEvent } from './flag-log-db';
import type { TimeWindow } from './review-query';

/** Reading the flag log by its `at` index, a chunk at a time (the review's statistics and orders). */

/** Records carry `at` as an ISO instant; this far either side of a window covers any UTC offset. */
const OFFSET_MARGIN_MS = 14 * 3_600_000;
export const DEFAULT_CHUNK = 5_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** A stretch of the `at` index: `lower` inclusive, `upper` exclusive unless said otherwise. */
export interface IndexRange {
  lower?: string | undefined;
  upper?: string | undefined;
  includeUpper?: boolean;
}

/** The `at` index range that covers a window (exactness comes from inWindow). */
export function indexRange(window: TimeWindow): IndexRange {
  return {
    lower: window.from === undefined ? undefined : iso(window.from - OFFSET_MARGIN_MS),
    upper: window.to === undefined ? undefined : iso(window.to + OFFSET_MARGIN_MS),
  };
}

/**
 * Visits every record in an index range, oldest first (ties by id), `chunk` at a time: each read
 * is one getAll, and only one chunk is held at once. A cursor would cost a round trip per record.
 */
export async function scanFlagLog(db: FlagLogDb, range: IndexRange, visit: (record: StoredFlagEvent) => void, signal?: AbortSignal, chunk = DEFAULT_CHUNK): Promise<void> {
  let from = range.lower;
  // Records at `from` already visited: the next read starts at `from` again (`at` is not unique),
  // and equal keys come in primary-key order, so they are the first ones it returns.
  let seen = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await db.events
      .where('at')
      .between(from ?? Dexie.minKey, range.upper ?? Dexie.maxKey, true, range.includeUpper ?? false)
      .limit(chunk + seen)
      .toArray();
    for (let i = seen; i < batch.length; i++) visit(batch[i]!);
    if (batch.length < chunk + seen) return;
    const last = batch[batch.length - 1]!.at;
    let tied = 0;
    for (let i = batch.length - 1; i >= 0 && batch[i]!.at === last; i--) tied++;
    from = last;
    seen = tied;
  }
}
