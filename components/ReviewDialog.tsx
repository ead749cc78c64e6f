import type { JSX } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { OVERRIDE_REASONS, type Decision, type ReasonCode } from '../contract/decision';
import type { Finding } from '../contract/findings';
import { bySeverity, findingKey, totalAmountAtRisk } from './finding-list';
import { trapTab, tabbableElements } from './focus-trap';
import { formatAmount, reasonLabel, t } from './i18n';
import { lineDisplayName } from './line-name';
import {
  EMPTY_ANSWER,
  buildDecisions,
  canContinue,
  isContinuedWithReason,
  pendingCount,
  type ReviewAnswer,
} from './review-decisions';
import { FindingSummary } from './FindingSummary';
import { useGatedHandler } from './trusted-event';

export interface ReviewDialogProps {
  orderId: string;
  /** The findings that need a decision (the content script chooses: critical always, warning if configured). */
  findings: readonly Finding[];
  lineNames?: Readonly<Record<string, string>>;
  /** The doctor goes back to edit (button or Esc); one decision per finding. */
  onReturn: (decisions: Decision[]) => void;
  /** Every finding is continued with a reason; the content script re-dispatches the submission. */
  onContinue: (decisions: Decision[]) => void;
  /** Clock for the decisions' `at`; tests pass a fixed one. */
  now?: () => Date;
}

const PRESETS = OVERRIDE_REASONS.map((r) => r.display);

interface ReviewItemProps {
  id: string;
  finding: Finding;
  lineName: string;
  answer: ReviewAnswer;
  onChange: (answer: ReviewAnswer) => void;
}

function ReviewItem({ id, finding, lineName, answer, onChange }: ReviewItemProps) {
  const gated = useGatedHandler();
  const choiceName = `${id}-choice`;
  const reasonName = `${id}-reason`;
  const missingReason = answer.choice === 'continue' && !isContinuedWithReason(answer);
  const choose = (choice: ReviewAnswer['choice']) => onChange({ ...answer, choice });
  return (
    <div class={`pf-review-item pf-sev-${finding.severity}`} data-rule-id={finding.ruleId}>
      <FindingSummary finding={finding} lineName={lineName} />
      <fieldset class="pf-choice">
        <legend>{t('review.choice')}</legend>
        {(['return', 'continue'] as const).map((choice) => (
          <label class={answer.choice === choice ? 'pf-choice-selected' : undefined} key={choice}>
            <input
              type="radio"
              name={choiceName}
              value={choice}
              checked={answer.choice === choice}
              onChange={gated(() => choose(choice))}
            />
            {t(choice === 'return' ? 'review.return' : 'review.continue')}
          </label>
        ))}
      </fieldset>
      {answer.choice === 'continue' && (
        <fieldset class="pf-reasons">
          <legend>{t('review.reason')}</legend>
          {PRESETS.map((preset) => (
            <label key={preset}>
              <input
                type="radio"
                name={reasonName}
                value={preset}
                checked={answer.reason === preset}
                onChange={gated(() => onChange({ ...answer, reason: preset }))}
              />
              {reasonLabel(preset)}
            </label>
          ))}
          <label>
            <input
              type="radio"
              name={reasonName}
              value="other"
              checked={answer.reason === 'other'}
              onChange={gated(() => onChange({ ...answer, reason: 'other' }))}
            />
            {t('review.reason.other')}
          </label>
          <input
            type="text"
            maxLength={200}
            aria-label={t('review.reason.other')}
            placeholder={t('review.reason.otherPlaceholder')}
            value={answer.otherText}
            onInput={gated((e: JSX.TargetedEvent<HTMLInputElement>) =>
              onChange({ ...answer, reason: 'other', otherText: e.currentTarget.value }),
            )}
          />
          {missingReason && <div class="pf-reason-missing">{t('review.reason.missing')}</div>}
        </fieldset>
      )}
    </div>
  );
}

/**
 * The pre-submit review: modal, focus kept inside, Esc goes back to edit. Continuing needs a
 * reason for every finding; as soon as one finding is marked 返回修改 the primary action is to
 * go back.
 */
export function ReviewDialog({ orderId, findings: given, lineNames, onReturn, onContinue, now }: ReviewDialogProps) {
  const id = useId();
  // Only the doctor's own input decides: a page script's synthetic events are ignored.
  const gated = useGatedHandler();
  // Critical findings first; decisions come back in this order too.
  const findings = useMemo(() => bySeverity(given), [given]);
  const dialogRef = useRef<HTMLDivElement>(null);
  const [answers, setAnswers] = useState<ReviewAnswer[]>(() => findings.map(() => EMPTY_ANSWER));
  const [bulkReason, setBulkReason] = useState<ReasonCode>(OVERRIDE_REASONS[0].display);

  useEffect(() => {
    const previous = document.activeElement;
    const dialog = dialogRef.current;
    if (dialog) (tabbableElements(dialog)[0] ?? dialog).focus();
    // Give focus back to what the doctor was on (usually the page's submit button or a field).
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);

  const clock = now ?? (() => new Date());
  const decisions = () => buildDecisions(orderId, findings, answers, clock());
  const anyReturn = findings.some((_, i) => answers[i]?.choice === 'return');
  const ready = canContinue(answers, findings.length);
  const pending = pendingCount(answers, findings.length);
  const total = totalAmountAtRisk(findings);

  const setAnswer = (index: number, answer: ReviewAnswer) =>
    setAnswers((current) => findings.map((_, i) => (i === index ? answer : (current[i] ?? EMPTY_ANSWER))));
  const continueAll = () =>
    setAnswers((current) =>
      findings.map((_, i) => ({ ...(current[i] ?? EMPTY_ANSWER), choice: 'continue' as const, reason: bulkReason })),
    );

  const goBack = () => onReturn(decisions());
  const submit = () => {
    if (ready) onContinue(decisions());
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      goBack();
      return;
    }
    if (dialogRef.current) trapTab(event, dialogRef.current);
  };

  const titleId = `${id}-title`;
  return (
    <div
      class="pf-backdrop"
      // Clicking outside must not move focus out of the modal (it would land on the page).
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) e.preventDefault();
      }}
    >
      <div
        ref={dialogRef}
        class="pf-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={gated(onKeyDown)}
      >
        <div class="pf-dialog-head">
          <h2 class="pf-dialog-title" id={titleId}>
            {t('review.title')}
          </h2>
          <p class="pf-dialog-intro">{t('review.intro', { count: findings.length })}</p>
        </div>
        <div class="pf-dialog-body">
          {findings.length > 1 && (
            <div class="pf-bulk">
              <span>{t('review.bulk')}</span>
              <select
                aria-label={t('review.bulk.pick')}
                value={bulkReason}
                onChange={gated((e: JSX.TargetedEvent<HTMLSelectElement>) => setBulkReason(e.currentTarget.value as ReasonCode))}
              >
                {PRESETS.map((preset) => (
                  <option key={preset} value={preset}>
                    {reasonLabel(preset)}
                  </option>
                ))}
              </select>
              <button type="button" class="pf-button" data-role="continue-all" onClick={gated(continueAll)}>
                {t('review.bulk.apply')}
              </button>
            </div>
          )}
          {findings.map((finding, i) => (
            <ReviewItem
              key={`${findingKey(finding)}#${i}`}
              id={`${id}-${i}`}
              finding={finding}
              lineName={lineDisplayName(finding.lineId, lineNames)}
              answer={answers[i] ?? EMPTY_ANSWER}
              onChange={(answer) => setAnswer(i, answer)}
            />
          ))}
        </div>
        <div class="pf-dialog-foot">
          {total > 0 && <span class="pf-dialog-total">{t('review.total', { amount: formatAmount(total) })}</span>}
          {!anyReturn && !ready && <span class="pf-dialog-pending">{t('review.pending', { count: pending })}</span>}
          <span class="pf-spacer" />
          {anyReturn ? (
            <button type="button" class="pf-button pf-button-primary" data-role="return" onClick={gated(goBack)}>
              {t('review.return')}
            </button>
          ) : (
            <>
              <button type="button" class="pf-button" data-role="return" onClick={gated(goBack)}>
                {t('review.return')}
              </button>
              <button
                type="button"
                class="pf-button pf-button-primary"
                data-role="continue"
                disabled={!ready}
                onClick={gated(submit)}
              >
                {t('review.continue')}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
