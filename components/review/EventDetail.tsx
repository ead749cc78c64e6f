import { useReview } from './context';
import { hasVerdicts, hasWorkstations, type ReviewCapabilities } from '../../contract/review/data-source';
import { eventFacts, flattenFields, type LineNames } from './event-facts';
import type { EventDetail as Detail, ListedEvent } from '../../contract/review/events';
import { QueryProgress } from './QueryProgress';
import { decisionText, eventTypeText, kindText, modeText, reasonText, rt, severityText, sourceText, verdictText } from './review-i18n';
import { RuleReportForm } from './RuleReportForm';
import { useTrackedQuery } from './use-query';
import { VerdictForm } from './VerdictForm';
import { verdictClass } from './EventTable';
import { formatInstant } from '../../contract/review/zoned-time';
import type { ComponentChild } from 'preact';
import { PrescriberTitle, RuleTitle, useNames } from './names';
import { outcomeText, rxt } from './order-i18n';
import { orderKeyOf } from '../../contract/review/group-orders';
import { encodeOrderKey } from '../../contract/review/orders';

export interface EventDetailProps {
  eventId: string;
  onClose: () => void;
  /** After a verdict was saved: the event as it now stands, for the list to show. */
  onChanged?: (listed: ListedEvent) => void;
  /** Opens the whole prescription the event belongs to (its order key), where there is one. */
  onOpenOrder?: ((orderKey: string) => void) | undefined;
  /** Line names the list's records carry, for a record that keeps no order of its own (a decision). */
  pageLines?: LineNames | undefined;
}

/** One event: what happened, every recorded field, its verdict history, and the forms to review it. */
export function EventDetail({ eventId, onClose, onChanged, onOpenOrder, pageLines }: EventDetailProps) {
  const { source } = useReview();
  const { tracker, reload } = useTrackedQuery<Detail>((signal) => source.eventDetail(eventId, signal), eventId);
  const detail = tracker.state.value.data;
  const shown = detail && detail.event.id === eventId ? detail : undefined;

  const refresh = async () => {
    const fresh = await tracker.run((signal) => source.eventDetail(eventId, signal));
    if (fresh && onChanged) onChanged(fresh);
  };

  return (
    <aside class="rv-detail" aria-label={rt('detail.title')}>
      <header class="rv-detail-head">
        <h2>{rt('detail.title')}</h2>
        <button type="button" class="rv-close" onClick={onClose} aria-label={rt('detail.close')}>
          ×
        </button>
      </header>
      <QueryProgress tracker={tracker} onRetry={reload} />
      {shown && <DetailBody detail={shown} timeZone={source.timeZone} capabilities={source.capabilities} onSaved={refresh} onOpenOrder={onOpenOrder} pageLines={pageLines} />}
    </aside>
  );
}

function DetailBody({
  detail,
  timeZone,
  capabilities,
  onSaved,
  onOpenOrder,
  pageLines,
}: {
  detail: Detail;
  timeZone: string;
  capabilities: ReviewCapabilities;
  onSaved: () => void;
  onOpenOrder?: ((orderKey: string) => void) | undefined;
  pageLines?: LineNames | undefined;
}) {
  const f = eventFacts(detail);
  const lineName = pageLines?.of(f) ?? f.lineName;
  const book = useNames({ rules: f.ruleId ? [f.ruleId] : [], prescribers: f.prescriber ? [f.prescriber] : [], workstations: [f.workstationId] });
  // A verdict judges a finding: records without a rule (a submission check, a broken page) get no form.
  const canVerdict = capabilities.writeVerdicts && f.ruleId !== undefined;
  const canReport = capabilities.writeReports;
  const verdicts = hasVerdicts(capabilities);
  // The local log has one workstation, this one, and no hub that received anything.
  const workstations = hasWorkstations(capabilities);
  const facts: [string, ComponentChild][] = [
    [rt('col.at'), formatInstant(f.at, timeZone)],
    [rt('col.type'), eventTypeText(f.type)],
    [rt('col.rule'), f.ruleId && <RuleTitle book={book} ruleId={f.ruleId} kind={f.kind} lineName={lineName} />],
    [rt('col.kind'), f.kind && kindText(f.kind)],
    [rt('col.severity'), f.severity && severityText(f.severity)],
    [rt('col.line'), lineName],
    [rt('col.code'), f.lineCode],
    [rt('col.amount'), f.amountAtRisk === undefined ? undefined : `¥${f.amountAtRisk.toFixed(2)}`],
    [rt('col.mode'), f.mode && modeText(f.mode)],
    [rt('col.decision'), f.decision && decisionText(f.decision)],
    [rt('col.reason'), f.reason && reasonText(f.reason)],
    [rt('col.outcome'), outcomeText(f.type, f.outcome)],
    [rt('col.department'), f.department],
    [rt('col.prescriber'), f.prescriber && <PrescriberTitle book={book} id={f.prescriber} />],
    [rt('col.workstation'), workstations ? (f.workstation === f.workstationId ? (book.workstation(f.workstationId) ?? f.workstation) : f.workstation) : undefined],
    [rt('col.source'), workstations && detail.source ? sourceText(detail.source) : undefined],
    [rt('col.order'), f.orderId],
    [rt('col.pack'), f.packVersion],
    [rt('col.received'), workstations ? formatInstant(detail.receivedAt, timeZone) : undefined],
  ];
  return (
    <div class="rv-detail-body">
      <dl class="rv-facts">
        {facts
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>

      {onOpenOrder && orderKeyOf(detail) && (
        <button type="button" class="rv-open-order" onClick={() => onOpenOrder(encodeOrderKey(orderKeyOf(detail)!))}>
          {rxt('order.open')}
        </button>
      )}

      {/* Only a finding is judged: a record without a rule has no verdicts, unless an older hub took one. */}
      {verdicts && (f.ruleId !== undefined || detail.history.length > 0) && (
        <section class="rv-history">
          <h3>{rt('detail.history')}</h3>
          {detail.history.length === 0 ? (
            <p class="rv-muted">{rt('detail.history.empty')}</p>
          ) : (
            <ol class="rv-history-list">
              {detail.history.map((entry, i) => (
                <li key={entry.id} class={i === 0 ? 'rv-history-current' : undefined}>
                  <span class={`rv-verdict rv-verdict-${verdictClass(entry.verdict)}`}>{verdictText(entry.verdict)}</span>
                  {i === 0 && <span class="rv-tag">{rt('detail.current')}</span>}
                  <span class="rv-muted">
                    {' '}
                    {entry.reviewerLabel || entry.reviewer} · {formatInstant(entry.at, timeZone)}
                  </span>
                  {entry.comment && <p class="rv-comment">{entry.comment}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      {canVerdict && <VerdictForm key={detail.event.id} eventId={detail.event.id} current={detail.verdict?.verdict} onSaved={onSaved} />}
      {canReport && f.ruleId && <RuleReportForm key={`r${detail.event.id}`} ruleId={f.ruleId} eventId={detail.event.id} packVersion={f.packVersion} />}

      {/* The record as stored, field by field: for IT, so it stays folded and is shown as code. */}
      <details class="rv-all-fields">
        <summary>{rt('col.detail')}</summary>
        <table class="rv-table rv-fields">
          <tbody>
            {flattenFields(workstations ? { ...detail.event, workstation: detail.workstation, receivedAt: detail.receivedAt } : detail.event).map(([path, value]) => (
              <tr key={path}>
                <th scope="row">
                  <code>{path}</code>
                </th>
                <td>
                  <code>{value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
