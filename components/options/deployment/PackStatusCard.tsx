import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { PackActionAnswer, PackRejectionSchema, PackStatus } from '../../../pack-updates/messages';
import { ot, type OptionsKey } from '../options-i18n';
import type { PackAnswer, PackService } from './pack-service';

type Rejection = z.infer<typeof PackRejectionSchema>;

/** The install message carries the envelope as a string of at most this length (messages.ts). */
const MAX_ENVELOPE_CHARS = 80 * 1024 * 1024;

const localTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

type ActionOutcome = { ok: true; message: string } | { ok: false; message: string; rejection?: Rejection | undefined };

function RejectionText({ rejection }: { rejection: Rejection }) {
  return (
    <>
      {rejection.message} <code class="op-path">{rejection.reason}</code>
    </>
  );
}

function StatusRow({ field, label, children }: { field: string; label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-field={field}>{children}</dd>
    </>
  );
}

function StatusView({ status }: { status: PackStatus }) {
  const { active, lastCheck } = status;
  return (
    <dl class="op-status-list">
      <StatusRow field="active" label={ot('packs.active')}>
        {active ? (
          <>
            <strong data-field="active-id">{active.id}</strong> <strong data-field="active-version">{active.version}</strong>
            {' · '}
            {ot('packs.ruleCount', { count: active.ruleCount })}
          </>
        ) : status.configured ? (
          // Configured: the built-in demo pack does not stand in, so nothing is being checked.
          <span class="op-pack-warning" data-state="no-pack">
            {ot('packs.active.noPack')}
          </span>
        ) : (
          ot('packs.active.none')
        )}
      </StatusRow>
      {active && status.expired && (
        <StatusRow field="expired" label={ot('packs.expired')}>
          <span class="op-pack-warning" data-state="expired">
            {ot('packs.expired.text', { on: status.expired.on })}
          </span>
        </StatusRow>
      )}
      {active && (
        <>
          <StatusRow field="source" label={ot('packs.source')}>
            {ot(`packs.source.${active.source}` as OptionsKey)}
          </StatusRow>
          <StatusRow field="key" label={ot('packs.keyId')}>
            {active.keyId ? <code>{active.keyId}</code> : ot('packs.keyId.none')}
          </StatusRow>
          <StatusRow field="activated" label={ot('packs.activatedAt')}>
            {localTime(active.activatedAt)}
          </StatusRow>
        </>
      )}
      <StatusRow field="update-url" label={ot('packs.updateUrl')}>
        {status.updateUrl ? <code class="op-code">{status.updateUrl}</code> : ot('packs.updateUrl.none')}
        {status.updateUrl && ` · ${ot('packs.interval', { minutes: status.intervalMinutes })}`}
      </StatusRow>
      <StatusRow field="last-check" label={ot('packs.lastCheck')}>
        {lastCheck ? (
          <>
            <span data-outcome={lastCheck.outcome}>{ot(`packs.outcome.${lastCheck.outcome}` as OptionsKey)}</span> · {localTime(lastCheck.at)}
            {lastCheck.rejection && (
              <div class="op-pack-rejection" role="alert">
                <RejectionText rejection={lastCheck.rejection} />
              </div>
            )}
            {lastCheck.replacedWithdrawn && (
              <div class="op-pack-replaced" data-field="replaced-withdrawn">
                {ot('packs.withdrawals.replaced', lastCheck.replacedWithdrawn)}
              </div>
            )}
            {lastCheck.refusedWithdrawals?.length ? (
              <div class="op-pack-rejection" data-field="refused-withdrawals">
                {ot('packs.withdrawals.refused')}
                <ul>
                  {lastCheck.refusedWithdrawals.map((refused, i) => (
                    <li key={i}>
                      <RejectionText rejection={refused} />
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        ) : (
          ot('packs.lastCheck.none')
        )}
      </StatusRow>
      <StatusRow field="next-check" label={ot('packs.nextCheck')}>
        {localTime(status.nextCheckAt)}
      </StatusRow>
    </dl>
  );
}

function outcomeOf(answer: PackActionAnswer): ActionOutcome {
  if (!answer.ok) return { ok: false, message: ot('packs.action.refused'), rejection: answer.rejection ?? answer.status.lastCheck?.rejection };
  const active = answer.status.active;
  const outcome = answer.status.lastCheck?.outcome;
  if (outcome === 'updated' || !outcome) return { ok: true, message: active ? ot('packs.action.active', { id: active.id, version: active.version }) : ot('packs.action.done') };
  return { ok: true, message: ot(`packs.outcome.${outcome}` as OptionsKey) };
}

export interface PackStatusCardProps {
  service: PackService;
  /** Bumped after the deployment is saved: the background may have re-scheduled or re-checked. */
  refresh?: number;
}

/** What the background's pack service says: active pack, last and next check, and the two manual actions. */
export function PackStatusCard({ service, refresh = 0 }: PackStatusCardProps) {
  const [answer, setAnswer] = useState<PackAnswer<PackStatus> | undefined>();
  const [busy, setBusy] = useState<'check' | 'install' | 'status' | undefined>();
  const [action, setAction] = useState<ActionOutcome | undefined>();

  const loadStatus = async () => {
    setBusy('status');
    try {
      setAnswer(await service.status());
    } finally {
      setBusy(undefined);
    }
  };

  useEffect(() => {
    void loadStatus();
  }, [service, refresh]);

  const act = async (kind: 'check' | 'install', run: () => Promise<PackAnswer<PackActionAnswer>>) => {
    setBusy(kind);
    setAction(undefined);
    try {
      const result = await run();
      if (!result.ok) {
        setAnswer(result);
        return;
      }
      setAnswer({ ok: true, value: result.value.status });
      setAction(outcomeOf(result.value));
    } finally {
      setBusy(undefined);
    }
  };

  const onPackFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    if (text.length > MAX_ENVELOPE_CHARS) {
      setAction({ ok: false, message: ot('packs.install.tooLarge', { file: file.name }) });
      return;
    }
    await act('install', () => service.install(text));
  };

  return (
    <section class="op-card op-pack-status" aria-label={ot('packs.title')} aria-busy={busy ? 'true' : 'false'}>
      <h3>{ot('packs.title')}</h3>
      {answer?.ok === false && (
        <div class="op-error-summary op-pack-noanswer" role="alert" data-problem={answer.problem}>
          {ot(answer.problem === 'no-answer' ? 'packs.noAnswer' : 'packs.badAnswer')} <span class="op-path">{answer.detail}</span>
        </div>
      )}
      {answer?.ok === true && <StatusView status={answer.value} />}
      {answer === undefined && <p class="op-hint">{ot('packs.loading')}</p>}
      <div class="op-actions">
        <button type="button" id="pack-check-now" class="op-primary" disabled={busy !== undefined} onClick={() => void act('check', () => service.checkNow())}>
          {busy === 'check' ? ot('packs.checking') : ot('packs.checkNow')}
        </button>
        <label class={`op-file-button${busy !== undefined ? ' op-file-button-off' : ''}`}>
          {busy === 'install' ? ot('packs.installing') : ot('packs.install')}
          <input
            type="file"
            id="pack-install-file"
            class="op-visually-hidden"
            accept=".json,application/json"
            disabled={busy !== undefined}
            onChange={(e) => void onPackFile(e.currentTarget)}
          />
        </label>
        <button type="button" id="pack-status-refresh" disabled={busy !== undefined} onClick={() => void loadStatus()}>
          {ot('packs.refresh')}
        </button>
      </div>
      {action?.ok === true && (
        <p class="op-notice op-pack-action" role="status">
          {action.message}
        </p>
      )}
      {action?.ok === false && (
        <div class="op-error-summary op-pack-action" role="alert">
          {action.message}
          {action.rejection && (
            <div>
              <RejectionText rejection={action.rejection} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
