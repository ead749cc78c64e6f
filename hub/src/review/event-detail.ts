import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import type { EventDetail } from '../../../contract/review/events';
import type { UploadedEvent } from '../../../contract/upload-batch';
import type { Verdict } from '../../../contract/review/verdicts';
import type { EventSource } from '../../../contract/flag-event';
import { eventPayloadSql } from '../events/payload';

/**
 * One event as the review list shows it, plus every verdict ever recorded on it: the dashboard's
 * drill-down, reachable from a shared link without the list around it.
 */

interface EventRow {
  payload: UploadedEvent | string;
  received_at: Date;
  workstation_id: string;
  workstation_label: string | null;
  source: EventSource;
}

interface HistoryRow {
  id: string | number;
  verdict: Verdict;
  comment: string | null;
  reviewer: string;
  reviewer_label: string | null;
  at: Date;
}

export async function eventDetail(db: Queryable, eventId: string): Promise<EventDetail | undefined> {
  const found = await db.query<EventRow>(
    `SELECT ${eventPayloadSql('e')} AS payload, e.received_at, e.workstation_id, t.label AS workstation_label, e.source
     FROM events e LEFT JOIN tokens t ON t.id = e.workstation_id WHERE e.id = $1`,
    [eventId],
  );
  const row = found.rows[0];
  if (!row) return undefined;
  const verdicts = await db.query<HistoryRow>(
    `SELECT v.id, v.verdict, v.comment, v.reviewer, t.label AS reviewer_label, v.at
     FROM verdicts v LEFT JOIN tokens t ON t.id = v.reviewer
     WHERE v.event_id = $1 ORDER BY v.at DESC, v.id DESC`,
    [eventId],
  );
  const history = verdicts.rows.map((v) => ({
    id: Number(v.id),
    verdict: v.verdict,
    comment: v.comment,
    reviewer: v.reviewer,
    reviewerLabel: v.reviewer_label ?? '',
    at: toIso(v.at),
  }));
  const current = history[0];
  return {
    event: typeof row.payload === 'string' ? (JSON.parse(row.payload) as UploadedEvent) : row.payload,
    workstation: { id: row.workstation_id, label: row.workstation_label ?? '' },
    source: row.source,
    receivedAt: toIso(row.received_at),
    verdict: current ? { verdict: current.verdict, comment: current.comment, reviewer: current.reviewer, at: current.at } : null,
    history,
  };
}
