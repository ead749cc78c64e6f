import { Dexie } from 'dexie';
import { z } from 'zod';
import { ReviewSourceError, type ReviewCapabilities, type ReviewDataSource } from '../contract/review/data-source';
import { statsParams, type ReviewFilters } from '../contract/review/review-filters';
import type { EventDetail, EventPage, ListedEvent } from '../contract/review/events';
import type { FlagEvent } from '../contract/flag-event';
import type { FlagLogDb, StoredFlagEvent } from './flag-log-db';
import { inWindow, matchesFilters, ReviewTally, timeWindow, type LocalWorkstation, type TimeWindow } from './review-query';
import { uploadForm } from './upload/hub-client';
import { DEFAULT_CHUNK, indexRange, scanFlagLog, type IndexRange } from './flag-log-scan';
import { listLocalOrders, localOrderDetail, type LocalOrdersContext } from './review-orders';
import type { Names, NamesQuery } from '../contract/review/names';

export { indexRange, scanFlagLog, type IndexRange };

/**
 * The review views' data source over this workstation's own flag log (Dexie, extension origin):
 * the same event list, detail and statistics the hub answers, computed in the page, so the
 * options page works with no hub at all.
 *
 * It lives beside the log rather than in components/review: it knows the log's indexes and record
 * form, and the shared views stay free of any storage (as the hub's source lives in its shell).
 *
 * Verdicts and 规则有误 reports are not kept here. They are the 质控's work on the hub, for all
 * workstations; a copy on one workstation would be a review nobody else sees. The capabilities
 * say so and the views leave those parts out.
 */

export const LOCAL_CAPABILITIES: ReviewCapabilities = {
  readEvents: true,
  readStats: true,
  writeVerdicts: false,
  writeReports: false,
  readReports: false,
  verdicts: false,
  workstations: false,
};

export const LOCAL_WORKSTATION_ID = 'local';

export interface LocalReviewOptions {
  /** The zone calendar days are counted in; the browser's own by default (it is at the hospital). */
  timeZone?: string;
  /** How this workstation is named where a record's workstation is shown (the detail's field list). */
  workstationLabel?: string;
  /** Records per read while counting; bounds the page's memory, whatever the log's size. */
  chunkSize?: number;
  /**
   * Rule names from the packs this extension holds (the options page passes them in: the log
   * itself knows no pack). Without it rules are shown by id. No doctor directory exists here.
   */
  ruleNames?: (ruleIds: readonly string[], signal?: AbortSignal) => Promise<Names['rules']>;
}

/** Statistics kept for reuse: the overview's cards, the rule view, a dimension switched back and forth. */
const CACHED_TALLIES = 8;

const CursorSchema = z.tuple([z.string().min(1), z.string().min(1)]);

function encodeCursor(event: FlagEvent): string {
  return JSON.stringify([event.at, event.id]);
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(cursor));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through to the error below.
  }
  throw new ReviewSourceError('invalid', 'not a cursor of the local log');
}

/** Filters that look inside a record; without them only time decides, and the index alone pages. */
const RECORD_FILTERS = ['department', 'prescriber', 'ruleId', 'kind', 'severity', 'decision', 'type', 'workstation'] as const;

/** The newest `count` records a predicate keeps, newest first, by one chunked pass. */
async function newestMatching(db: FlagLogDb, range: IndexRange, keep: (record: StoredFlagEvent) => boolean, count: number, signal: AbortSignal | undefined, chunk: number): Promise<StoredFlagEvent[]> {
  // Oldest first in, so the last `count` kept are the newest; a ring would save little at 101.
  const kept: StoredFlagEvent[] = [];
  await scanFlagLog(db, range, (record) => {
    if (!keep(record)) return;
    kept.push(record);
    if (kept.length > count * 2) kept.splice(0, kept.length - count);
  }, signal, chunk);
  return kept.slice(-count).reverse();
}

/** Rejects as soon as `signal` aborts, without stopping `work` (others may be waiting on it too). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export function localReviewSource(db: FlagLogDb, options: LocalReviewOptions = {}): ReviewDataSource {
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const workstation: LocalWorkstation = { id: LOCAL_WORKSTATION_ID, label: options.workstationLabel ?? LOCAL_WORKSTATION_ID };
  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  const tallies = new Map<string, Promise<ReviewTally>>();

  const listed = (record: StoredFlagEvent): ListedEvent => ({
    event: uploadForm(record),
    workstation,
    // Never received by anyone: the views hide this field for a source without workstations.
    receivedAt: record.at,
    verdict: null,
  });

  /** The log as it stands: a new record or a pruned one changes it, an upload mark does not. */
  const logVersion = async (): Promise<string> => {
    const [count, newest] = await Promise.all([db.events.count(), db.events.orderBy('at').last()]);
    return `${count} ${newest?.id ?? ''}`;
  };

  const tally = async (filters: ReviewFilters, signal: AbortSignal | undefined): Promise<ReviewTally> => {
    const key = `${JSON.stringify(statsParams(filters, timeZone))} ${await logVersion()}`;
    let pending = tallies.get(key);
    if (!pending) {
      const window = timeWindow(filters, timeZone);
      const counting = new ReviewTally(timeZone, workstation);
      pending = scanFlagLog(db, indexRange(window), (record) => {
        if (inWindow(record.at, window) && matchesFilters(record, filters, workstation)) counting.add(record);
      }, undefined, chunk).then(() => counting);
      tallies.set(key, pending);
      pending.catch(() => tallies.delete(key));
      while (tallies.size > CACHED_TALLIES) tallies.delete(tallies.keys().next().value!);
    }
    return untilAborted(pending, signal);
  };

  const orders: LocalOrdersContext = { db, timeZone, workstation, listed, chunk, version: logVersion };

  const names = async (query: NamesQuery, signal?: AbortSignal): Promise<Names> => {
    const rules = query.rules?.length && options.ruleNames ? await options.ruleNames(query.rules, signal) : {};
    const workstations = query.workstations?.includes(workstation.id) ? { [workstation.id]: workstation.label } : {};
    return { rules, prescribers: {}, workstations };
  };

  return {
    capabilities: LOCAL_CAPABILITIES,
    timeZone,
    listOrders: (filters, page, signal) => listLocalOrders(orders, filters, page, signal),
    orderDetail: (key, signal) => localOrderDetail(orders, key, signal),
    names,

    async listEvents(filters, page, signal): Promise<EventPage> {
      signal?.throwIfAborted();
      // Nothing here has a verdict: "not reviewed" is every event, any verdict none.
      if (filters.verdict !== undefined && filters.verdict !== 'none') return { events: [], nextCursor: null };
      const window = timeWindow(filters, timeZone);
      const { lower, upper } = indexRange(window);
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      const top = after && (upper === undefined || after[0] < upper) ? after[0] : upper;
      const keep = (record: StoredFlagEvent) =>
        !(after && (record.at > after[0] || (record.at === after[0] && record.id >= after[1]))) && inWindow(record.at, window) && matchesFilters(record, filters, workstation);
      const found = RECORD_FILTERS.some((name) => filters[name] !== undefined)
        ? // A narrow filter may match one record in thousands: read the range in big chunks.
          await newestMatching(db, { lower, upper: top, includeUpper: true }, keep, page.limit + 1, signal, chunk)
        : // Time alone: the `at` index read backwards (ties by id descending) stops after one page.
          await db.events
            .where('at')
            .between(lower ?? Dexie.minKey, top ?? Dexie.maxKey, true, true)
            .reverse()
            .filter(keep)
            .limit(page.limit + 1)
            .toArray();
      signal?.throwIfAborted();
      const events = found.slice(0, page.limit);
      const last = events.at(-1);
      return { events: events.map(listed), nextCursor: found.length > page.limit && last ? encodeCursor(last) : null };
    },

    async eventDetail(eventId, signal): Promise<EventDetail> {
      signal?.throwIfAborted();
      const record = await db.events.get(eventId);
      if (!record) throw new ReviewSourceError('not-found', `no event ${eventId} in the local log`);
      return { ...listed(record), history: [] };
    },

    summary: async (filters, signal) => (await tally(filters, signal)).summary(),
    daily: async (filters, signal) => (await tally(filters, signal)).daily(),
    topRules: async (filters, limit, signal) => (await tally(filters, signal)).topRules(limit),
    overrides: async (dimension, filters, limit, signal) => (await tally(filters, signal)).overrides(dimension, limit),
    overrideReasons: async (filters, limit, signal) => (await tally(filters, signal)).overrideReasons(limit),
    verdictCounts: async () => [],
    ruleReports: async () => [],
    recordVerdict: () => Promise.reject(new ReviewSourceError('forbidden', 'verdicts are recorded on the hub, not in the local log')),
    reportRule: () => Promise.reject(new ReviewSourceError('forbidden', 'rule reports are filed on the hub, not in the local log')),
  };
}
