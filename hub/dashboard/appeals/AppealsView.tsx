import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { at } from '../../../components/review/appeal-i18n';
import { AppealStepView, formatDeadline } from '../../../components/review/AppealStepView';
import { ErrorNotice } from '../../../components/review/ErrorNotice';
import { RuleIdText } from '../../../components/review/names';
import { verdictText } from '../../../components/review/review-i18n';
import { AppealLinkSchema, AppealQueueSchema, type AppealLink, type AppealQueue, type OpenByPrescriber, type QueuedAppeal } from '../../../contract/review/appeals';
import { AppealStepSchema } from '../../../contract/review/verdicts';
import { formatInstant } from '../../../contract/review/zoned-time';
import type { HubClient } from '../api-client';

/** How long a link works (hub/src/review/appeal-links.ts, APPEAL_LINK_DAYS): said on the view. */
const LINK_DAYS = 30;

/**
 * 申诉 for the 质控: the appeals awaiting a decision, each with its finding, the doctor's text and
 * a 维持 / 撤销 form; the doctors whose 确认违规 verdicts are open to appeal, each with a link to
 * make and copy; and the appeals decided lately.
 */
export function AppealsView({ client, timeZone, onOpenOrder }: { client: HubClient; timeZone: string; onOpenOrder: (orderKey: string) => void }) {
  const [pending, setPending] = useState<AppealQueue | undefined>();
  const [decided, setDecided] = useState<AppealQueue | undefined>();
  const [error, setError] = useState<unknown>();
  const load = async () => {
    try {
      const [p, d] = await Promise.all([client.get('/appeals', { state: 'pending' }, AppealQueueSchema), client.get('/appeals', { state: 'decided', limit: 20 }, AppealQueueSchema)]);
      setPending(p);
      setDecided(d);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [client]);
  if (error !== undefined) return <ErrorNotice error={error} />;
  if (!pending || !decided) return null;
  return (
    <section class="ap-queue">
      <article class="rv-card ap-pending">
        <h2>{at('queue.title')}</h2>
        {pending.appeals.length === 0 && <p class="rv-muted">{at('queue.empty')}</p>}
        {pending.appeals.map((item) => (
          <QueuedCard key={item.appeal.id} item={item} timeZone={timeZone} onOpenOrder={onOpenOrder}>
            <DecisionForm appealId={item.appeal.id} client={client} onSaved={load} />
          </QueuedCard>
        ))}
      </article>
      <article class="rv-card ap-links">
        <h2>{at('links.title')}</h2>
        <p class="rv-hint">{at('links.hint', { days: pending.appealDays, linkDays: LINK_DAYS })}</p>
        {pending.open.length === 0 ? <p class="rv-muted">{at('links.empty')}</p> : <OpenDoctors rows={pending.open} timeZone={timeZone} client={client} />}
      </article>
      <article class="rv-card ap-decided">
        <h2>{at('queue.decidedTitle')}</h2>
        {decided.appeals.length === 0 && <p class="rv-muted">{at('queue.decidedEmpty')}</p>}
        {decided.appeals.map((item) => (
          <QueuedCard key={item.appeal.id} item={item} timeZone={timeZone} onOpenOrder={onOpenOrder} />
        ))}
      </article>
    </section>
  );
}

function QueuedCard({ item, timeZone, onOpenOrder, children }: { item: QueuedAppeal; timeZone: string; onOpenOrder: (key: string) => void; children?: ComponentChildren }) {
  const doctor = item.prescriber ? `${item.prescriber.name ?? item.prescriber.id}${item.prescriber.department ? `（${item.prescriber.department}）` : ''}` : '';
  return (
    <div class="ap-item" data-appeal-id={item.appeal.id}>
      <p class="ap-item-head">
        <strong class="rv-name">{item.ruleName ?? item.ruleId}</strong>{' '}
        <span class="rv-id">
          <RuleIdText id={item.ruleId} />
        </span>
        {doctor && <span class="rv-muted"> · {at('queue.doctor')}：{doctor}</span>}
        {item.orderKey && (
          <button type="button" class="ap-open" onClick={() => onOpenOrder(item.orderKey!)}>
            {at('queue.open')}
            {item.orderId ? ` ${item.orderId}` : ''}
          </button>
        )}
      </p>
      {item.message && <p class="rv-finding-message">{item.message}</p>}
      <p class="rv-sub">
        {at('queue.verdict')}：<span class="rv-verdict rv-verdict-confirmed">{verdictText('确认违规')}</span> {formatInstant(item.verdictAt, timeZone)}
        {item.verdictComment && ` · ${item.verdictComment}`}
      </p>
      <AppealStepView step={item.appeal} timeZone={timeZone} />
      {children}
    </div>
  );
}

function DecisionForm({ appealId, client, onSaved }: { appealId: number; client: HubClient; onSaved: () => void }) {
  const [outcome, setOutcome] = useState<'维持' | '撤销' | undefined>();
  const [revised, setRevised] = useState<'合理使用' | '误报'>('合理使用');
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ saving?: boolean; error?: unknown; missing?: boolean }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!outcome || !reason.trim()) return setState({ missing: true });
    setState({ saving: true });
    try {
      await client.post(`/appeals/${appealId}/decision`, { outcome, reason, ...(outcome === '撤销' ? { revisedVerdict: revised } : {}) }, AppealStepSchema);
      onSaved();
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <form class="rv-form ap-decide" onSubmit={submit}>
      <fieldset>
        <legend>{at('decide.legend')}</legend>
        <div class="rv-choices">
          <label class="rv-choice rv-verdict-confirmed">
            <input type="radio" name={`outcome-${appealId}`} value="维持" checked={outcome === '维持'} onChange={() => setOutcome('维持')} />
            {at('decide.keep')}
          </label>
          <label class="rv-choice rv-verdict-justified">
            <input type="radio" name={`outcome-${appealId}`} value="撤销" checked={outcome === '撤销'} onChange={() => setOutcome('撤销')} />
            {at('decide.revoke')}
          </label>
          {outcome === '撤销' && (
            <label class="rv-filter">
              <span>{at('decide.revisedLabel')}</span>
              <select name="revised" value={revised} onChange={(e) => setRevised(e.currentTarget.value as '合理使用' | '误报')}>
                <option value="合理使用">{verdictText('合理使用')}</option>
                <option value="误报">{verdictText('误报')}</option>
              </select>
            </label>
          )}
        </div>
        <label class="rv-field">
          <span>{at('decide.reason')}</span>
          <textarea name="reason" rows={2} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <div class="rv-form-actions">
          <button type="submit" class="rv-primary" disabled={state.saving}>
            {state.saving ? at('decide.saving') : at('decide.submit')}
          </button>
          {state.missing && <span class="rv-invalid">{at('decide.pick')}</span>}
        </div>
        {state.error !== undefined && <ErrorNotice error={state.error} />}
      </fieldset>
    </form>
  );
}

function OpenDoctors({ rows, timeZone, client }: { rows: OpenByPrescriber[]; timeZone: string; client: HubClient }) {
  const [made, setMade] = useState<Record<string, AppealLink>>({});
  const [copied, setCopied] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const make = async (prescriberId: string) => {
    try {
      const link = await client.post('/appeal-links', { prescriberId }, AppealLinkSchema);
      setMade({ ...made, [prescriberId]: link });
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  const copy = async (prescriberId: string, url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(prescriberId);
    } catch {
      // No clipboard (plain http on another host): the link is selected in its field to copy by hand.
      document.querySelector<HTMLInputElement>(`input[data-link-for="${CSS.escape(prescriberId)}"]`)?.select();
    }
  };
  return (
    <>
      <table class="rv-table ap-doctors">
        <tbody>
          {rows.map((r) => {
            const link = made[r.prescriberId];
            const url = link ? `${location.origin}${link.path}` : undefined;
            return (
              <tr key={r.prescriberId} data-prescriber-id={r.prescriberId}>
                <td>
                  <span class="rv-name">{r.name ?? r.prescriberId}</span> <span class="rv-id">{r.prescriberId}</span>
                  {r.department && <div class="rv-sub">{r.department}</div>}
                </td>
                <td class="rv-nowrap">{at('links.count', { count: r.open })}</td>
                <td class="rv-sub">
                  {at('links.deadline', { time: formatDeadline(r.nextDeadline, timeZone) })}
                  {r.linkCreatedAt && !link && <div>{at('links.existing', { time: formatInstant(r.linkCreatedAt, timeZone) })}</div>}
                </td>
                <td class="ap-link-cell">
                  {url ? (
                    <div class="ap-made">
                      <span class="rv-sub">{at('links.made')}</span>
                      <input class="ap-link" type="text" readOnly value={url} data-link-for={r.prescriberId} aria-label={at('links.made')} onFocus={(e) => e.currentTarget.select()} />
                      <button type="button" onClick={() => void copy(r.prescriberId, url)}>
                        {copied === r.prescriberId ? at('links.copied') : at('links.copy')}
                      </button>
                    </div>
                  ) : (
                    <button type="button" class="ap-make" onClick={() => void make(r.prescriberId)}>
                      {r.linkCreatedAt ? at('links.remake') : at('links.make')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error !== undefined && <ErrorNotice error={error} />}
    </>
  );
}
