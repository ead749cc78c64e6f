import { SeverityIcon } from '../SeverityIcon';
import { formatAmount } from '../i18n';
import type { LoggedLine } from '../../contract/order-summary';
import type { OrderFinding } from '../../contract/review/orders';
import { formatInstant } from '../../contract/review/zoned-time';
import { verdictClass } from './EventTable';
import { lineNameOf, RuleTitle, type NameBook } from './names';
import { rxt, valueText } from './order-i18n';
import { decisionText, reasonText, rt, verdictText } from './review-i18n';
import { RuleReportForm } from './RuleReportForm';
import { VerdictForm } from './VerdictForm';
import { AppealStepView, formatDeadline, VerdictStateTag } from './AppealStepView';
import { at } from './appeal-i18n';

export interface FindingCardProps {
  finding: OrderFinding;
  /** The order's lines, to name the line the finding is on. */
  lines: readonly LoggedLine[];
  book: NameBook;
  timeZone: string;
  packVersion?: string | undefined;
  verdicts: boolean;
  canVerdict: boolean;
  canReport: boolean;
  onSaved: () => void;
}

/**
 * One finding as the 质控 judges it: which rule (by name), what the doctor was told and on what
 * 依据, on which line, what the doctor did and why, the verdicts so far, and the verdict form —
 * recorded on the finding (its `verdictEventId`), never on a submission check.
 */
export function FindingCard({ finding, lines, book, timeZone, packVersion, verdicts, canVerdict, canReport, onSaved }: FindingCardProps) {
  const line = finding.lineId === undefined ? undefined : lines.find((l) => l.id === finding.lineId);
  const lineName = line ? line.name || line.code : finding.lineCode;
  const decision = finding.decision;
  const action = valueText('action', decision?.action);
  return (
    <article class={`rv-finding rv-finding-${finding.severity}`} data-rule-id={finding.ruleId} data-line-id={finding.lineId ?? ''}>
      <header class="rv-finding-head">
        <SeverityIcon severity={finding.severity} withLabel />
        <RuleTitle book={book} ruleId={finding.ruleId} kind={finding.kind} lineName={lineNameOf(lines, finding)} />
      </header>
      <p class="rv-finding-message">{finding.message ?? <span class="rv-muted">{rxt('finding.noMessage')}</span>}</p>
      <p class="rv-finding-where rv-sub">
        {lineName ? rxt('finding.line', { name: lineName }) : rxt('finding.wholeOrder')}
        {finding.amountAtRisk !== undefined && ` · ${rxt('finding.amount', { amount: formatAmount(finding.amountAtRisk) })}`}
        {finding.shownAt && ` · ${rxt('finding.shownAt', { time: formatInstant(finding.shownAt, timeZone) })}`}
      </p>
      {finding.basis && <p class="rv-finding-basis">{rxt('finding.basis', { basis: finding.basis })}</p>}
      <div class="rv-finding-decision">
        <strong>{rxt('finding.decision')}：</strong>
        {decision ? (
          <>
            <span class={`rv-decision rv-decision-${decision.decision}`}>{decisionText(decision.decision)}</span>
            {action && ` · ${action}`}
            <span class="rv-muted"> {formatInstant(decision.at, timeZone)}</span>
            {decision.reason && <div class="rv-finding-reason">{rxt('finding.reason', { reason: reasonText(decision.reason) })}</div>}
          </>
        ) : (
          <span class="rv-muted">{rxt('finding.noDecision')}</span>
        )}
        {finding.objection && (
          <div class="rv-finding-objection">
            {rxt('finding.objection')}
            {finding.objection.reason && `：${finding.objection.reason}`}
          </div>
        )}
      </div>
      {verdicts && (finding.history?.length ?? 0) > 0 && (
        <ol class="rv-history-list">
          {finding.history!.map((entry, i) => (
            <li key={entry.id} class={i === 0 ? 'rv-history-current' : undefined}>
              <span class={`rv-verdict rv-verdict-${verdictClass(entry.verdict)}`}>{verdictText(entry.verdict)}</span>
              {i === 0 && <span class="rv-tag">{rt('detail.current')}</span>}
              {/* Where the current 确认违规 stands: 可申诉 / 已申诉 / 已生效 (final verdicts count in reports). */}
              {i === 0 && entry.verdict === '确认违规' && <VerdictStateTag state={entry.state} />}
              <span class="rv-muted">
                {' '}
                {entry.reviewerLabel || entry.reviewer} · {formatInstant(entry.at, timeZone)}
              </span>
              {entry.comment && <p class="rv-comment">{entry.comment}</p>}
              {entry.appealUntil && <p class="rv-sub rv-appeal-window">{at('history.window', { time: formatDeadline(entry.appealUntil, timeZone) })}</p>}
              {entry.appeal && <AppealStepView step={entry.appeal} timeZone={timeZone} />}
            </li>
          ))}
        </ol>
      )}
      {verdicts && !finding.history && finding.verdict && (
        <p>
          <span class={`rv-verdict rv-verdict-${verdictClass(finding.verdict.verdict)}`}>{verdictText(finding.verdict.verdict)}</span>
          {finding.verdict.verdict === '确认违规' && <VerdictStateTag state={finding.verdict.state} />}
        </p>
      )}
      {canVerdict && <VerdictForm key={finding.verdictEventId} eventId={finding.verdictEventId} current={finding.verdict?.verdict} onSaved={onSaved} />}
      {canReport && (
        <details class="rv-finding-report">
          <summary>{rt('reportForm.title')}</summary>
          <RuleReportForm ruleId={finding.ruleId} eventId={finding.verdictEventId} packVersion={packVersion} />
        </details>
      )}
    </article>
  );
}
