import {
  MAX_LOGGED_BASIS,
  MAX_LOGGED_MESSAGE,
  PSEUDONYMOUS_KEY_PATTERN,
  RecordedFlagEventSchema,
  type FlagEventDraft,
  type LoggedFinding,
  type RecordedContext,
  type RecordedFlagEvent,
} from '../../contract/flag-event';
import { UNKNOWN_PATIENT_KEY } from '../../adapters/patient-key';
import type { Finding } from '../../contract/findings';
import type { Order } from '../../contract/order';
import { orderSummary } from '../../contract/order-summary';
import { randomId } from './random-id';

/**
 * Stamps drafts with id, time, session, page and the order's context (and, on shown findings and
 * submissions, the order's lines and diagnoses), and hands them to the sender.
 */
export interface FlagRecorder {
  record(draft: FlagEventDraft): void;
  /**
   * The order as just read from the page: later events about it (by order id) carry its
   * department, prescriber and pseudonymous patient key; shown findings and submission checks
   * also its lines and diagnoses (contract/order-summary.ts).
   */
  noteOrder?(order: Order | null | undefined): void;
}

/** Orders remembered for their context: a form holds one order, a few more cover quick re-reads. */
const REMEMBERED_ORDERS = 20;

export interface FlagRecorderOptions {
  sessionId: string;
  profileId: string;
  /** The page URL; only its origin and path are kept. */
  url: string;
  sink: (event: RecordedFlagEvent) => void;
  clock?: () => Date;
  newId?: () => string;
  /** Called with drafts that fail the schema: a bug on our side, never the page's fault. */
  onInvalid?: (draft: FlagEventDraft, message: string) => void;
}

export function pageOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`.slice(0, 500);
  } catch {
    return '';
  }
}

/**
 * What the flag log may know about an order besides its id. The patient key goes only in its
 * pseudonymous form (the background digests it); `p-unknown` and anything that does not look like
 * an adapter key are left out. Values too long for the schema are left out rather than cut, so a
 * truncated id never merges two doctors.
 */
export function orderContext(order: Order): RecordedContext | undefined {
  const department = order.encounter.department?.trim();
  const prescriberId = order.prescriber?.id.trim();
  const patientKey = order.patient.key;
  const context: RecordedContext = {
    ...(department && department.length <= 100 ? { department } : {}),
    ...(prescriberId && prescriberId.length <= 64 ? { prescriberId } : {}),
    ...(patientKey !== UNKNOWN_PATIENT_KEY && PSEUDONYMOUS_KEY_PATTERN.test(patientKey) ? { patientKey } : {}),
  };
  return Object.keys(context).length > 0 ? context : undefined;
}

export function createFlagRecorder(options: FlagRecorderOptions): FlagRecorder {
  const clock = options.clock ?? (() => new Date());
  // randomId, not crypto.randomUUID: plain-http EMR pages are not a secure context and lack the latter.
  const newId = options.newId ?? randomId;
  const page = pageOf(options.url);
  const contexts = new Map<string, RecordedContext>();
  const orders = new Map<string, Order>();
  return {
    noteOrder(order) {
      if (!order) return;
      const context = orderContext(order);
      contexts.delete(order.id); // re-inserted last: the map's order is the forgetting order
      if (context) contexts.set(order.id, context);
      while (contexts.size > REMEMBERED_ORDERS) contexts.delete(contexts.keys().next().value!);
      orders.delete(order.id);
      orders.set(order.id, order);
      while (orders.size > REMEMBERED_ORDERS) orders.delete(orders.keys().next().value!);
    },
    record(draft) {
      const orderId = 'orderId' in draft ? draft.orderId : undefined;
      const context = orderId !== undefined ? contexts.get(orderId) : undefined;
      // A shown finding and a submission carry the order as last read (its lines and diagnoses,
      // never the patient), so the 质控 reviews the prescription, not a rule id (issue #11).
      const noted = orderId !== undefined && (draft.type === 'finding-shown' || draft.type === 'submit-check') && !draft.order ? orders.get(orderId) : undefined;
      const parsed = RecordedFlagEventSchema.safeParse({
        ...draft,
        ...(noted ? { order: orderSummary(noted) } : {}),
        id: newId(),
        at: clock().toISOString(),
        sessionId: options.sessionId,
        profileId: options.profileId,
        page,
        ...(context ? { context } : {}),
      });
      if (parsed.success) options.sink(parsed.data);
      else options.onInvalid?.(draft, parsed.error.message.slice(0, 300));
    },
  };
}

/**
 * The logged form of a finding: identity, line code, and the message and 依据 the doctor read
 * (cut to their bounds: a cut text still says what was shown, a refused record says nothing).
 */
export function loggedFinding(finding: Finding, order: Order | null | undefined): LoggedFinding {
  const line = finding.lineId === undefined ? undefined : order?.lines.find((l) => l.id === finding.lineId);
  const basis = finding.basis?.trim();
  return {
    ruleId: finding.ruleId,
    kind: finding.kind,
    severity: finding.severity,
    ...(finding.lineId !== undefined ? { lineId: finding.lineId } : {}),
    ...(finding.amountAtRisk !== undefined ? { amountAtRisk: finding.amountAtRisk } : {}),
    ...(line ? { lineCode: line.code.slice(0, 64) } : {}),
    ...(finding.message ? { message: finding.message.slice(0, MAX_LOGGED_MESSAGE) } : {}),
    ...(basis ? { basis: basis.slice(0, MAX_LOGGED_BASIS) } : {}),
  };
}
