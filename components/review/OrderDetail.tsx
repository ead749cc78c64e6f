import type { ComponentChild } from 'preact';
import { useReview } from './context';
import { hasVerdicts, hasWorkstations } from '../../contract/review/data-source';
import type { OrderGroup } from '../../contract/review/orders';
import { formatInstant } from '../../contract/review/zoned-time';
import { FindingCard } from './FindingCard';
import { PrescriberTitle, useNames } from './names';
import { DiagnosisList, OrderLinesTable } from './OrderContents';
import { orderIds } from './OrderTable';
import { rxt, valueText } from './order-i18n';
import { QueryProgress } from './QueryProgress';
import { rt, sourceText } from './review-i18n';
import { useTrackedQuery } from './use-query';

export interface OrderDetailProps {
  orderKey: string;
  onClose: () => void;
  /** After a verdict was saved: the order as it now stands, for the list to show. */
  onChanged?: (order: OrderGroup) => void;
}

/** One prescription: its lines and diagnoses, each finding with the doctor's answer, and the verdicts. */
export function OrderDetail({ orderKey, onClose, onChanged }: OrderDetailProps) {
  const { source } = useReview();
  const { tracker, reload } = useTrackedQuery<OrderGroup>((signal) => source.orderDetail(orderKey, signal), orderKey);
  const data = tracker.state.value.data;
  const shown = data && data.key === orderKey ? data : undefined;

  const refresh = async () => {
    const fresh = await tracker.run((signal) => source.orderDetail(orderKey, signal));
    if (fresh && onChanged) onChanged(fresh);
  };

  return (
    <aside class="rv-detail rv-order-detail" aria-label={rxt('order.title')}>
      <header class="rv-detail-head">
        <h2>
          {rxt('order.title')} {shown && <span class="rv-order-id">{shown.orderId}</span>}
        </h2>
        <button type="button" class="rv-close" onClick={onClose} aria-label={rxt('order.close')}>
          ×
        </button>
      </header>
      <QueryProgress tracker={tracker} onRetry={reload} />
      {shown && <OrderBody order={shown} onSaved={refresh} />}
    </aside>
  );
}

function OrderBody({ order, onSaved }: { order: OrderGroup; onSaved: () => void }) {
  const { source } = useReview();
  const zone = source.timeZone;
  const book = useNames(orderIds([order]));
  const workstations = hasWorkstations(source.capabilities);
  const directory = order.prescriberId ? book.prescriber(order.prescriberId) : undefined;
  const facts: [string, ComponentChild][] = [
    [rxt('ocol.outcome'), <span class={`rv-outcome rv-outcome-${order.outcome}`}>{rxt(`outcome.${order.outcome}`)}</span>],
    [rxt('order.first'), formatInstant(order.firstAt, zone)],
    [rxt('order.last'), formatInstant(order.lastAt, zone)],
    [rxt('ocol.department'), order.department ?? directory?.department ?? undefined],
    [rxt('ocol.prescriber'), order.prescriberId ? <PrescriberTitle book={book} id={order.prescriberId} /> : undefined],
    [rxt('order.workstation'), workstations ? order.workstation.label || book.workstation(order.workstation.id) || order.workstation.id : undefined],
    [rxt('order.source'), workstations && order.source ? sourceText(order.source) : undefined],
    [rxt('order.patient'), order.patientKey ? <code title={order.patientKey}>{order.patientKey.slice(0, 12)}…</code> : undefined],
    [rxt('order.pack'), order.packVersion],
  ];
  const flagged = new Set(order.findings.map((f) => f.lineId));
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

      <section class="rv-order-section rv-order-diagnoses">
        <h3>{rxt('order.diagnoses')}</h3>
        {order.diagnoses.length === 0 ? (
          <p class="rv-muted">{rxt('order.noDiagnoses')}</p>
        ) : (
          <DiagnosisList diagnoses={order.diagnoses} />
        )}
      </section>

      <section class="rv-order-section">
        <h3>{rxt('order.lines')}</h3>
        {order.lines.length === 0 ? (
          <p class="rv-muted">{rxt('orders.noLines')}</p>
        ) : (
          <div class="rv-table-wrap">
            <OrderLinesTable lines={order.lines} flagged={(id) => flagged.has(id)} withCodes />
          </div>
        )}
      </section>

      <section class="rv-order-section">
        <h3>{rxt('order.findings')}</h3>
        {order.findings.length === 0 && <p class="rv-muted">{rxt('order.noFindings')}</p>}
        {order.findings.map((finding) => (
          <FindingCard
            key={`${finding.ruleId} ${finding.lineId ?? ''}`}
            finding={finding}
            lines={order.lines}
            book={book}
            timeZone={zone}
            packVersion={order.packVersion}
            verdicts={hasVerdicts(source.capabilities)}
            canVerdict={source.capabilities.writeVerdicts}
            canReport={source.capabilities.writeReports}
            onSaved={onSaved}
          />
        ))}
      </section>

      <section class="rv-order-section">
        <h3>{rxt('order.steps')}</h3>
        {order.steps.length === 0 ? (
          <p class="rv-muted">{rxt('order.noSteps')}</p>
        ) : (
          <ol class="rv-steps">
            {order.steps.map((step) => (
              <li key={step.eventId}>
                <span class="rv-muted">{formatInstant(step.at, zone)}</span> {rxt(`step.${step.type}`)}：
                {stepText(step.type, step.outcome)}
                {step.findingCount !== undefined && step.type === 'review' && ` ${rxt('step.findings', { count: step.findingCount })}`}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** A step's outcome in words; a value this build does not know is shown as recorded. */
function stepText(type: 'submit-check' | 'review' | 'check-incomplete', outcome: string): string {
  const prefix = type === 'submit-check' ? 'submit' : type === 'review' ? 'review' : 'incomplete';
  return valueText(prefix, outcome) ?? outcome;
}
