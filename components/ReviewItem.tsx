import { useState } from 'preact/hooks';
import type { Action, Finding } from '../contract/findings';
import { fieldOf, fieldLabel } from './finding-field';
import { actionLabel, formatAmount, kindLabel, reasonLabel, t } from './i18n';
import { ReasonPicker } from './ReasonPicker';
import { ReportObjection } from './ReportObjection';
import { answerReason, isContinuedWithReason, needsOwnReason, type ReviewAnswer } from './review-decisions';
import type { ReviewFix } from './review-fixes';
import { SeverityIcon } from './SeverityIcon';
import { useGatedHandler } from './trusted-event';

export interface ReviewItemProps {
  id: string;
  index: number;
  finding: Finding;
  fixes: readonly ReviewFix[];
  answer: ReviewAnswer;
  /** The finding went away after a fix. */
  resolved: boolean;
  onChange: (answer: ReviewAnswer) => void;
  onFix: (fix: ReviewFix) => void;
  onFocus: () => void;
  onReport?: (finding: Finding, reason: string | undefined) => void;
}

/**
 * One finding in the review, compact so ten fit on a 1366×768 screen: level, kind, field and
 * message on the left (wrapping), its fixes, 返回修改 / 继续 and 报告误报 on the right above the
 * amount and 依据 (cut to fit, whole in the tooltip); the reason below only once 继续 is chosen.
 * Pack texts are text children only.
 */
export function ReviewItem(props: ReviewItemProps) {
  const { id, index, finding, fixes, answer, resolved } = props;
  const gated = useGatedHandler();
  const [editing, setEditing] = useState(false);
  const target = fieldOf(finding);
  const choose = (choice: ReviewAnswer['choice']) => {
    setEditing(false);
    props.onChange({ ...answer, choice, ...(choice === 'return' ? { action: undefined } : {}) });
  };
  const answeredBy = answer.action && answer.choice === 'continue' ? answer.action : undefined;
  const classes = ['pf-review-item', `pf-sev-${finding.severity}`, resolved ? 'pf-review-resolved' : '', answer.choice ? `pf-review-${answer.choice}` : '']
    .filter(Boolean)
    .join(' ');

  return (
    <div
      class={classes}
      tabIndex={-1}
      data-index={index}
      data-rule-id={finding.ruleId}
      data-kind={finding.kind}
      data-severity={finding.severity}
      data-state={resolved ? 'resolved' : (answer.choice ?? 'open')}
      onFocus={props.onFocus}
      title={finding.basis ? `${t('finding.basis')}：${finding.basis}` : undefined}
    >
      <div class="pf-review-line">
        <SeverityIcon severity={finding.severity} withLabel />
        <span class="pf-kind">{kindLabel(finding.kind)}</span>
        {target && <span class="pf-field">{fieldLabel(target)}</span>}
        <span class="pf-review-message">{finding.message}</span>
      </div>
      <div class="pf-review-side">
        <div class="pf-review-actions">
          {resolved ? (
            <span class="pf-review-done" data-role="resolved">
              ✓ {t('review.resolved')}
            </span>
          ) : (
            <>
              {fixes.map(({ action, mode }, i) =>
                mode === 'hint' ? null : (
                  <button
                    key={`${action.type}-${i}`}
                    type="button"
                    class={`pf-action${answeredBy === action.type ? ' pf-action-chosen' : ''}`}
                    data-action={action.type}
                    data-mode={mode}
                    title={actionLabel(action)}
                    onClick={gated(() => props.onFix({ action, mode }))}
                  >
                    {actionLabel(action)}
                  </button>
                ),
              )}
              <span class="pf-choices">
                <button
                  type="button"
                  class={`pf-choice-button${answer.choice === 'return' ? ' pf-choice-selected' : ''}`}
                  data-choice="return"
                  aria-pressed={answer.choice === 'return' ? 'true' : 'false'}
                  onClick={gated(() => choose('return'))}
                >
                  {t('review.return')}
                </button>
                <button
                  type="button"
                  class={`pf-choice-button${answer.choice === 'continue' ? ' pf-choice-selected' : ''}`}
                  data-choice="continue"
                  aria-pressed={answer.choice === 'continue' ? 'true' : 'false'}
                  onClick={gated(() => choose('continue'))}
                >
                  {t('review.item.continue')}
                </button>
              </span>
              {props.onReport && <ReportObjection finding={finding} onReport={props.onReport} />}
            </>
          )}
        </div>
        <div class="pf-review-sub">
          {finding.amountAtRisk !== undefined && finding.amountAtRisk > 0 && <span class="pf-finding-amount">{formatAmount(finding.amountAtRisk)}</span>}
          {!resolved && <HintText fixes={fixes} />}
          {finding.basis && <span class="pf-review-basis">{`${t('finding.basis')}：${finding.basis}`}</span>}
        </div>
      </div>
      {!resolved && answer.choice === 'continue' && (
        <Reason id={id} finding={finding} answer={answer} editing={editing} onEdit={() => setEditing(true)} onChange={props.onChange} />
      )}
    </div>
  );
}

function HintText({ fixes }: { fixes: readonly ReviewFix[] }) {
  const hints: Action[] = fixes.filter((f) => f.mode === 'hint').map((f) => f.action);
  if (hints.length === 0) return null;
  const text = t('finding.hint', { label: hints.map(actionLabel).join(' / ') });
  return (
    <span class="pf-action-hint" title={text}>
      {text}
    </span>
  );
}

interface ReasonProps {
  id: string;
  finding: Finding;
  answer: ReviewAnswer;
  editing: boolean;
  onEdit: () => void;
  onChange: (answer: ReviewAnswer) => void;
}

/**
 * The reason of a continued item: the picker while none is settled (or the doctor edits it), one
 * line once a preset, an attestation or 全部继续 gave one — so a list of answered items stays short.
 */
function Reason({ id, finding, answer, editing, onEdit, onChange }: ReasonProps) {
  const gated = useGatedHandler();
  const settled = isContinuedWithReason(answer) && answer.reason !== 'other';
  const attested = answer.action !== undefined && isContinuedWithReason(answer);
  const ownMissing = needsOwnReason(finding, answer);
  if (!editing && (settled || attested) && !ownMissing) {
    const given = answerReason(answer)!;
    const text = given.reasonCode ? reasonLabel(given.reasonCode) : given.reason;
    return (
      <div class="pf-review-answered" data-role="answered">
        {t('review.answered', { reason: text })}
        {answer.bulk && <span class="pf-review-bulk"> {t('review.answered.bulk')}</span>}
        {!attested && (
          <button type="button" class="pf-link" data-role="edit-reason" onClick={gated(onEdit)}>
            {t('review.answered.edit')}
          </button>
        )}
      </div>
    );
  }
  return <ReasonPicker name={`${id}-reason`} answer={answer} onChange={onChange} ownReasonMissing={ownMissing} />;
}
