import { useState } from 'preact/hooks';
import { KeyRingViewSchema, type KeyRingView } from '../../../contract/pack-publish';
import { ErrorNotice } from '../../../components/review/ErrorNotice';
import type { HubClient } from '../api-client';
import { pt } from './publish-i18n';

/** A rotation pending for two weeks gives IT time to reach every workstation. */
const DEFAULT_GRACE_DAYS = 14;

/**
 * The hub's signing key: the public halves IT configures on the workstations, and (with
 * keys:manage) its rotation. A rotation names the next key and the day it starts signing; until
 * then both public keys are shown, so a workstation set up meanwhile trusts the one to come.
 */
export function KeysCard(props: { keys: KeyRingView; timeZone: string; client: HubClient; canRotate: boolean; onRotated: (keys: KeyRingView) => void; formatTime: (iso: string) => string }) {
  const { keys } = props;
  const [copied, setCopied] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const text = JSON.stringify(keys.next ? [keys.current, keys.next.key] : keys.current, null, 1);
  return (
    <section class="db-card" aria-labelledby="keys-title">
      <h2 id="keys-title">{pt('keys.title')}</h2>
      <p class="rv-hint">{pt('keys.hint')}</p>
      {notice && (
        <p class="db-notice" role="status">
          {notice}
        </p>
      )}
      <p class="db-key" data-key-id={keys.current.keyId}>
        {pt('keys.current', { keyId: keys.current.keyId })}
      </p>
      {keys.next && <p class="db-key-next">{pt('keys.next', { keyId: keys.next.key.keyId, from: props.formatTime(keys.next.from) })}</p>}
      <pre id="hub-public-key" class="db-public-key rv-data">
        {text}
      </pre>
      <div class="db-key-actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? pt('keys.copied') : pt('keys.copy')}
        </button>
        {props.canRotate && !keys.next && !rotating && (
          <button type="button" onClick={() => (setRotating(true), setNotice(undefined))}>
            {pt('keys.rotate')}
          </button>
        )}
      </div>
      {rotating && (
        <RotateForm
          client={props.client}
          onCancel={() => setRotating(false)}
          onRotated={(ring) => {
            setRotating(false);
            setCopied(false);
            if (ring.next) setNotice(pt('keys.rotated', { keyId: ring.next.key.keyId, from: props.formatTime(ring.next.from) }));
            props.onRotated(ring);
          }}
        />
      )}
    </section>
  );
}

function RotateForm(props: { client: HubClient; onCancel: () => void; onRotated: (keys: KeyRingView) => void }) {
  const [days, setDays] = useState(String(DEFAULT_GRACE_DAYS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const graceDays = /^\d{1,3}$/.test(days.trim()) ? Number(days.trim()) : NaN;
  const valid = Number.isInteger(graceDays) && graceDays >= 0 && graceDays <= 365;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onRotated(await props.client.post('/keys/rotate', { graceDays }, KeyRingViewSchema));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="db-restore-form" onSubmit={(e) => void submit(e)} aria-labelledby="rotate-title">
      <h3 id="rotate-title">{pt('keys.rotate.title')}</h3>
      <p class="rv-hint">{pt('keys.rotate.hint')}</p>
      <label>
        {pt('keys.rotate.days')}{' '}
        <input id="rotate-days" type="number" min={0} max={365} step={1} value={days} aria-invalid={!valid} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
      </label>
      {!valid && <p class="rv-field-error">{pt('keys.rotate.daysInvalid')}</p>}
      {valid && graceDays === 0 && <p class="db-key-next">{pt('keys.rotate.zeroDays')}</p>}
      {error !== undefined && <ErrorNotice error={error} />}
      <div class="db-key-actions">
        <button type="submit" disabled={!valid || busy}>
          {pt('keys.rotate.submit')}
        </button>
        <button type="button" onClick={props.onCancel} disabled={busy}>
          {pt('keys.rotate.cancel')}
        </button>
      </div>
    </form>
  );
}
