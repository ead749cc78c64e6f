import type { Cell, Table } from './export/cells';
import type { ListedEvent } from '../../contract/review/events';
import { decisionText, eventTypeText, kindText, modeText, reasonText, rt, severityText, verdictText, type ReviewKey } from './review-i18n';
import { formatInstant } from '../../contract/review/zoned-time';
import { prescriberText, ruleText, unnamedPrescriberText, unnamedRuleText, workstationText, type NameBook } from './names';
import { outcomeText } from './order-i18n';

/**
 * The fields a reviewer looks at, lifted out of the differently shaped flag-event records: one
 * place for the table, the detail view and the exports to read them from.
 */
export interface EventFacts {
  id: string;
  at: string;
  type: string;
  ruleId: string | undefined;
  kind: string | undefined;
  severity: string | undefined;
  lineId: string | undefined;
  lineCode: string | undefined;
  /** The drug or item on the finding's line, when the record carries its order (a finding shown). */
  lineName: string | undefined;
  amountAtRisk: number | undefined;
  mode: string | undefined;
  decision: string | undefined;
  reason: string | undefined;
  outcome: string | undefined;
  department: string | undefined;
  prescriber: string | undefined;
  /** The uploading token's id (its label is `workstation`). */
  workstationId: string;
  workstation: string;
  orderId: string | undefined;
  packVersion: string | undefined;
  verdict: string | undefined;
  verdictComment: string | undefined;
}

export function eventFacts(listed: ListedEvent): EventFacts {
  const event = listed.event;
  const finding = 'finding' in event ? event.finding : undefined;
  const decision = event.type === 'decision' ? event.decision : undefined;
  return {
    id: event.id,
    at: event.at,
    type: event.type,
    ruleId: finding?.ruleId,
    kind: finding?.kind,
    severity: finding?.severity,
    lineId: finding?.lineId,
    lineCode: finding?.lineCode,
    lineName: finding?.lineId === undefined ? undefined : loggedLineName(event, finding.lineId, finding.lineCode),
    amountAtRisk: finding?.amountAtRisk,
    mode: event.type === 'finding-shown' ? event.mode : undefined,
    decision: decision?.decision,
    reason: decision?.reason ?? (event.type === 'objection' ? event.reason : undefined),
    outcome: event.type === 'submit-check' || event.type === 'review' ? event.outcome : event.type === 'check-incomplete' ? event.reason : undefined,
    department: event.context?.department,
    prescriber: event.context?.prescriberId,
    workstationId: listed.workstation.id,
    workstation: listed.workstation.label || listed.workstation.id,
    orderId: 'orderId' in event ? event.orderId : undefined,
    packVersion: event.packVersion,
    verdict: listed.verdict?.verdict,
    verdictComment: listed.verdict?.comment ?? undefined,
  };
}

type LoggedEvent = ListedEvent['event'];

/** The name of the record's own line `lineId`, if it carries its order and the line has the finding's code. */
function loggedLineName(event: LoggedEvent, lineId: string, lineCode: string | undefined): string | undefined {
  if (!('order' in event) || !event.order) return undefined;
  const line = event.order.lines.find((l) => l.id === lineId);
  // A line id is a row on the page: if the code differs, the row now holds another drug.
  if (!line || (lineCode !== undefined && line.code !== lineCode)) return undefined;
  return line.name.trim() || undefined;
}

/**
 * Line names the records of a page carry, by workstation, order and line: a decision or an
 * objection keeps no order of its own, but the finding shown before it on the same order does.
 */
export class LineNames {
  private readonly byKey = new Map<string, { code: string; name: string }>();

  constructor(events: readonly ListedEvent[]) {
    for (const { event, workstation } of events) {
      if (!('order' in event) || !event.order || !event.orderId) continue;
      for (const line of event.order.lines) {
        const name = line.name.trim();
        const key = LineNames.key(workstation.id, event.orderId, line.id);
        if (name && !this.byKey.has(key)) this.byKey.set(key, { code: line.code, name });
      }
    }
  }

  private static key(workstationId: string, orderId: string, lineId: string): string {
    return `${workstationId}\u0000${orderId}\u0000${lineId}`;
  }

  /** The facts' own line name, else one the page's other records give for the same line and code. */
  of(facts: EventFacts): string | undefined {
    if (facts.lineName || facts.lineId === undefined || facts.orderId === undefined) return facts.lineName;
    const known = this.byKey.get(LineNames.key(facts.workstationId, facts.orderId, facts.lineId));
    return known && (facts.lineCode === undefined || known.code === facts.lineCode) ? known.name : undefined;
  }
}

interface ExportColumn {
  header: ReviewKey;
  value: (facts: EventFacts, timeZone: string, book: NameBook | undefined, lines: LineNames) => Cell;
}

/** The exported columns, in order: what a 质控 spreadsheet needs, names before ids, labels in the UI language. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'col.at', value: (f, zone) => formatInstant(f.at, zone) },
  { header: 'col.type', value: (f) => eventTypeText(f.type) },
  {
    header: 'col.ruleName',
    value: (f, _, book, lines) => {
      if (!f.ruleId) return undefined;
      const lineName = lines.of(f);
      return book ? ruleText(book, f.ruleId, f.kind, lineName) : (unnamedRuleText(f.kind, lineName) ?? f.ruleId);
    },
  },
  { header: 'col.ruleId', value: (f) => f.ruleId },
  { header: 'col.kind', value: (f) => (f.kind ? kindText(f.kind) : undefined) },
  { header: 'col.severity', value: (f) => (f.severity ? severityText(f.severity) : undefined) },
  { header: 'col.code', value: (f) => f.lineCode },
  { header: 'col.amount', value: (f) => f.amountAtRisk },
  { header: 'col.mode', value: (f) => (f.mode ? modeText(f.mode) : undefined) },
  { header: 'col.decision', value: (f) => (f.decision ? decisionText(f.decision) : undefined) },
  { header: 'col.reason', value: (f) => (f.reason ? reasonText(f.reason) : undefined) },
  { header: 'col.outcome', value: (f) => outcomeText(f.type, f.outcome) },
  { header: 'col.department', value: (f) => f.department },
  { header: 'col.prescriber', value: (f, _, book) => (book ? prescriberText(book, f.prescriber) : f.prescriber && unnamedPrescriberText(f.prescriber)) },
  { header: 'col.prescriberId', value: (f) => f.prescriber },
  { header: 'col.workstation', value: (f, _, book) => (book ? workstationText(book, f.workstationId, f.workstation === f.workstationId ? undefined : f.workstation) : f.workstation) },
  { header: 'col.verdict', value: (f) => (f.verdict ? verdictText(f.verdict) : undefined) },
  { header: 'col.verdictComment', value: (f) => f.verdictComment },
  { header: 'col.order', value: (f) => f.orderId },
  { header: 'col.pack', value: (f) => f.packVersion },
  { header: 'col.id', value: (f) => f.id },
];

export function exportTable(events: readonly ListedEvent[], timeZone: string, book?: NameBook): Table {
  const lines = new LineNames(events);
  return {
    header: EXPORT_COLUMNS.map((c) => rt(c.header)),
    rows: events.map((listed) => {
      const facts = eventFacts(listed);
      return EXPORT_COLUMNS.map((c) => c.value(facts, timeZone, book, lines));
    }),
  };
}

/**
 * Every field of a record as `path → text`, nested objects flattened with dots: the detail view
 * shows all of them, so nothing the workstation sent is hidden from the reviewer.
 */
export function flattenFields(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return prefix ? [[prefix, '']] : [];
  if (Array.isArray(value)) {
    if (value.length === 0) return prefix ? [[prefix, '[]']] : [];
    return value.flatMap((item, i) => flattenFields(item, `${prefix}[${i}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => flattenFields(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, String(value)]];
}
