import type { AppealStep, VerdictState } from '../../contract/review/verdicts';
import { formatInstant } from '../../contract/review/zoned-time';
import { at } from './appeal-i18n';
import { verdictText } from './review-i18n';

/**
 * An appeal and its decision as a finding's history shows them: who appealed (the doctor through
 * the link, or the 科室 lead's token), when and why; who decided, when, what and why.
 */
export function AppealStepView({ step, timeZone }: { step: AppealStep; timeZone: string }) {
  const by = at(step.via === 'link' ? 'appeal.by.link' : 'appeal.by.token', { name: step.byLabel || step.by });
  return (
    <div class="rv-appeal" data-appeal-id={step.id}>
      <div class="rv-appeal-step">
        <span class="rv-muted">{at('appeal.at', { by, time: formatInstant(step.at, timeZone) })}</span>
        <p class="rv-appeal-text">{at('appeal.text', { text: step.text })}</p>
      </div>
      {step.decision && (
        <div class={`rv-appeal-step rv-appeal-decision rv-appeal-${step.decision.outcome === '维持' ? 'kept' : 'revoked'}`}>
          <span class="rv-muted">{at('decision.at', { by: step.decision.byLabel || step.decision.by, time: formatInstant(step.decision.at, timeZone), outcome: at(`outcome.${step.decision.outcome}`) })}</span>
          <p class="rv-appeal-text">{at('decision.reason', { reason: step.decision.reason })}</p>
          {step.decision.revisedVerdict && <p class="rv-appeal-text">{at('decision.revised', { verdict: verdictText(step.decision.revisedVerdict) })}</p>}
        </div>
      )}
    </div>
  );
}

/**
 * A window's end as the last second it is open: a window that closes at midnight reads
 * "2026-12-10 23:59:59", the day the doctor still has, not the next day's "00:00:00".
 */
export function formatDeadline(iso: string, timeZone: string): string {
  return formatInstant(new Date(Date.parse(iso) - 1000).toISOString(), timeZone);
}

/** Where a verdict stands, as a tag: 可申诉 / 已申诉，待质控裁决 / 结论已生效. */
export function VerdictStateTag({ state }: { state: VerdictState | undefined }) {
  if (!state) return null;
  return <span class={`rv-tag rv-state rv-state-${state}`}>{at(`state.${state}`)}</span>;
}
