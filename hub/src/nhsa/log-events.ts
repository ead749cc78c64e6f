import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { CheckResult, Finding } from '../../../contract/findings';
import {
  FlagEventSchema,
  MAX_AMOUNT_AT_RISK,
  MAX_LOGGED_BASIS,
  MAX_LOGGED_MESSAGE,
  storableText,
  type EventContext,
  type FlagEvent,
  type LoggedFinding,
} from '../../../contract/flag-event';
import { orderSummary, summaryFits } from '../../../contract/order-summary';
import type { Order } from '../../../contract/order';
import { groupByRef } from '../../../rules/interop/finding-ref';
import { eventRow, type EventRow, type EventStamp, type StoredSummary } from '../events/row';
import type { Receipt } from './envelope';

/**
 * The 3101 service's checks as flag-log records, the same records the extension uploads, so the
 * review, the statistics and the monthly report count them with everything else. Per checked
 * order: a `submit-check` (clean or review), and a `finding-shown` per 3101 result (one per rule
 * and line, the jr_id the HIS answers in 3103). The patient is a digest, as on the workstations;
 * names and 参保人 ids are never stored.
 */

export interface CallContext {
  workstationId: string;
  receipt: Receipt;
  infno: string;
  msgid: string | undefined;
  /** Secret salt of patient digests (derived from the hub's pepper: never in the database). */
  patientSalt: string;
}

const SOURCE = 'his-3101' as const;

/** A salt for patient digests that only this hub can reproduce. */
export function patientSaltOf(pepper: Buffer): string {
  return createHmac('sha256', pepper).update('preflight-hub his-3101 patient digest').digest('hex');
}

/** SHA-256 over `salt:pseudonymousKey`, the extension's form (log/patient-digest.ts), with the hub's salt. */
export function patientDigest(salt: string, pseudonymousKey: string): string {
  return createHash('sha256').update(`${salt}:${pseudonymousKey}`, 'utf8').digest('hex');
}

/**
 * A record id: derived from the calling system, its message id and what the record is about when
 * the message has an id, so a HIS re-sending a message after a timeout stores nothing twice.
 */
export function eventId(call: CallContext, ...about: string[]): string {
  if (call.msgid === undefined) return `his-${randomUUID()}`;
  const digest = createHash('sha256').update([call.workstationId, call.infno, call.msgid, ...about].join('\u0000')).digest('hex');
  return `his-${digest.slice(0, 40)}`;
}

export function baseOf(call: CallContext, sessionSuffix = '') {
  return {
    at: call.receipt.at.toISOString(),
    // One HIS message is one "session": its records belong together.
    sessionId: `${(call.msgid ?? call.receipt.refmsgid).slice(0, 60)}${sessionSuffix}`.slice(0, 64),
    profileId: `nhsa-${call.infno}`,
    page: `/api/v1/nhsa/${call.infno}`,
  };
}

const clampAmount = (amount: number | undefined) => (amount === undefined ? undefined : Math.min(Math.max(amount, 0), MAX_AMOUNT_AT_RISK));

/** Validated as an upload would be; a record the schema refuses is left out, never the answer. */
export function toRow(event: unknown, call: CallContext, jrId?: string): EventRow | undefined {
  const parsed = FlagEventSchema.safeParse(event);
  if (!parsed.success) {
    console.warn(`[hub] 3101 日志记录不合格，未保存 / a service record failed the schema: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    return undefined;
  }
  return eventRow(parsed.data, call.workstationId, jrId === undefined ? { source: SOURCE } : { source: SOURCE, jrId });
}

export interface CheckTimings {
  extractMs: number;
  engineMs: number;
  totalMs: number;
}

/** The records of one answered check, and the order summaries they name (stored once per order). */
export interface CheckRecords {
  rows: EventRow[];
  summaries: StoredSummary[];
}

/*
 * The check records are built here as the schema would leave them, not run through it: a
 * national-size request logs about twenty records, and validating each (with its order summary)
 * cost more than checking the order. Every text that comes from the HIS's message goes through
 * storableText with its schema bound; numbers are clamped to theirs; ids, times, digests and
 * codes the service makes itself are within bounds by construction; a record whose message or
 * order id is left empty (NULs only) is refused, as an upload would be.
 * tests/hub/nhsa-records.test.ts holds this against FlagEventSchema for the golden orders and for
 * hostile texts.
 */

const millis = (ms: number) => Math.min(Math.max(ms, 0), 3_600_000);

/** A text from the HIS that the schema wants non-empty, or undefined when nothing storable is left. */
const nonEmpty = (text: string | undefined, max: number) => {
  const out = text === undefined ? '' : storableText(text, max);
  return out === '' ? undefined : out;
};

/** Department, doctor and the patient's digest: never the patient's identifiers. */
export function contextOf(order: Order, salt: string): EventContext {
  const context: EventContext = { patientKey: patientDigest(salt, order.patient.key) };
  const department = nonEmpty(order.encounter.department?.trim(), 100);
  if (department) context.department = department;
  const prescriber = nonEmpty(order.prescriber?.id, 64);
  if (prescriber) context.prescriberId = prescriber;
  return context;
}

/**
 * The order's summary as stored once (order_summaries), keyed by a digest of its content: the
 * same prescription checked again shares the row. orderSummary makes it fit the schema; an order
 * whose summary cannot (a line id of NULs only) is logged without one rather than not at all.
 */
export function storedSummaryOf(order: Order): StoredSummary | undefined {
  const summary = orderSummary(order);
  if (!summaryFits(summary)) return undefined;
  return { id: createHash('sha256').update(JSON.stringify(summary)).digest('hex'), summary };
}

type CheckEvent = Extract<FlagEvent, { type: 'finding-shown' | 'submit-check' }>;

interface OrderBase {
  at: string;
  sessionId: string;
  profileId: string;
  page: string;
  packVersion: string;
  orderId: string;
  context: EventContext;
}

function findingOf(order: Order, primary: Finding, amount: number | undefined): LoggedFinding {
  const finding: LoggedFinding = { ruleId: storableText(primary.ruleId), kind: primary.kind, severity: primary.severity };
  if (primary.lineId !== undefined) {
    finding.lineId = storableText(primary.lineId);
    const lineCode = order.lines.find((l) => l.id === primary.lineId)?.code;
    if (lineCode !== undefined) finding.lineCode = storableText(lineCode, 64);
  }
  if (primary.message) finding.message = storableText(primary.message, MAX_LOGGED_MESSAGE);
  const basis = primary.basis?.trim();
  if (basis) finding.basis = storableText(basis, MAX_LOGGED_BASIS);
  const bounded = clampAmount(amount);
  if (bounded !== undefined) finding.amountAtRisk = bounded;
  return finding;
}

/** The records of one answered check: what the HIS was told, order by order. */
export function checkRecords(call: CallContext, orders: readonly Order[], results: readonly CheckResult[], packVersion: string, timings: CheckTimings): CheckRecords {
  const rows: (EventRow | undefined)[] = [];
  const summaries = new Map<string, StoredSummary>();
  const stored = baseOf(call);
  const sessionId = storableText(stored.sessionId, 64);
  const logged = { extractMs: millis(timings.extractMs), engineMs: millis(timings.engineMs), renderMs: 0, totalMs: millis(timings.totalMs) };
  const row = (event: CheckEvent, jrId: string | undefined, summary: StoredSummary | undefined): EventRow | undefined => {
    // The schema wants both non-empty; a message id or order id of NULs only leaves nothing.
    if (event.sessionId === '' || event.orderId === '') {
      console.warn(`[hub] 3101 日志记录不合格，未保存 / a service record failed the schema: ${event.sessionId === '' ? 'sessionId' : 'orderId'}`);
      return undefined;
    }
    const stamp: EventStamp = { source: SOURCE };
    if (jrId !== undefined) stamp.jrId = jrId;
    if (summary !== undefined) stamp.summaryId = summary.id;
    return eventRow(event, call.workstationId, stamp);
  };
  results.forEach((result, i) => {
    const order = orders[i]!;
    const summary = storedSummaryOf(order);
    if (summary) summaries.set(summary.id, summary);
    const base: OrderBase = {
      ...stored,
      sessionId,
      packVersion,
      orderId: storableText(order.id, 200),
      context: contextOf(order, call.patientSalt),
    };
    const groups = groupByRef(order.id, result.findings);
    for (const { jrId, findings } of groups) {
      const amounts = findings.map((f) => f.amountAtRisk).filter((a): a is number => a !== undefined);
      const shown: CheckEvent = {
        id: eventId(call, 'shown', jrId),
        ...base,
        type: 'finding-shown',
        finding: findingOf(order, findings[0], amounts.length ? Math.max(...amounts) : undefined),
        // A 事前提醒 result is put in front of the doctor by the HIS, which asks for a disposition (3103).
        mode: 'interruptive',
        timings: logged,
      };
      rows.push(row(shown, jrId, summary));
    }
    const check: CheckEvent = {
      id: eventId(call, 'check', order.id),
      ...base,
      type: 'submit-check',
      outcome: groups.length > 0 ? 'review' : 'clean',
      waitedMs: logged.totalMs,
    };
    rows.push(row(check, undefined, summary));
  });
  const kept = rows.filter((r): r is EventRow => r !== undefined);
  // Only the summaries a stored record names.
  const named = new Set(kept.map((r) => r.summary_id));
  return { rows: kept, summaries: [...summaries.values()].filter((s) => named.has(s.id)) };
}

/** A check the service could not make (no usable pack), so the 医保办 sees HIS calls that went unchecked. */
export function incompleteRow(call: CallContext, orderId: string | undefined, elapsedMs: number): EventRow | undefined {
  const event: FlagEvent = {
    id: eventId(call, 'incomplete'),
    ...baseOf(call),
    type: 'check-incomplete',
    reason: 'no-pack',
    during: 'submit',
    elapsedMs,
    ...(orderId === undefined ? {} : { orderId: orderId.slice(0, 200) }),
  };
  return toRow(event, call);
}
