import { useEffect, useState } from 'preact/hooks';
import { SeverityIcon } from '../../../components/SeverityIcon';
import { formatAmount } from '../../../components/i18n';
import { at } from '../../../components/review/appeal-i18n';
import { AppealStepView, formatDeadline, VerdictStateTag } from '../../../components/review/AppealStepView';
import { ErrorNotice } from '../../../components/review/ErrorNotice';
import { RuleIdText } from '../../../components/review/names';
import { DiagnosisList, OrderLinesTable } from '../../../components/review/OrderContents';
import { rxt } from '../../../components/review/order-i18n';
import { AppealFindingsSchema, type AppealFinding, type AppealFindings } from '../../../contract/review/appeals';
import { AppealStepSchema } from '../../../contract/review/verdicts';
import { formatInstant } from '../../../contract/review/zoned-time';
import type { HubClient } from '../api-client';

/**
 * The open 确认违规 findings a doctor (through their appeal link) or a 科室 lead may appeal, each
 * with the prescription it was found on — lines, diagnoses, what the doctor was told and on what
 * 依据 — the 质控's comment and the deadline, and a form for the appeal text. What is listed and
 * what may be appealed is the hub's decision (the credential's scope); this only shows it.
 */
export function AppealFindingsList({ client }: { client: HubClient }) {
  const [data, setData] = useState<AppealFindings | undefined>();
  const [error, setError] = useState<unknown>();
  const load = async () => {
    try {
      setData(await client.get('/appeal/findings', {}, AppealFindingsSchema));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), [client]);

  if (error !== undefined) return <ErrorNotice error={error} />;
  if (!data) return <p class="rv-muted">{at('page.loading')}</p>;
  const scope = data.scope;
  return (
    <section class="ap-list">
      <header class="ap-scope">
        {scope.kind === 'prescriber' && (
          <p>
            <strong>{at('page.doctor', { name: scope.name ?? scope.prescriberId })}</strong>
            {scope.department && <span class="rv-muted"> · {at('page.department', { department: scope.department })}</span>}
          </p>
        )}
        {scope.kind === 'department' && <h2>{at('lead.title', { department: scope.department })}</h2>}
        {scope.kind === 'all' && <h2>{at('all.title')}</h2>}
        <p class="rv-hint">{at('page.hint')}</p>
      </header>
      {data.findings.length === 0 && <p class="ap-empty rv-muted">{at('page.empty')}</p>}
      {data.findings.map((finding) => (
        <AppealCard key={finding.verdictId} finding={finding} timeZone={data.timeZone} client={client} showDoctor={scope.kind !== 'prescriber'} onSaved={load} />
      ))}
    </section>
  );
}

function AppealCard({ finding, timeZone, client, showDoctor, onSaved }: { finding: AppealFinding; timeZone: string; client: HubClient; showDoctor: boolean; onSaved: () => void }) {
  const line = finding.lineId === undefined ? undefined : finding.order.lines.find((l) => l.id === finding.lineId);
  return (
    <article class="rv-card ap-finding" data-verdict-id={finding.verdictId}>
      <header class="ap-finding-head">
        <SeverityIcon severity={finding.severity} withLabel />
        <strong class="rv-name">{finding.ruleName ?? finding.ruleId}</strong>
        <span class="rv-id">
          <RuleIdText id={finding.ruleId} />
        </span>
        <VerdictStateTag state={finding.state} />
      </header>
      <p class="ap-facts rv-sub">
        {at('finding.order', { orderId: finding.order.orderId })} · {at('finding.orderAt', { time: formatInstant(finding.order.at, timeZone) })}
        {finding.order.department && ` · ${finding.order.department}`}
        {showDoctor && ` · ${at('finding.doctor', { name: finding.prescriber.name ?? finding.prescriber.id })}`}
      </p>
      <div class="ap-body">
        <div class="ap-what">
          <p class="rv-finding-message">{finding.message ?? rxt('finding.noMessage')}</p>
          {line && <p class="rv-sub">{at('finding.line', { name: line.name || line.code })}{finding.amountAtRisk !== undefined && ` · ${rxt('finding.amount', { amount: formatAmount(finding.amountAtRisk) })}`}</p>}
          {finding.basis && <p class="rv-finding-basis">{at('finding.basis', { basis: finding.basis })}</p>}
          <p class="ap-verdict">
            <span class="rv-verdict rv-verdict-confirmed">{at('finding.verdictAt', { time: formatInstant(finding.verdictAt, timeZone) })}</span>
          </p>
          {finding.comment && <p class="rv-comment">{at('finding.comment', { comment: finding.comment })}</p>}
          <p class="ap-deadline">{at('finding.deadline', { time: formatDeadline(finding.appealUntil, timeZone) })}</p>
        </div>
        <div class="ap-order">
          {finding.order.diagnoses.length > 0 && (
            <DiagnosisList diagnoses={finding.order.diagnoses} />
          )}
          <OrderLinesTable lines={finding.order.lines} flagged={(id) => id === finding.lineId} />
        </div>
      </div>
      {finding.appeal ? (
        <AppealStepView step={finding.appeal} timeZone={timeZone} />
      ) : (
        <AppealForm verdictId={finding.verdictId} client={client} onSaved={onSaved} />
      )}
    </article>
  );
}

function AppealForm({ verdictId, client, onSaved }: { verdictId: number; client: HubClient; onSaved: () => void }) {
  const [text, setText] = useState('');
  const [state, setState] = useState<{ saving?: boolean; error?: unknown; empty?: boolean; saved?: boolean }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return setState({ empty: true });
    setState({ saving: true });
    try {
      await client.post(`/appeal/findings/${verdictId}/appeal`, { text }, AppealStepSchema);
      setState({ saved: true });
      onSaved();
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <form class="rv-form ap-form" onSubmit={submit}>
      <label class="rv-field">
        <span>{at('form.label')}</span>
        <textarea name="appeal" rows={3} maxLength={2000} placeholder={at('form.placeholder')} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <div class="rv-form-actions">
        <button type="submit" class="rv-primary" disabled={state.saving}>
          {state.saving ? at('form.saving') : at('form.submit')}
        </button>
        {state.empty && <span class="rv-invalid">{at('form.empty')}</span>}
        {state.saved && (
          <span class="rv-ok" role="status">
            {at('form.saved')}
          </span>
        )}
      </div>
      {state.error !== undefined && <ErrorNotice error={state.error} />}
    </form>
  );
}
