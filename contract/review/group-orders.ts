import type { FlagEvent, LoggedFinding } from '../flag-event';
import type { OrderSummary } from '../order-summary';
import type { ListedEvent } from './events';
import { encodeOrderKey, type OrderFinding, type OrderGroup, type OrderKey, type OrderOutcome, type OrderStep } from './orders';
import type { VerdictFilter } from './review-filters';
import type { CurrentVerdict, VerdictHistoryEntry } from './verdicts';

/**
 * One prescription out of its flag events: the same function on the hub (over rows read from
 * PostgreSQL) and in the extension (over its Dexie log), so both show the same order the same way.
 */

/** The order an event belongs to, or undefined for events about no order (a broken page). */
export function orderKeyOf(listed: Pick<ListedEvent, 'event' | 'workstation'>): OrderKey | undefined {
  const event = listed.event;
  const orderId = 'orderId' in event ? event.orderId : undefined;
  if (!orderId) return undefined;
  return [listed.workstation.id, orderId, event.context?.patientKey ?? ''];
}

/** Events in time order, ties by id: the order every step below reads them in. */
const chronological = (a: ListedEvent, b: ListedEvent) => Date.parse(a.event.at) - Date.parse(b.event.at) || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);

const findingOf = (event: FlagEvent): LoggedFinding | undefined => ('finding' in event ? event.finding : undefined);

function summaryOf(event: FlagEvent): OrderSummary | undefined {
  return event.type === 'finding-shown' || event.type === 'submit-check' ? event.order : undefined;
}

const newerVerdict = (a: CurrentVerdict | null, b: CurrentVerdict | null) => (b && (!a || Date.parse(b.at) > Date.parse(a.at)) ? b : a);

function buildFinding(records: readonly ListedEvent[], histories: ReadonlyMap<string, readonly VerdictHistoryEntry[]> | undefined): OrderFinding {
  const shown = records.filter((r) => r.event.type === 'finding-shown');
  // The text as last shown is what the doctor last read; any record of the finding will do without.
  const main = findingOf((shown.at(-1) ?? records.at(-1)!).event)!;
  const withText = [...records].reverse().map((r) => findingOf(r.event)!);
  const decisionRecord = [...records].reverse().find((r) => r.event.type === 'decision');
  const objectionRecord = [...records].reverse().find((r) => r.event.type === 'objection');
  let verdict: CurrentVerdict | null = null;
  let judged: ListedEvent | undefined;
  for (const record of records) {
    const newer = newerVerdict(verdict, record.verdict);
    if (newer !== verdict) [verdict, judged] = [newer, record];
  }
  const anchor = judged ?? shown[0] ?? records[0]!;
  const finding: OrderFinding = {
    ruleId: main.ruleId,
    kind: main.kind,
    severity: main.severity,
    verdictEventId: anchor.event.id,
    verdict,
    eventIds: records.map((r) => r.event.id),
  };
  if (main.lineId !== undefined) finding.lineId = main.lineId;
  const lineCode = withText.find((f) => f.lineCode)?.lineCode;
  if (lineCode) finding.lineCode = lineCode;
  const message = withText.find((f) => f.message)?.message;
  if (message) finding.message = message;
  const basis = withText.find((f) => f.basis)?.basis;
  if (basis) finding.basis = basis;
  if (main.amountAtRisk !== undefined) finding.amountAtRisk = main.amountAtRisk;
  const last = shown.at(-1)?.event;
  if (last?.type === 'finding-shown') finding.mode = last.mode;
  if (shown[0]) finding.shownAt = shown[0].event.at;
  if (decisionRecord?.event.type === 'decision') {
    const d = decisionRecord.event.decision;
    finding.decision = { decision: d.decision, at: decisionRecord.event.at, eventId: decisionRecord.event.id };
    if (d.reason) finding.decision.reason = d.reason;
    if (d.reasonCode) finding.decision.reasonCode = d.reasonCode;
    if (d.action) finding.decision.action = d.action;
  }
  if (objectionRecord?.event.type === 'objection') {
    finding.objection = { at: objectionRecord.event.at, eventId: objectionRecord.event.id, ...(objectionRecord.event.reason ? { reason: objectionRecord.event.reason } : {}) };
  }
  if (histories) {
    finding.history = records
      .flatMap((r) => histories.get(r.event.id) ?? [])
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
  }
  return finding;
}

function stepOf(listed: ListedEvent): OrderStep | undefined {
  const event = listed.event;
  const base = { at: event.at, eventId: event.id };
  if (event.type === 'submit-check') return { ...base, type: event.type, outcome: event.outcome };
  if (event.type === 'review') return { ...base, type: event.type, outcome: event.outcome, findingCount: event.findingCount };
  if (event.type === 'check-incomplete') return { ...base, type: event.type, outcome: event.reason };
  return undefined;
}

/**
 * What became of the order: the last submission decides. A clean submission after a correction
 * (a finding changed or removed, or a review the doctor went back from) is 修改后提交; a held
 * submission is decided by the review that answered it.
 */
export function orderOutcome(steps: readonly OrderStep[], findings: readonly OrderFinding[]): OrderOutcome {
  let outcome: OrderOutcome = 'not-submitted';
  let corrected = findings.some((f) => f.decision?.decision === 'modified' || f.decision?.decision === 'removed-line');
  for (const step of steps) {
    if (step.type === 'review') {
      outcome = step.outcome === 'continued' ? 'continued' : 'returned';
      if (step.outcome === 'returned') corrected = true;
    } else if (step.type === 'submit-check') {
      if (step.outcome === 'clean') outcome = corrected ? 'corrected' : 'clean';
      else if (step.outcome !== 'review') outcome = 'unchecked';
    }
  }
  return outcome;
}

/**
 * The order of `key` from all its events (in any order). `at` is the newest event the list's
 * filters selected; `histories` (event id → verdicts, newest first) fills each finding's history.
 */
export function buildOrderGroup(key: OrderKey, events: readonly ListedEvent[], at?: string, histories?: ReadonlyMap<string, readonly VerdictHistoryEntry[]>): OrderGroup {
  const sorted = [...events].sort(chronological);
  const first = sorted[0]!;
  const newest = sorted.at(-1)!;
  const byFinding = new Map<string, ListedEvent[]>();
  for (const listed of sorted) {
    const finding = findingOf(listed.event);
    if (!finding) continue;
    const id = `${finding.ruleId}\u0000${finding.lineId ?? ''}`;
    const list = byFinding.get(id);
    if (list) list.push(listed);
    else byFinding.set(id, [listed]);
  }
  const findings = [...byFinding.values()].map((records) => buildFinding(records, histories));
  const steps = sorted.map(stepOf).filter((s): s is OrderStep => s !== undefined);
  const withContext = [...sorted].reverse();
  const department = withContext.find((l) => l.event.context?.department)?.event.context?.department;
  const prescriberId = withContext.find((l) => l.event.context?.prescriberId)?.event.context?.prescriberId;
  const summary = withContext.map((l) => summaryOf(l.event)).find((s) => s !== undefined);
  const packVersion = withContext.find((l) => l.event.packVersion)?.event.packVersion;
  const source = newest.source;
  const group: OrderGroup = {
    key: encodeOrderKey(key),
    orderId: key[1],
    workstation: newest.workstation,
    // As an instant in UTC, however the record wrote it: both sources then give the same text.
    at: new Date(at ?? newest.event.at).toISOString(),
    firstAt: first.event.at,
    lastAt: newest.event.at,
    lines: summary?.lines ?? [],
    diagnoses: summary?.diagnoses ?? [],
    findings,
    steps,
    outcome: orderOutcome(steps, findings),
    eventCount: sorted.length,
  };
  if (source) group.source = source;
  if (department) group.department = department;
  if (prescriberId) group.prescriberId = prescriberId;
  if (key[2]) group.patientKey = key[2];
  if (packVersion) group.packVersion = packVersion;
  return group;
}

/** Whether an order passes the list's verdict filter: only findings count, never a submission check. */
export function matchesVerdictFilter(group: Pick<OrderGroup, 'findings'>, verdict: VerdictFilter | undefined): boolean {
  if (verdict === undefined) return true;
  if (verdict === 'none') return group.findings.some((f) => f.verdict === null);
  return group.findings.some((f) => f.verdict?.verdict === verdict);
}
