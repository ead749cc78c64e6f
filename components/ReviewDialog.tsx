import type { JSX } from 'preact';
import { useContext, useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { OVERRIDE_REASONS, type Decision, type ReasonCode } from '../contract/decision';
import type { Action, Finding } from '../contract/findings';
import { totalAmountAtRisk } from './finding-list';
import { trapTab, tabbableElements } from './focus-trap';
import { formatAmount, reasonLabel, t } from './i18n';
import { lineDisplayName } from './line-name';
import { EMPTY_ANSWER, NOT_APPLICABLE_REASON, anyReturn, buildDecisions, canContinue, continueAll, pendingCount, type ReviewAnswer } from './review-decisions';
import { answerText, firstFix, reviewFixes, type ReviewFix } from './review-fixes';
import { reviewGroups } from './review-groups';
import { ReviewItem } from './ReviewItem';
import { EventGateContext, useGatedHandler } from './trusted-event';

export interface ReviewDialogProps {
  orderId: string;
  /** The findings that need a decision; the content script only ever appends to this list. */
  findings: readonly Finding[];
  /** Per finding: it went away after a fix (the page was checked again without it). */
  resolved?: readonly boolean[];
  lineNames?: Readonly<Record<string, string>>;
  /** Line id → the row as the page numbers it (序号 2, 第 2 行). */
  lineLabels?: Readonly<Record<string, string>>;
  /** Whether a fix can be written into the page (the profile allows it, the row is there). */
  canApply?: (action: Action, finding: Finding) => boolean;
  /** Writes a fix into the page; the page is checked again and the item resolves when its finding is gone. */
  onAction?: (finding: Finding, action: Action) => void;
  /** The item the doctor is on: its field is outlined on the page (undefined when the dialog closes). */
  onFocusFinding?: (finding: Finding | undefined) => void;
  /** 补录诊断: go back to editing with the page's diagnosis field focused. */
  onAddDiagnosis?: (finding: Finding, decisions: Decision[]) => void;
  onReport?: (finding: Finding, reason: string | undefined) => void;
  /** Lines marked 自费 in the order: the consent sheet can be printed. */
  selfPayCount?: number;
  onConsent?: () => void;
  /** The doctor goes back to edit (button or Esc); one decision per finding. */
  onReturn: (decisions: Decision[]) => void;
  /** Every item is resolved or continued with a reason; the content script re-dispatches the submission. */
  onContinue: (decisions: Decision[]) => void;
  /** Clock for the decisions' `at`; tests pass a fixed one. */
  now?: () => Date;
}

const PRESETS = OVERRIDE_REASONS.map((r) => r.display);
const NEVER = () => false;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el.tagName === 'INPUT' && (el as HTMLInputElement).type !== 'checkbox');
}

/**
 * The pre-submit review: modal, focus kept inside, items grouped by row. Each item offers its
 * fixes beside 返回修改 / 继续; a fix writes into the page and the item resolves when the re-check no
 * longer finds it. Keyboard: ↑/↓ between items, Enter applies the item's first fix, Esc goes back
 * to editing. 继续提交 needs every open item continued with a reason — a critical item its own.
 */
export function ReviewDialog(props: ReviewDialogProps) {
  const { orderId, findings, lineNames, lineLabels, onReturn, onContinue, now } = props;
  const id = useId();
  const gated = useGatedHandler();
  const dialogRef = useRef<HTMLDivElement>(null);
  const [answers, setAnswers] = useState<ReviewAnswer[]>([]);
  const [bulkReason, setBulkReason] = useState<ReasonCode>(PRESETS[0]!);
  const resolved = props.resolved ?? [];
  const items = { findings, answers, resolved };
  const canApply = props.canApply ?? NEVER;
  const groups = useMemo(() => reviewGroups(findings), [findings]);
  const fixesOf = (finding: Finding) => reviewFixes(finding, canApply);

  const focusItem = (index: number | undefined) => {
    if (index === undefined) return;
    dialogRef.current?.querySelector<HTMLElement>(`.pf-review-item[data-index="${index}"]`)?.focus();
  };
  const order = groups.flatMap((g) => g.items.map((item) => item.index));
  const firstOpen = order.find((i) => !resolved[i]);

  useEffect(() => {
    const previous = document.activeElement;
    const dialog = dialogRef.current;
    if (dialog) {
      const item = firstOpen === undefined ? undefined : dialog.querySelector<HTMLElement>(`.pf-review-item[data-index="${firstOpen}"]`);
      (item ?? tabbableElements(dialog)[0] ?? dialog).focus();
    }
    return () => {
      props.onFocusFinding?.(undefined);
      // Give focus back to what the doctor was on (usually the page's submit button or a field).
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);

  // An item resolved while the doctor is on it (or on its fix, now gone): on to the next open one.
  const resolvedKey = resolved.map((r) => (r ? '1' : '0')).join('');
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const root = dialog.getRootNode() as Document | ShadowRoot;
    const active = root.activeElement;
    const item = active instanceof HTMLElement ? active.closest<HTMLElement>('.pf-review-item') : null;
    const lost = !active || !dialog.contains(active);
    if (!lost && item?.dataset.state !== 'resolved') return;
    const at = item ? order.indexOf(Number(item.dataset.index)) : -1;
    const next = order.slice(at + 1).find((i) => !resolved[i]) ?? order.find((i) => !resolved[i]);
    if (next !== undefined) focusItem(next);
    else dialog.focus();
  }, [resolvedKey]);

  // Esc goes back to editing even when focus has left the dialog (a fix's button went away).
  const accept = useContext(EventGateContext);
  const latestBack = useRef<() => void>(() => undefined);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !accept(event)) return;
      const dialog = dialogRef.current;
      if (!dialog) return;
      // Keys inside our overlay are the dialog's own (a closed shadow root shows only its host here).
      const root = dialog.getRootNode();
      const path = event.composedPath();
      if (path.includes(dialog) || (root instanceof ShadowRoot && path.includes(root.host))) return;
      event.preventDefault();
      latestBack.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [accept]);

  const clock = now ?? (() => new Date());
  const decisions = () => buildDecisions(orderId, items, clock());
  const returning = anyReturn(items);
  const ready = canContinue(items);
  const pending = pendingCount(items);
  const open = findings.filter((_, i) => !resolved[i]);
  const total = totalAmountAtRisk(open);
  const nonCriticalOpen = open.filter((f) => f.severity !== 'critical').length;
  const criticalOpen = open.length - nonCriticalOpen;

  const setAnswer = (index: number, answer: ReviewAnswer) =>
    setAnswers((current) => findings.map((_, i) => (i === index ? answer : (current[i] ?? EMPTY_ANSWER))));

  const applyFix = (index: number, fix: ReviewFix) => {
    const finding = findings[index]!;
    if (fix.mode === 'write') props.onAction?.(finding, fix.action);
    else if (fix.mode === 'diagnosis') props.onAddDiagnosis?.(finding, decisions());
    else if (fix.mode === 'answer') {
      const reason = answerText(fix.action, { approval: t('review.approvalReason'), confirmed: t('review.confirmedReason') });
      setAnswer(index, { choice: 'continue', reason: 'other', otherText: reason, action: fix.action.type });
    }
  };

  const goBack = () => onReturn(decisions());
  latestBack.current = goBack;
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
    const item = (event.target as HTMLElement).closest?.<HTMLElement>('.pf-review-item');
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !isTyping(event.target)) {
      event.preventDefault();
      const at = item ? order.indexOf(Number(item.dataset.index)) : -1;
      const next = event.key === 'ArrowDown' ? Math.min(order.length - 1, at + 1) : Math.max(0, at - 1);
      focusItem(order[next]);
      return;
    }
    if (event.key === 'Enter' && item && event.target === item) {
      event.preventDefault();
      const index = Number(item.dataset.index);
      const fix = resolved[index] ? undefined : firstFix(fixesOf(findings[index]!));
      if (fix) applyFix(index, fix);
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
      <div ref={dialogRef} class="pf-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} onKeyDown={gated(onKeyDown)}>
        <div class="pf-dialog-head">
          <h2 class="pf-dialog-title" id={titleId}>
            {t('review.title')}
          </h2>
          <p class="pf-dialog-intro">
            {t('review.intro', { count: findings.length })}
            <span class="pf-dialog-keys">{t('review.keys')}</span>
          </p>
        </div>
        <div class="pf-dialog-body">
          {nonCriticalOpen > 1 && (
            <div class="pf-bulk">
              <span>{t(criticalOpen > 0 ? 'review.bulk.nonCritical' : 'review.bulk')}</span>
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
              <button type="button" class="pf-button pf-button-small" data-role="continue-all" onClick={gated(() => setAnswers(continueAll(items, bulkReason)))}>
                {t('review.bulk.apply')}
              </button>
            </div>
          )}
          {groups.map((group) => (
            <section class="pf-review-group" key={group.lineId ?? '\u0000order'} data-line-id={group.lineId}>
              <div class="pf-review-row">
                {group.lineId !== undefined && lineLabels?.[group.lineId] && <span class="pf-row-label">{lineLabels[group.lineId]}</span>}
                <span class="pf-row-name">{lineDisplayName(group.lineId, lineNames)}</span>
              </div>
              <div class="pf-review-group-items">
              {group.items.map(({ finding, index }) => (
                <ReviewItem
                  key={index}
                  id={`${id}-${index}`}
                  index={index}
                  finding={finding}
                  fixes={fixesOf(finding)}
                  answer={answers[index] ?? EMPTY_ANSWER}
                  resolved={resolved[index] === true}
                  onChange={(answer) => setAnswer(index, answer)}
                  onFix={(fix) => applyFix(index, fix)}
                  onFocus={() => props.onFocusFinding?.(finding)}
                  onReport={
                    props.onReport &&
                    ((f, reason) => {
                      props.onReport!(f, reason);
                      setAnswer(index, { ...(answers[index] ?? EMPTY_ANSWER), choice: 'continue', reason: NOT_APPLICABLE_REASON, action: undefined, bulk: false });
                    })
                  }
                />
              ))}
              </div>
            </section>
          ))}
        </div>
        <div class="pf-dialog-foot">
          {total > 0 && <span class="pf-dialog-total">{t('review.total', { amount: formatAmount(total) })}</span>}
          {!returning && !ready && <span class="pf-dialog-pending">{t('review.pending', { count: pending })}</span>}
          {(props.selfPayCount ?? 0) > 0 && props.onConsent && (
            <button type="button" class="pf-button" data-role="consent" onClick={gated(props.onConsent)}>
              {t('review.consent', { count: props.selfPayCount ?? 0 })}
            </button>
          )}
          <span class="pf-spacer" />
          {returning ? (
            <button type="button" class="pf-button pf-button-primary" data-role="return" onClick={gated(goBack)}>
              {t('review.return')}
            </button>
          ) : (
            <>
              <button type="button" class="pf-button" data-role="return" onClick={gated(goBack)}>
                {t('review.return')}
              </button>
              <button type="button" class="pf-button pf-button-primary" data-role="continue" disabled={!ready} onClick={gated(submit)}>
                {t('review.continue')}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
