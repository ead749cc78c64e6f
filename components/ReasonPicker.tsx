import type { JSX } from 'preact';
import { OVERRIDE_REASONS } from '../contract/decision';
import { reasonLabel, t } from './i18n';
import type { ReviewAnswer } from './review-decisions';
import { useGatedHandler } from './trusted-event';

const PRESETS = OVERRIDE_REASONS.map((r) => r.display);

export interface ReasonPickerProps {
  name: string;
  answer: ReviewAnswer;
  onChange: (answer: ReviewAnswer) => void;
  /** Show the “needs its own reason” note (a critical item continued by the blanket reason). */
  ownReasonMissing: boolean;
}

/** The reason for continuing one item: a preset, or the doctor's own words. */
export function ReasonPicker({ name, answer, onChange, ownReasonMissing }: ReasonPickerProps) {
  const gated = useGatedHandler();
  // Choosing here makes the reason the item's own, even if 全部继续 had filled it.
  const set = (next: Partial<ReviewAnswer>) => onChange({ ...answer, ...next, bulk: false, action: undefined });
  const missing = answer.reason === undefined || (answer.reason === 'other' && !answer.otherText.trim());
  return (
    <fieldset class="pf-reasons">
      <legend>{t('review.reason')}</legend>
      <div class="pf-reason-options">
        {PRESETS.map((preset) => (
          <label key={preset}>
            <input type="radio" name={name} value={preset} checked={answer.reason === preset} onChange={gated(() => set({ reason: preset }))} />
            {reasonLabel(preset)}
          </label>
        ))}
        <label>
          <input type="radio" name={name} value="other" checked={answer.reason === 'other'} onChange={gated(() => set({ reason: 'other' }))} />
          {t('review.reason.other')}
        </label>
      </div>
      <input
        type="text"
        maxLength={200}
        aria-label={t('review.reason.other')}
        placeholder={t('review.reason.otherPlaceholder')}
        value={answer.otherText}
        onInput={gated((e: JSX.TargetedEvent<HTMLInputElement>) => set({ reason: 'other', otherText: e.currentTarget.value }))}
      />
      {ownReasonMissing ? (
        <div class="pf-reason-missing">{t('review.critical.own')}</div>
      ) : (
        missing && <div class="pf-reason-missing">{t('review.reason.missing')}</div>
      )}
    </fieldset>
  );
}
