import type { EventFilters } from '../../../contract/review/event-filters';
import type { OrderKey } from '../../../contract/review/orders';
import type { VerdictFilter } from '../../../contract/review/review-filters';
import type { Queryable } from '../db/db';
import { Where } from '../db/where';
import { applyEventFilters } from '../events/filters';

/**
 * Which orders a page of 处方复核 shows: those with a record the filters select, ordered by their
 * newest selected record, newest first (then by key), after the cursor. Grouping every selected
 * record of the table would read a million rows for the first page; instead the newest records are
 * read through the time index, a window at a time: every order whose newest selected record lies
 * inside the window is complete there, so once the window holds a page of such orders, that page is
 * exact. The window grows until it does, or the records run out.
 */

/** An order and the time of its newest selected record, as microseconds text (sorts as it reads). */
export interface SelectedOrder {
  key: OrderKey;
  at: string;
}

const AT_TEXT = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The records of the order `m` (a row of the keys given as JSON) in events alias `e`. */
export const SAME_ORDER = (alias: string) => `${alias}.workstation_id = m.ws AND ${alias}.order_id = m.oid AND coalesce(${alias}.patient_key, '') = m.pk`;

/** A finding's current verdict: the newest on any record of the same rule and line in the order. */
const FINDING_VERDICTS = `SELECT (
    SELECT v.verdict FROM events g JOIN verdicts v ON v.event_id = g.id
    WHERE ${SAME_ORDER('g')} AND g.rule_id = f.rule_id AND g.line_id IS NOT DISTINCT FROM f.line_id
    ORDER BY v.at DESC, v.id DESC LIMIT 1) AS current
  FROM events f WHERE ${SAME_ORDER('f')} AND f.rule_id IS NOT NULL
  GROUP BY f.rule_id, f.line_id`;

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first, then key descending (code units, as the extension's local review orders them). */
export function newestFirst(a: SelectedOrder, b: SelectedOrder): number {
  return text(b.at, a.at) || text(b.key[0], a.key[0]) || text(b.key[1], a.key[1]) || text(b.key[2], a.key[2]);
}

const keysJson = (keys: readonly OrderKey[]) => JSON.stringify(keys.map(([ws, oid, pk]) => ({ ws, oid, pk })));

/** The first `need` orders after `cursor` (if any) that pass the filters and the verdict filter. */
export async function selectOrders(db: Queryable, filters: EventFilters, verdict: VerdictFilter | undefined, cursor: SelectedOrder | undefined, need: number): Promise<SelectedOrder[]> {
  if (verdict !== undefined && verdict !== 'none') return judgedOrders(db, filters, verdict, cursor, need);
  for (let window = need * 8; ; window *= 4) {
    const where = applyEventFilters(new Where(), filters).addMany('e.order_id IS NOT NULL', []).add('e.at <= ?::timestamptz', cursor?.at);
    const limit = where.bind(window);
    const recent = await db.query<{ ws: string; oid: string; pk: string; at: string }>(
      `SELECT e.workstation_id AS ws, e.order_id AS oid, coalesce(e.patient_key, '') AS pk, ${AT_TEXT('e.at')} AS at
       FROM events e ${where} ORDER BY e.at DESC LIMIT ${limit}`,
      where.values,
    );
    const exhausted = recent.rows.length < window;
    const oldest = recent.rows.at(-1)?.at;
    const keys = [...new Map(recent.rows.map((r) => [JSON.stringify([r.ws, r.oid, r.pk]), [r.ws, r.oid, r.pk] as OrderKey])).values()];
    // The window may hold only older records of an order whose newest is past the cursor: its true
    // newest selected record decides where it belongs.
    let found = (await newestSelected(db, filters, keys))
      .filter((o) => !cursor || newestFirst(cursor, o) < 0)
      .filter((o) => exhausted || oldest === undefined || o.at > oldest)
      .sort(newestFirst);
    if (verdict !== undefined) found = await withVerdict(db, found, verdict);
    if (found.length >= need || exhausted) return found.slice(0, need);
  }
}

/**
 * A verdict filter other than `none` starts from the verdicts (people write them, so they are few):
 * the orders with a judged record, then as above.
 */
async function judgedOrders(db: Queryable, filters: EventFilters, verdict: VerdictFilter, cursor: SelectedOrder | undefined, need: number): Promise<SelectedOrder[]> {
  const judged = await db.query<{ ws: string; oid: string; pk: string }>(
    `SELECT DISTINCT e.workstation_id AS ws, e.order_id AS oid, coalesce(e.patient_key, '') AS pk
     FROM verdicts v JOIN events e ON e.id = v.event_id WHERE e.order_id IS NOT NULL`,
  );
  const found = (await newestSelected(db, filters, judged.rows.map((r): OrderKey => [r.ws, r.oid, r.pk])))
    .filter((o) => !cursor || newestFirst(cursor, o) < 0)
    .sort(newestFirst);
  return (await withVerdict(db, found, verdict)).slice(0, need);
}

async function newestSelected(db: Queryable, filters: EventFilters, keys: readonly OrderKey[]): Promise<SelectedOrder[]> {
  if (keys.length === 0) return [];
  const where = new Where();
  const json = where.bind(keysJson(keys));
  applyEventFilters(where, filters);
  const rows = await db.query<{ ws: string; oid: string; pk: string; at: string }>(
    `SELECT m.ws, m.oid, m.pk, ${AT_TEXT('max(e.at)')} AS at
     FROM jsonb_to_recordset(${json}::jsonb) AS m(ws text, oid text, pk text)
     JOIN events e ON ${SAME_ORDER('e')}
     ${where}
     GROUP BY 1, 2, 3`,
    where.values,
  );
  return rows.rows.map((r) => ({ key: [r.ws, r.oid, r.pk], at: r.at }));
}

/** The orders with a finding whose current verdict is `verdict` (`none`: a finding nobody judged). */
async function withVerdict(db: Queryable, orders: readonly SelectedOrder[], verdict: VerdictFilter): Promise<SelectedOrder[]> {
  if (orders.length === 0) return [];
  const params = verdict === 'none' ? [keysJson(orders.map((o) => o.key))] : [keysJson(orders.map((o) => o.key)), verdict];
  const rows = await db.query<{ ws: string; oid: string; pk: string }>(
    `SELECT m.ws, m.oid, m.pk FROM jsonb_to_recordset($1::jsonb) AS m(ws text, oid text, pk text)
     WHERE EXISTS (SELECT 1 FROM (${FINDING_VERDICTS}) x WHERE ${verdict === 'none' ? 'x.current IS NULL' : 'x.current = $2'})`,
    params,
  );
  const kept = new Set(rows.rows.map((r) => JSON.stringify([r.ws, r.oid, r.pk])));
  return orders.filter((o) => kept.has(JSON.stringify(o.key)));
}
