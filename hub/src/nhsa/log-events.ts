import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { CheckResult, Finding } from '../../../contract/findings';
import { FlagEventSchema, MAX_AMOUNT_AT_RISK, MAX_LOGGED_BASIS, MAX_LOGGED_MESSAGE, type EventContext, type FlagEvent } from '../../../contract/flag-event';
import { orderSummary } from '../../../contract/order-summary';
import type { Order } from '../../../contract/order';
import { groupByRef, jrIdOf } from '../../../rules/interop/finding-ref';
import { eventRow, type EventRow } from '../events/row';
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

export function contextOf(order: Order, salt: string): EventContext {
  const context: EventContext = { patientKey: patientDigest(salt, order.patient.key) };
  const department = order.encounter.department?.trim().slice(0, 100);
  if (department) context.department = department;
  const prescriber = order.prescriber?.id.slice(0, 64);
  if (prescriber) context.prescriberId = prescriber;
  return context;
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

function findingShown(call: CallContext, order: Order, primary: Finding, amount: number | undefined, timings: CheckTimings, packVersion: string, jrId: string): FlagEvent {
  const lineCode = order.lines.find((l) => l.id === primary.lineId)?.code.slice(0, 64);
  const finding: Extract<FlagEvent, { type: 'finding-shown' }>['finding'] = { ruleId: primary.ruleId, kind: primary.kind, severity: primary.severity };
  if (primary.lineId !== undefined) finding.lineId = primary.lineId;
  if (lineCode !== undefined) finding.lineCode = lineCode;
  if (primary.message) finding.message = primary.message.slice(0, MAX_LOGGED_MESSAGE);
  if (primary.basis?.trim()) finding.basis = primary.basis.trim().slice(0, MAX_LOGGED_BASIS);
  const bounded = clampAmount(amount);
  if (bounded !== undefined) finding.amountAtRisk = bounded;
  return {
    id: eventId(call, 'shown', jrId),
    ...baseOf(call),
    packVersion,
    orderId: order.id.slice(0, 200),
    context: contextOf(order, call.patientSalt),
    type: 'finding-shown',
    finding,
    // A 事前提醒 result is put in front of the doctor by the HIS, which asks for a disposition (3103).
    mode: 'interruptive',
    timings: { extractMs: timings.extractMs, engineMs: timings.engineMs, renderMs: 0, totalMs: timings.totalMs },
    order: orderSummary(order),
  };
}

/** The records of one answered check: what the HIS was told, order by order. */
export function checkEventRows(call: CallContext, orders: readonly Order[], results: readonly CheckResult[], packVersion: string, timings: CheckTimings): EventRow[] {
  const rows: (EventRow | undefined)[] = [];
  results.forEach((result, i) => {
    const order = orders[i]!;
    const groups = groupByRef(order.id, result.findings);
    for (const { ref, findings } of groups) {
      const amounts = findings.map((f) => f.amountAtRisk).filter((a): a is number => a !== undefined);
      const jrId = jrIdOf(ref);
      rows.push(toRow(findingShown(call, order, findings[0], amounts.length ? Math.max(...amounts) : undefined, timings, packVersion, jrId), call, jrId));
    }
    const check: FlagEvent = {
      id: eventId(call, 'check', order.id),
      ...baseOf(call),
      packVersion,
      orderId: order.id.slice(0, 200),
      context: contextOf(order, call.patientSalt),
      type: 'submit-check',
      outcome: groups.length > 0 ? 'review' : 'clean',
      waitedMs: timings.totalMs,
      order: orderSummary(order),
    };
    rows.push(toRow(check, call));
  });
  return rows.filter((r): r is EventRow => r !== undefined);
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
