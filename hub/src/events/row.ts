import type { UploadedEvent } from '../../../contract/upload-batch';
import type { EventSource } from '../../../contract/flag-event';
import type { OrderSummary } from '../../../contract/order-summary';

/**
 * The columns an event is filtered and aggregated by, lifted out of the record. Keys match the
 * `events` table's column names; everything else stays in `payload`.
 */
export interface EventRow {
  id: string;
  type: string;
  at: string;
  workstation_id: string;
  session_id: string;
  profile_id: string;
  page: string;
  pack_version: string | null;
  order_id: string | null;
  rule_id: string | null;
  kind: string | null;
  severity: string | null;
  line_id: string | null;
  line_code: string | null;
  amount_at_risk: number | null;
  mode: string | null;
  decision: string | null;
  reason_code: string | null;
  outcome: string | null;
  total_ms: number | null;
  department: string | null;
  prescriber_id: string | null;
  patient_key: string | null;
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
  const finding = 'finding' in event ? event.finding : undefined;
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    workstation_id: workstationId,
    session_id: event.sessionId,
    profile_id: event.profileId,
    page: event.page,
    pack_version: event.packVersion ?? null,
    order_id: 'orderId' in event ? (event.orderId ?? null) : null,
    rule_id: finding?.ruleId ?? null,
    kind: finding?.kind ?? null,
    severity: finding?.severity ?? null,
    line_id: finding?.lineId ?? null,
    line_code: finding?.lineCode ?? null,
    amount_at_risk: finding?.amountAtRisk ?? null,
    mode: event.type === 'finding-shown' ? event.mode : null,
    decision: event.type === 'decision' ? event.decision.decision : null,
    reason_code: event.type === 'decision' ? (event.decision.reasonCode ?? null) : null,
    outcome: event.type === 'submit-check' || event.type === 'review' ? event.outcome : null,
    total_ms: event.type === 'finding-shown' ? event.timings.totalMs : null,
    department: event.context?.department ?? null,
    prescriber_id: event.context?.prescriberId ?? null,
    patient_key: event.context?.patientKey ?? null,
    source: stamp.source ?? 'extension',
    jr_id: stamp.jrId ?? null,
    summary_id: stamp.summaryId ?? null,
    payload: event,
  };
}
