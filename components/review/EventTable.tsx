import { useMemo } from 'preact/hooks';
import { SeverityIcon } from '../SeverityIcon';
import { eventFacts, LineNames } from './event-facts';
import type { ListedEvent } from '../../contract/review/events';
import { decisionText, eventTypeText, kindText, reasonText, rt, verdictText } from './review-i18n';
import { outcomeText } from './order-i18n';
import { SeveritySchema } from '../../contract/findings';
import { formatInstant } from '../../contract/review/zoned-time';
import { PrescriberTitle, RuleTitle, useNames } from './names';

/** The ids a page of events shows, for the name book. */
function eventIds(events: readonly ListedEvent[]) {
  const rules = new Set<string>();
  const prescribers = new Set<string>();
  const workstations = new Set<string>();
  for (const { event, workstation } of events) {
    if ('finding' in event) rules.add(event.finding.ruleId);
    if (event.context?.prescriberId) prescribers.add(event.context.prescriberId);
    workstations.add(workstation.id);
  }
  return { rules: [...rules], prescribers: [...prescribers], workstations: [...workstations] };
}

export interface EventTableProps {
  events: readonly ListedEvent[];
  timeZone: string;
  selectedId?: string | undefined;
  onOpen: (eventId: string) => void;
  /** Left out for a source without verdicts or without other workstations (the local log). */
  showVerdict?: boolean;
  showWorkstation?: boolean;
}

/** The review list: one row per event, newest first; a row opens the event. */
export function EventTable({ events, timeZone, selectedId, onOpen, showVerdict = true, showWorkstation = true }: EventTableProps) {
  const book = useNames(eventIds(events));
  const lines = useMemo(() => new LineNames(events), [events]);
  if (events.length === 0) return <p class="rv-empty">{rt('events.empty')}</p>;
  return (
    <div class="rv-table-wrap">
      <table class="rv-table rv-events">
        <thead>
          <tr>
            <th scope="col">{rt('col.at')}</th>
            <th scope="col">{rt('col.type')}</th>
            <th scope="col">{rt('col.rule')}</th>
            <th scope="col">{rt('col.kind')}</th>
            <th scope="col">{rt('col.decision')}</th>
            <th scope="col">{rt('col.department')}</th>
            <th scope="col">{rt('col.prescriber')}</th>
            {showWorkstation && <th scope="col">{rt('col.workstation')}</th>}
            {showVerdict && <th scope="col">{rt('col.verdict')}</th>}
          </tr>
        </thead>
        <tbody>
          {events.map((listed) => {
            const f = eventFacts(listed);
            const severity = SeveritySchema.safeParse(f.severity);
            return (
              <tr
                key={f.id}
                class={f.id === selectedId ? 'rv-row rv-row-selected' : 'rv-row'}
                data-event-id={f.id}
                tabIndex={0}
                aria-selected={f.id === selectedId ? 'true' : 'false'}
                onClick={() => onOpen(f.id)}
                onKeyDown={(e) => e.key === 'Enter' && onOpen(f.id)}
              >
                <td class="rv-nowrap">{formatInstant(f.at, timeZone)}</td>
                <td>
                  {eventTypeText(f.type)}
                  {f.outcome && <div class="rv-sub">{outcomeText(f.type, f.outcome)}</div>}
                </td>
                <td class="rv-rule">
                  {severity.success && <SeverityIcon severity={severity.data} />} {f.ruleId ? <RuleTitle book={book} ruleId={f.ruleId} kind={f.kind} lineName={lines.of(f)} /> : rt('common.none')}
                </td>
                <td>{f.kind ? kindText(f.kind) : rt('common.none')}</td>
                <td>
                  {f.decision ? decisionText(f.decision) : rt('common.none')}
                  {f.reason && <div class="rv-sub">{reasonText(f.reason)}</div>}
                </td>
                <td>{f.department ?? rt('common.none')}</td>
                <td>{f.prescriber ? <PrescriberTitle book={book} id={f.prescriber} /> : rt('common.none')}</td>
                {showWorkstation && <td>{f.workstation === f.workstationId ? (book.workstation(f.workstationId) ?? f.workstation) : f.workstation}</td>}
                {showVerdict && (
                  <td>
                    {f.verdict ? (
                      <span class={`rv-verdict rv-verdict-${verdictClass(f.verdict)}`}>{verdictText(f.verdict)}</span>
                    ) : (
                      // Only a finding is judged: a record without a rule has no verdict to wait for.
                      <span class="rv-muted">{f.ruleId ? verdictText('none') : rt('common.none')}</span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Class names stay ASCII: the verdicts themselves are Chinese words. */
export function verdictClass(verdict: string): string {
  return verdict === '确认违规' ? 'confirmed' : verdict === '误报' ? 'false-positive' : verdict === '合理使用' ? 'justified' : 'other';
}
