import { z } from 'zod';
import { ReviewSourceError } from '../contract/review/data-source';
import type { ListedEvent } from '../contract/review/events';
import { buildOrderGroup, matchesVerdictFilter, orderKeyOf } from '../contract/review/group-orders';
import { decodeOrderKey, type OrderGroup, type OrderKey, type OrderPage } from '../contract/review/orders';
import type { ReviewFilters } from '../contract/review/review-filters';
import type { FlagLogDb, StoredFlagEvent } from './flag-log-db';
import { indexRange, scanFlagLog } from './flag-log-scan';
import { inWindow, matchesFilters, timeWindow, type LocalWorkstation } from './review-query';

/**
 * Review by prescription over this workstation's own log: the orders the filters select, newest
 * first, built by the same code as the hub's (contract/review/group-orders.ts) and in the same
 * order — by the newest selected record, then by key in code-unit order — so both list alike.
 */

export interface LocalOrdersContext {
  db: FlagLogDb;
  timeZone: string;
  workstation: LocalWorkstation;
  listed: (record: StoredFlagEvent) => ListedEvent;
  chunk: number;
  /** The log as it stands (records added or pruned change it): the next page reuses the last scan. */
  version?: () => Promise<string>;
}

/** The last scans kept: paging through one filter set reads the log once. */
const CACHED_SCANS = 4;
const scans = new WeakMap<LocalOrdersContext, Map<string, Promise<Candidate[]>>>();

const CursorSchema = z.tuple([z.string().datetime({ offset: true }), z.string(), z.string(), z.string()]);

function decodeCursor(cursor: string): z.infer<typeof CursorSchema> {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(cursor));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through.
  }
  throw new ReviewSourceError('invalid', 'not a cursor of the local log');
}

interface Candidate {
  key: OrderKey;
  at: number;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first, then key descending: the hub's ORDER BY. */
function newestFirst(a: Candidate, b: Candidate): number {
  return b.at - a.at || compareText(b.key[0], a.key[0]) || compareText(b.key[1], a.key[1]) || compareText(b.key[2], a.key[2]);
}

/** Every record of one order, wherever its time. */
async function recordsOf(ctx: LocalOrdersContext, key: OrderKey): Promise<ListedEvent[]> {
  const records = await ctx.db.events.where('orderId').equals(key[1]).toArray();
  return records.map(ctx.listed).filter((listed) => JSON.stringify(orderKeyOf(listed)) === JSON.stringify(key));
}

/** Every order the filters select with its newest selected record, newest first (one pass over the log). */
async function selectedOrders(ctx: LocalOrdersContext, filters: ReviewFilters, signal: AbortSignal | undefined): Promise<readonly Candidate[]> {
  const key = `${JSON.stringify(filters)} ${(await ctx.version?.()) ?? Math.random()}`;
  let cache = scans.get(ctx);
  if (!cache) scans.set(ctx, (cache = new Map()));
  let pending = cache.get(key);
  if (!pending) {
    pending = scan(ctx, filters);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    while (cache.size > CACHED_SCANS) cache.delete(cache.keys().next().value!);
  }
  signal?.throwIfAborted();
  return pending;
}

async function scan(ctx: LocalOrdersContext, filters: ReviewFilters): Promise<Candidate[]> {
  const window = timeWindow(filters, ctx.timeZone);
  const newest = new Map<string, Candidate>();
  await scanFlagLog(
    ctx.db,
    indexRange(window),
    (record) => {
      if (!('orderId' in record) || !record.orderId) return;
      if (!inWindow(record.at, window) || !matchesFilters(record, filters, ctx.workstation)) return;
      const key: OrderKey = [ctx.workstation.id, record.orderId, record.context?.patientKey ?? ''];
      const id = JSON.stringify(key);
      const at = Date.parse(record.at);
      const seen = newest.get(id);
      if (!seen || at > seen.at) newest.set(id, { key, at });
    },
    // Shared by every page that waits on it: one caller leaving does not stop it.
    undefined,
    ctx.chunk,
  );
  return [...newest.values()].sort(newestFirst);
}

export async function listLocalOrders(ctx: LocalOrdersContext, filters: ReviewFilters, page: { cursor?: string; limit: number }, signal?: AbortSignal): Promise<OrderPage> {
  signal?.throwIfAborted();
  // The log keeps no verdicts: every finding is unjudged, and no order has a verdict to match.
  if (filters.verdict !== undefined && filters.verdict !== 'none') return { orders: [], nextCursor: null };
  let candidates = [...(await selectedOrders(ctx, filters, signal))];
  if (page.cursor !== undefined) {
    const [at, ws, oid, pk] = decodeCursor(page.cursor);
    const position: Candidate = { key: [ws, oid, pk], at: Date.parse(at) };
    candidates = candidates.filter((c) => newestFirst(position, c) < 0);
  }
  const orders: OrderGroup[] = [];
  let more = false;
  for (const candidate of candidates) {
    signal?.throwIfAborted();
    const group = buildOrderGroup(candidate.key, await recordsOf(ctx, candidate.key), new Date(candidate.at).toISOString());
    if (!matchesVerdictFilter(group, filters.verdict)) continue;
    if (orders.length === page.limit) {
      more = true;
      break;
    }
    orders.push(group);
  }
  const last = orders.at(-1);
  return { orders, nextCursor: more && last ? JSON.stringify([last.at, ...(JSON.parse(last.key) as OrderKey)]) : null };
}

export async function localOrderDetail(ctx: LocalOrdersContext, keyText: string, signal?: AbortSignal): Promise<OrderGroup> {
  signal?.throwIfAborted();
  const key = decodeOrderKey(keyText);
  const records = key ? await recordsOf(ctx, key) : [];
  if (!key || records.length === 0) throw new ReviewSourceError('not-found', 'no such order in the local log');
  return buildOrderGroup(key, records, undefined, new Map());
}
