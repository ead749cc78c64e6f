import type { UploadedEvent } from '../../../contract/upload-batch';
import type { EventSource } from '../../../contract/flag-event';
import type { OrderSummary } from '../../../contract/order-summary';

/**
 * A record as the hub stores it: the record itself and what the hub adds to it. The columns the
 * `events` table is filtered and aggregated by (type, at, rule, department …) are lifted out of
 * the record by the insert statement (ingest.ts, EVENT_COLUMNS), so the record travels to the
 * database once rather than beside a copy of half its fields.
 */
export interface EventRow {
  workstation_id: string;
  source: EventSource;
  jr_id: string | null;
  /** The order summary stored apart (order_summaries), when the payload does not carry it. */
  summary_id: string | null;
  payload: UploadedEvent;
}

/** An order summary stored once for the records that name it (migration 009, hub/src/events/payload.ts). */
export interface StoredSummary {
  id: string;
  summary: OrderSummary;
}

/** What the hub adds to a record besides the workstation: set only by the hub's own 3101 service. */
export interface EventStamp {
  source?: EventSource;
  /** The 3101 jr_id the finding was answered under. */
  jrId?: string;
  /** The order summary this record's payload leaves out, stored apart under this id. */
  summaryId?: string;
}

export function eventRow(event: UploadedEvent, workstationId: string, stamp: EventStamp = {}): EventRow {
  return {
    workstation_id: workstationId,
    source: stamp.source ?? 'extension',
    jr_id: stamp.jrId ?? null,
    summary_id: stamp.summaryId ?? null,
    payload: event,
  };
}
