import { useState } from 'preact/hooks';
import type { Action, Finding } from '../contract/findings';
import { FindingSummary } from './FindingSummary';
import { ReportObjection } from './ReportObjection';
import { actionLabel, t } from './i18n';
import { useGatedHandler } from './trusted-event';

export interface FindingActionsProps {
  /** Whether the content script can write this action back into the page; otherwise it is a hint. */
  canApply: (action: Action, finding: Finding) => boolean;
  /** May return when a write into the page is over: the card then shows how it went (fixNote). */
  onAction: (finding: Finding, action: Action) => void | Promise<void>;
  /**
   * For an action the page should take but cannot (a cell that is not editable, a fix that failed):
   * why, and the step to take by hand. Shown in place of the button.
   */
  fixNote?: (action: Action, finding: Finding) => string | undefined;
  onDismiss: (finding: Finding) => void;
  /** 报告误报: the doctor says the finding is wrong; recorded in the flag log. */
  onReport?: (finding: Finding, reason: string | undefined) => void;
  /** The doctor is on this finding (pointer or focus): its field is outlined on the page. */
  onFocusFinding?: (finding: Finding | undefined) => void;
}

export interface FindingCardProps extends FindingActionsProps {
  finding: Finding;
  /** The row as the page numbers it (序号 2). */
  rowLabel?: string;
}

/**
 * One finding in full. Every text here comes from the pack (spreadsheets), so it is only ever
 * rendered as text children, never as markup.
 */
export function FindingCard({ finding, rowLabel, canApply, onAction, fixNote, onDismiss, onReport, onFocusFinding }: FindingCardProps) {
  const [detailOpen, setDetailOpen] = useState(false);
  // Cards skip re-rendering while their props are the same objects (@preact/signals): a write that
  // failed changes what canApply and fixNote say, so the card renders itself again when it is over.
  const [, setWrites] = useState(0);
  const act = (action: Action) => {
    const done = onAction(finding, action);
    if (done) done.then(() => setWrites((n) => n + 1), () => setWrites((n) => n + 1));
  };
  // Writing to the order and dismissing act only on the doctor's own clicks.
  const gated = useGatedHandler();
  const applicable = finding.actions.filter((a) => canApply(a, finding));
  const unapplied = finding.actions.filter((a) => !canApply(a, finding));
  const notes = unapplied.flatMap((a) => fixNote?.(a, finding) ?? []);
  const hints = unapplied.filter((a) => fixNote?.(a, finding) === undefined);

  return (
    <div
      class={`pf-finding pf-sev-${finding.severity}`}
      data-rule-id={finding.ruleId}
      data-kind={finding.kind}
      data-severity={finding.severity}
      onMouseEnter={onFocusFinding && (() => onFocusFinding(finding))}
      onFocusIn={onFocusFinding && (() => onFocusFinding(finding))}
    >
      <FindingSummary finding={finding} rowLabel={rowLabel} />
      {finding.detail && (
        <div>
          <button
            type="button"
            class="pf-link"
            aria-expanded={detailOpen ? 'true' : 'false'}
            onClick={() => setDetailOpen(!detailOpen)}
          >
            {t(detailOpen ? 'finding.detail.hide' : 'finding.detail.show')}
          </button>
          {detailOpen && <p class="pf-finding-detail">{finding.detail}</p>}
        </div>
      )}
      {notes.map((note) => (
        <p class="pf-fix-note" role="status" key={note}>
          {note}
        </p>
      ))}
      <div class="pf-actions">
        {applicable.map((action, i) => (
          <button
            key={`${action.type}-${i}`}
            type="button"
            class="pf-action"
            data-action={action.type}
            onClick={gated(() => act(action))}
          >
            {actionLabel(action)}
          </button>
        ))}
        {hints.length > 0 && (
          <span class="pf-action-hint">{t('finding.hint', { label: hints.map(actionLabel).join(' / ') })}</span>
        )}
        <span class="pf-spacer" />
        {onReport && <ReportObjection finding={finding} onReport={onReport} />}
        <button type="button" class="pf-link pf-dismiss" onClick={gated(() => onDismiss(finding))}>
          {t('finding.dismiss')}
        </button>
      </div>
    </div>
  );
}
