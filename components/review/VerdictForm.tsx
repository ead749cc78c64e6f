import { useState } from 'preact/hooks';
import { useReview } from './context';
import { ErrorNotice } from './ErrorNotice';
import { VERDICTS, type Verdict, type VerdictRecord } from '../../contract/review/verdicts';
import { rt, verdictText } from './review-i18n';
import { verdictClass } from './EventTable';

/** 确认违规 / 误报 / 合理使用 with an optional comment; each save adds to the event's history. */
export function VerdictForm({ eventId, current, onSaved }: { eventId: string; current?: Verdict | undefined; onSaved: (record: VerdictRecord) => void }) {
  const { source } = useReview();
  const [verdict, setVerdict] = useState<Verdict | undefined>(current);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<{ saving?: boolean; error?: unknown; saved?: Verdict; missing?: boolean }>({});

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!verdict) return setState({ missing: true });
    setState({ saving: true });
    try {
      const trimmed = comment.trim();
      const record = await source.recordVerdict(eventId, { verdict, ...(trimmed ? { comment: trimmed } : {}) });
      setComment('');
      setState({ saved: record.verdict });
      onSaved(record);
    } catch (error) {
      setState({ error });
    }
  };

  return (
    <form class="rv-form rv-verdict-form" onSubmit={submit}>
      <fieldset>
        <legend>{rt('verdictForm.title')}</legend>
        <div class="rv-choices">
          {VERDICTS.map((v) => (
            <label key={v} class={`rv-choice rv-verdict-${verdictClass(v)}`}>
              <input type="radio" name="verdict" value={v} checked={verdict === v} onChange={() => setVerdict(v)} />
              {verdictText(v)}
            </label>
          ))}
        </div>
        <label class="rv-field">
          <span>{rt('verdictForm.comment')}</span>
          <textarea name="comment" rows={2} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        </label>
        <div class="rv-form-actions">
          <button type="submit" class="rv-primary" disabled={state.saving}>
            {state.saving ? rt('verdictForm.saving') : rt('verdictForm.submit')}
          </button>
          {state.missing && <span class="rv-invalid">{rt('verdictForm.pick')}</span>}
          {state.saved && (
            <span class="rv-ok" role="status">
              {rt('verdictForm.saved', { verdict: verdictText(state.saved) })}
            </span>
          )}
        </div>
        {state.error !== undefined && <ErrorNotice error={state.error} />}
      </fieldset>
    </form>
  );
}
