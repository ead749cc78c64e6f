import { z } from 'zod';
import { FilterTimeSchema } from '../../../contract/review/event-filters';
import type { ListedEvent } from '../../../contract/review/events';
import { buildOrderGroup, orderKeyOf } from '../../../contract/review/group-orders';
import { decodeOrderKey, type OrderGroup, type OrderKey, type OrderListQuery, type OrderPage } from '../../../contract/review/orders';
import type { VerdictHistoryEntry } from '../../../contract/review/verdicts';
import type { UploadedEvent } from '../../../contract/upload-batch';
import type { EventSource } from '../../../contract/flag-event';
import type { Verdict } from '../../../contract/review/verdicts';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import { SAME_ORDER, selectOrders, type SelectedOrder } from './order-selection';
import { VERDICT_STATE } from './final-verdict';
import { appealSteps } from './appeal-steps';
import type { VerdictState } from '../../../contract/review/verdicts';
import { eventPayloadSql } from '../events/payload';

/**
 * Review by prescription on the hub: which orders the filters select (SQL, newest first, paged by
 * a cursor of our own), then every record of those orders, built into one row each by the code the
 * extension's local review uses too (contract/review/group-orders.ts).
 *
 * An order is selected when any of its records passes the filters; it is then shown whole. The
 * verdict filter looks at findings only: a finding's verdict is the newest recorded on any of its
 * records (a rule on a line of the order), and submission checks have none.
 */

const CursorSchema = z.tuple([FilterTimeSchema, z.string().min(1).max(64), z.string().min(1).max(200), z.string().max(64)]);

export class BadOrderCursorError extends Error {}

function encodeCursor(order: SelectedOrder): string {
  return Buffer.from(JSON.stringify([order.at, ...order.key]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): SelectedOrder {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return { at: parsed.data[0], key: [parsed.data[1], parsed.data[2], parsed.data[3]] };
  } catch {
    // Falls through.
  }
  throw new BadOrderCursorError('cursor is not one this hub issued');
}

export async function listOrders(db: Queryable, query: OrderListQuery): Promise<OrderPage> {
  const { limit, cursor, verdict, ...filters } = query;
  const selected = await selectOrders(db, filters, verdict, cursor === undefined ? undefined : decodeCursor(cursor), limit + 1);
  const page = selected.slice(0, limit);
  const events = await eventsOfOrders(db, page.map((o) => o.key));
  const orders = page.map((o) => buildOrderGroup(o.key, events.get(JSON.stringify(o.key))!, toIso(o.at)));
  const last = page.at(-1);
  return { orders, nextCursor: selected.length > limit && last ? encodeCursor(last) : null };
}

/** One order with every verdict on its findings; undefined when the key names no recorded order. */
export async function orderDetail(db: Queryable, keyText: string): Promise<OrderGroup | undefined> {
  const key = decodeOrderKey(keyText);
  if (!key) return undefined;
  const events = (await eventsOfOrders(db, [key])).get(JSON.stringify(key));
  if (!events || events.length === 0) return undefined;
  const history = await db.query<HistoryRow>(
    `SELECT v.id, v.event_id, v.verdict, v.comment, v.reviewer, t.label AS reviewer_label, v.at, v.appeal_until, ${VERDICT_STATE('v', 'a')} AS state
     FROM verdicts v LEFT JOIN tokens t ON t.id = v.reviewer LEFT JOIN appeals a ON a.verdict_id = v.id
     WHERE v.event_id IN (SELECT value FROM jsonb_array_elements_text($1::jsonb))
     ORDER BY v.at DESC, v.id DESC`,
    [JSON.stringify(events.map((e) => e.event.id))],
  );
  const histories = new Map<string, VerdictHistoryEntry[]>();
  // Each verdict's appeal and decision: the finding's history shows every step.
  const appeals = await appealSteps(db, history.rows.map((v) => Number(v.id)));
  for (const v of history.rows) {
    const entry: VerdictHistoryEntry = {
      id: Number(v.id),
      verdict: v.verdict,
      comment: v.comment,
      reviewer: v.reviewer,
      reviewerLabel: v.reviewer_label ?? '',
      at: toIso(v.at),
      state: v.state,
      appealUntil: v.appeal_until === null ? null : toIso(v.appeal_until),
    };
    const appeal = appeals.get(entry.id);
    if (appeal) entry.appeal = appeal;
    const list = histories.get(v.event_id);
    if (list) list.push(entry);
    else histories.set(v.event_id, [entry]);
  }
  return buildOrderGroup(key, events, undefined, histories);
}

/** Every record of the given orders with its current verdict and where it stands, by order (key as JSON). */
export async function eventsOfOrders(db: Queryable, keys: readonly OrderKey[]): Promise<Map<string, ListedEvent[]>> {
  const byOrder = new Map<string, ListedEvent[]>(keys.map((key) => [JSON.stringify(key), []]));
  if (keys.length === 0) return byOrder;
  const result = await db.query<EventRow>(
    `SELECT ${eventPayloadSql('e')} AS payload, e.received_at, e.workstation_id, t.label AS workstation_label, e.source,
            v.verdict, v.comment AS verdict_comment, v.reviewer, v.at AS verdict_at, v.appeal_until, v.state
     FROM jsonb_to_recordset($1::jsonb) AS m(ws text, oid text, pk text)
     JOIN events e ON ${SAME_ORDER('e')}
     LEFT JOIN tokens t ON t.id = e.workstation_id
     LEFT JOIN LATERAL (
       SELECT lv.verdict, lv.comment, lv.reviewer, lv.at, lv.appeal_until, ${VERDICT_STATE('lv', 'la')} AS state
       FROM (SELECT id, verdict, comment, reviewer, at, appeal_until FROM verdicts WHERE event_id = e.id ORDER BY at DESC, id DESC LIMIT 1) lv
       LEFT JOIN appeals la ON la.verdict_id = lv.id
     ) v ON true`,
    [JSON.stringify(keys.map(([ws, oid, pk]) => ({ ws, oid, pk })))],
  );
  for (const row of result.rows) {
    const listed = toListed(row);
    const key = orderKeyOf(listed);
    if (key) byOrder.get(JSON.stringify(key))?.push(listed);
  }
  return byOrder;
}

interface EventRow {
  payload: UploadedEvent | string;
  received_at: Date;
  workstation_id: string;
  workstation_label: string | null;
  source: EventSource;
  verdict: Verdict | null;
  verdict_comment: string | null;
  reviewer: string | null;
  verdict_at: Date | null;
  appeal_until: Date | null;
  state: VerdictState | null;
}

interface HistoryRow {
  id: string | number;
  event_id: string;
  verdict: Verdict;
  comment: string | null;
  reviewer: string;
  reviewer_label: string | null;
  at: Date;
  appeal_until: Date | null;
  state: VerdictState;
}

function toListed(row: EventRow): ListedEvent {
  return {
    event: typeof row.payload === 'string' ? (JSON.parse(row.payload) as UploadedEvent) : row.payload,
    workstation: { id: row.workstation_id, label: row.workstation_label ?? '' },
    source: row.source,
    receivedAt: toIso(row.received_at),
    verdict:
      row.verdict === null
        ? null
        : {
            verdict: row.verdict,
            comment: row.verdict_comment,
            reviewer: row.reviewer ?? '',
            at: toIso(row.verdict_at!),
            ...(row.state ? { state: row.state } : {}),
            appealUntil: row.appeal_until === null ? null : toIso(row.appeal_until),
          },
  };
}
