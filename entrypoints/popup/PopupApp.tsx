import { language } from '../../components/i18n';
import type { SyncStatus } from '../../log/upload/sync-status';
import type { PackStatus } from '../../pack-updates/messages';
import type { CoverageState } from '../../adapters/page-coverage';
import { pt, shortTime, type PopupKey } from './popup-i18n';

/**
 * The toolbar popup: which rule pack is checking orders, and whether the review log reaches the
 * hospital's hub. Counts and times only — no patient, order or finding ever appears here.
 */

export interface PopupAppProps {
  sync: SyncStatus;
  pack: PackStatus | null;
  uploading: boolean;
  /** Why the last 立即上传 request itself failed (the background did not answer). */
  requestError?: string;
  onUpload: () => void;
  onOpenSettings: () => void;
  /** The options page's 审核记录 tab: this computer's own findings and decisions. */
  reviewUrl?: string;
  /** Opens the field picker on the page behind the popup (an EMR page no profile reads yet). */
  onPick?: () => void;
  pickError?: string;
  /** The page behind the popup: `uncovered` — a configured hospital host that no profile reads. */
  coverage?: CoverageState;
}

type HubState = 'notConfigured' | 'connected' | 'failing' | 'refused';

export function hubState(sync: SyncStatus): HubState {
  if (!sync.hubConfigured) return 'notConfigured';
  if (sync.refusedConfig !== null || sync.lastError?.kind === 'auth') return 'refused';
  return sync.lastError ? 'failing' : 'connected';
}

function packState(pack: PackStatus | null): 'ok' | 'expired' | 'no-pack' {
  if (pack?.active) return pack.expired ? 'expired' : 'ok';
  // A configured workstation never falls back on the built-in demo pack: nothing is checked.
  return pack?.configured ? 'no-pack' : 'ok';
}

function PackSection({ pack }: { pack: PackStatus | null }) {
  const active = pack?.active;
  const state = packState(pack);
  return (
    <section class="pp-card" data-role="pack" data-state={state}>
      <h2>{pt('pack.title')}</h2>
      {active ? (
        <>
          <p class="pp-main">
            {active.id} <span data-role="pack-version">{active.version}</span>
          </p>
          <p class="pp-muted">
            {pt('pack.rules', { count: active.ruleCount })} · {pt(`pack.source.${active.source}` as PopupKey)}
          </p>
          {pack?.expired && (
            <p class="pp-warning" data-role="pack-expired">
              {pt('pack.expired', { on: pack.expired.on })}
            </p>
          )}
        </>
      ) : state === 'no-pack' ? (
        <p class="pp-main pp-warning" data-role="pack-none">
          {pt('pack.none')}
        </p>
      ) : (
        <p class="pp-main">{pt('pack.builtin')}</p>
      )}
    </section>
  );
}

function HubSection({ sync }: { sync: SyncStatus }) {
  const state = hubState(sync);
  return (
    <section class="pp-card" data-role="hub" data-state={state}>
      <h2>
        {pt('hub.title')}
        <span class={`pp-state pp-state-${state}`} data-role="hub-state">
          {pt(`hub.${state}`)}
        </span>
      </h2>
      {state === 'notConfigured' ? <p class="pp-muted">{pt('hub.localOnly')}</p> : <p class="pp-muted">{sync.hubOrigin}</p>}
      <p class="pp-main" data-role="queued" data-count={sync.queued}>
        {pt('hub.queued', { count: sync.queued })}
      </p>
      {state !== 'notConfigured' && (
        <dl>
          <dt>{pt('hub.lastUpload')}</dt>
          <dd data-role="last-upload">{sync.lastSuccessAt ? shortTime(sync.lastSuccessAt) : pt('hub.never')}</dd>
          {sync.nextRetryAt && state === 'failing' && (
            <>
              <dt>{pt('hub.nextRetry')}</dt>
              <dd>{shortTime(sync.nextRetryAt)}</dd>
            </>
          )}
          {sync.lastError && (
            <>
              <dt>{pt('hub.lastError')}</dt>
              <dd class="pp-error" data-role="last-error">
                {sync.lastError.message}
              </dd>
            </>
          )}
        </dl>
      )}
      {state === 'refused' && <p class="pp-error">{pt('hub.refused.hint')}</p>}
      {sync.rejected > 0 && <p class="pp-muted">{pt('hub.rejected', { count: sync.rejected })}</p>}
      {sync.setAside > 0 && (
        <p class="pp-error" data-role="set-aside">
          {pt('hub.setAside', { count: sync.setAside })}
        </p>
      )}
      {sync.droppedUnsent > 0 && (
        <p class="pp-error" data-role="dropped">
          {pt('hub.dropped', { count: sync.droppedUnsent })}
        </p>
      )}
    </section>
  );
}

export function PopupApp(props: PopupAppProps) {
  const toggleLanguage = () => {
    language.value = language.value === 'zh-CN' ? 'en' : 'zh-CN';
  };
  return (
    <main class="pp-app" lang={language.value}>
      <header class="pp-header">
        <h1>{pt('app.title')}</h1>
        <button type="button" class="pp-lang" onClick={toggleLanguage}>
          {pt('app.lang')}
        </button>
      </header>
      {props.coverage === 'uncovered' && (
        <section class="pp-card pp-uncovered" data-role="coverage" data-state="uncovered">
          <h2 class="pp-warning">{pt('page.uncovered')}</h2>
          <p class="pp-muted">{pt('page.uncovered.hint')}</p>
        </section>
      )}
      <PackSection pack={props.pack} />
      <HubSection sync={props.sync} />
      {props.reviewUrl && (
        <p class="pp-review">
          <a href={props.reviewUrl} target="_blank" rel="noopener" data-role="review-log">
            {pt('action.reviewLog')}
          </a>
        </p>
      )}
      {props.onPick && (
        <p class="pp-review">
          <button type="button" class="pp-link" data-role="pick" onClick={props.onPick}>
            {pt('action.pick')}
          </button>
        </p>
      )}
      {props.pickError && (
        <p class="pp-error" role="alert">
          {pt('action.pickFailed', { message: props.pickError })}
        </p>
      )}
      {props.requestError && (
        <p class="pp-error" role="alert">
          {pt('action.failed', { message: props.requestError })}
        </p>
      )}
      <footer class="pp-actions">
        <button type="button" class="pp-primary" data-role="upload" disabled={!props.sync.hubConfigured || props.uploading} onClick={props.onUpload}>
          {props.uploading ? pt('action.uploading') : pt('action.upload')}
        </button>
        <button type="button" data-role="settings" onClick={props.onOpenSettings}>
          {pt('action.settings')}
        </button>
      </footer>
    </main>
  );
}
