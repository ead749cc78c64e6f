import { z } from 'zod';
import { FilterTimeSchema, queryText } from '../../../contract/review/event-filters';
import type { EventListQuery, EventPage, ListedEvent } from '../../../contract/review/events';
import type { Verdict } from '../../../contract/review/verdicts';
import type { UploadedEvent } from '../../../contract/upload-batch';
import type { EventSource } from '../../../contract/flag-event';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import { Where } from '../db/where';
import { applyEventFilters } from './filters';
import { eventPayloadSql } from './payload';

/** The review list (contract/review/events.ts): the cursor is ours alone, an event's time and id. */

// Microsecond precision: a cursor rounded to milliseconds could skip or repeat events.
const CURSOR_TIME = `to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const CursorSchema = z.tuple([FilterTimeSchema, queryText(64)]);

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class BadCursorError extends Error {}

export async function listEvents(db: Queryable, query: EventListQuery): Promise<EventPage> {
  const where = applyEventFilters(new Where(), query);
  if (query.cursor !== undefined) {
    const position = decodeCursor(query.cursor);
    if (!position) throw new BadCursorError('cursor is not one this hub issued');
    where.addMany('(e.at, e.id) < (?::timestamptz, ?)', position);
  }
  if (query.verdict === 'none') where.addMany('v.verdict IS NULL', []);
  else where.add('v.verdict = ?', query.verdict);
  // One row more than asked tells whether another page exists.
  const limit = where.bind(query.limit + 1);
  const result = await db.query<ListRow>(
    `SELECT e.id, ${CURSOR_TIME} AS at_key, ${eventPayloadSql('e')} AS payload, e.received_at, e.workstation_id, t.label AS workstation_label, e.source,
            v.verdict, v.comment AS verdict_comment, v.reviewer, v.at AS verdict_at
     FROM events e
     LEFT JOIN tokens t ON t.id = e.workstation_id
     LEFT JOIN LATERAL (
       SELECT verdict, comment, reviewer, at FROM verdicts WHERE event_id = e.id ORDER BY at DESC, id DESC LIMIT 1
     ) v ON true
     ${where}
     ORDER BY e.at DESC, e.id DESC
     LIMIT ${limit}`,
    where.values,
  );
  const rows = result.rows.slice(0, query.limit);
  const last = rows.at(-1);
  return {
    events: rows.map(toListed),
    nextCursor: result.rows.length > query.limit && last ? encodeCursor(last.at_key, last.id) : null,
  };
}

interface ListRow {
  id: string;
  at_key: string;
  payload: UploadedEvent | string;
  received_at: Date;
  workstation_id: string;
  workstation_label: string | null;
  source: EventSource;
  verdict: Verdict | null;
  verdict_comment: string | null;
  reviewer: string | null;
  verdict_at: Date | null;
}

function toListed(row: ListRow): ListedEvent {
  return {
    event: typeof row.payload === 'string' ? (JSON.parse(row.payload) as UploadedEvent) : row.payload,
    workstation: { id: row.workstation_id, label: row.workstation_label ?? '' },
    source: row.source,
    receivedAt: toIso(row.received_at),
    verdict:
      row.verdict === null
        ? null
        : { verdict: row.verdict, comment: row.verdict_comment, reviewer: row.reviewer ?? '', at: toIso(row.verdict_at!) },
  };
}
