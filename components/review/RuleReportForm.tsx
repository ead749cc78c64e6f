import { useState } from 'preact/hooks';
import { useReview } from './context';
import { ErrorNotice } from './ErrorNotice';
import { rt } from './review-i18n';

/** 规则有误: the reviewer says the rule itself is wrong; the 医保办 reads it in the rule view. */
export function RuleReportForm({ ruleId, eventId, packVersion }: { ruleId: string; eventId?: string | undefined; packVersion?: string | undefined }) {
  const { source } = useReview();
  const [comment, setComment] = useState('');
  const [state, setState] = useState<{ sending?: boolean; sent?: boolean; error?: unknown; missing?: boolean }>({});

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = comment.trim();
    if (!text) return setState({ missing: true });
    setState({ sending: true });
    try {
      await source.reportRule({ ruleId, comment: text, ...(eventId ? { eventId } : {}), ...(packVersion ? { packVersion } : {}) });
      setComment('');
      setState({ sent: true });
    } catch (error) {
      setState({ error });
    }
  };

  return (
    <form class="rv-form rv-report-form" onSubmit={submit}>
      <fieldset>
        <legend>{rt('reportForm.title')}</legend>
        <p class="rv-hint">{rt('reportForm.hint')}</p>
        <label class="rv-field">
          <span>{rt('reportForm.comment')}</span>
          <textarea name="report" rows={2} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        </label>
        <div class="rv-form-actions">
          <button type="submit" disabled={state.sending}>
            {rt('reportForm.submit')}
          </button>
          {state.missing && <span class="rv-invalid">{rt('reportForm.missing')}</span>}
          {state.sent && (
            <span class="rv-ok" role="status">
              {rt('reportForm.sent')}
            </span>
          )}
        </div>
        {state.error !== undefined && <ErrorNotice error={state.error} />}
      </fieldset>
    </form>
  );
}
