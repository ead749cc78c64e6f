import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Finding } from '../contract/findings';
import { t } from './i18n';
import { useGatedHandler } from './trusted-event';

export const OBJECTION_MAX = 200;

export interface ReportObjectionProps {
  finding: Finding;
  /** Records 报告误报 in the flag log, with the doctor's words when given. */
  onReport: (finding: Finding, reason: string | undefined) => void;
}

/**
 * 报告误报: the doctor says the finding is wrong. One click opens a one-line note (optional); 提交
 * records it once. The finding itself stays — the 医保办 decides whether the rule changes.
 */
export function ReportObjection({ finding, onReport }: ReportObjectionProps) {
  const gated = useGatedHandler();
  const [state, setState] = useState<'closed' | 'open' | 'sent'>('closed');
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state === 'open') input.current?.focus();
  }, [state]);
  if (state === 'sent') return <span class="pf-report-sent" data-role="report-sent">{t('report.sent')}</span>;
  if (state === 'closed') {
    return (
      <button type="button" class="pf-link pf-report" data-role="report" onClick={gated(() => setState('open'))}>
        {t('report.open')}
      </button>
    );
  }
  const send = () => {
    onReport(finding, text.trim() || undefined);
    setState('sent');
  };
  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
    // Enter sends the note rather than applying the item's fix or submitting anything.
    if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      send();
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      setState('closed');
    }
  };
  return (
    <span class="pf-report-form" data-role="report-form">
      <input
        type="text"
        maxLength={OBJECTION_MAX}
        aria-label={t('report.reason')}
        placeholder={t('report.placeholder')}
        value={text}
        ref={input}
        onInput={gated((e: JSX.TargetedEvent<HTMLInputElement>) => setText(e.currentTarget.value))}
        onKeyDown={gated(onKeyDown)}
      />
      <button type="button" class="pf-action" data-role="report-send" onClick={gated(send)}>
        {t('report.send')}
      </button>
    </span>
  );
}
