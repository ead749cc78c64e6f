import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { selectProfile } from '../../adapters';
import { language } from '../../components/i18n';
import { createFlagLogSender } from '../../log/flag-log-sender';
import { DEFAULT_SETTINGS } from '../../settings/schema';
import { installSalt } from '../../settings/install-salt';
import { loadSettings, localArea, watchSettings } from '../../settings/store';
import { createBrowserEngineClient } from '../../workers/browser-engine-client';
import { PreflightController } from './controller';
import { createFlagRecorder } from './flag-recorder';
import { mountOverlayHost } from './overlay-host';
import { createOverlayView } from './overlay-view';
import { candidateProfiles, domReady, inFrame } from './page-match';
import { errorMessage, guarded, setErrorReporter, settle } from './safe';
import { PASS, SubmitGuard } from './submit-guard';

/**
 * Starts Preflight in one frame. The submit guard goes in first, at document_start, so its
 * capture listeners precede the page's own; everything else waits for the DOM and the settings.
 * Until the controller is ready, the guard lets every submission through.
 */
export async function startPreflight(ctx: ContentScriptContext): Promise<void> {
  const url = location.href;
  const frame = inFrame(window);
  const candidates = candidateProfiles(url, frame);
  if (candidates.length === 0) return;

  let controller: PreflightController | undefined;
  let ownHost: HTMLElement | undefined;
  const guard = new SubmitGuard({
    window,
    config: () => (controller?.profile ?? candidates[0])?.submit,
    decide: () => controller?.onSubmitAttempt() ?? PASS,
    isOwnEvent: (event) => ownHost !== undefined && event.composedPath().includes(ownHost),
  });
  guard.install();
  ctx.onInvalidated(guarded('stop submit guard', () => guard.dispose()));

  await domReady(document);
  const profile = selectProfile(candidates, { url, inFrame: frame, document });
  if (!profile || ctx.isInvalid) {
    guard.dispose();
    return;
  }

  const area = localArea();
  const [settings, keySalt] = await Promise.all([
    loadSettings(area).catch(() => DEFAULT_SETTINGS),
    installSalt(area).catch(() => undefined),
  ]);
  language.value = settings.language;

  const sessionId = crypto.randomUUID();
  const sender = createFlagLogSender({ send: (message) => browser.runtime.sendMessage(message) });
  const recorder = createFlagRecorder({
    sessionId,
    profileId: profile.id,
    url,
    sink: (event) => sender.record(event),
    onInvalid: (draft, message) => console.debug('[preflight] flag event rejected', draft.type, message),
  });
  setErrorReporter((where, error) => {
    console.debug(`[preflight] ${where}`, error);
    recorder.record({ type: 'content-error', where: where.slice(0, 100), message: errorMessage(error) });
  });

  const engine = createBrowserEngineClient();
  const host = await mountOverlayHost(ctx, document);
  ownHost = host.host;
  controller = new PreflightController({
    document,
    profile,
    engine,
    settings,
    recorder,
    createView: (callbacks) => createOverlayView({ ...host, callbacks }),
    // Sessions are scoped to the port on the engine side; one form per frame.
    sessionKey: profile.id,
    keySalt,
    fallbackOrderId: `${profile.id}-${sessionId.slice(0, 8)}`,
  });
  // The first read of a page is the slowest (cold code, ~30 ms): keep it out of the page's own start-up work.
  const begin = guarded('start checking', () => controller?.start());
  if (typeof requestIdleCallback === 'function') requestIdleCallback(begin, { timeout: 300 });
  else setTimeout(begin, 0);

  const stopWatching = watchSettings(
    guarded('settings change', (next) => {
      language.value = next.language;
      controller?.applySettings(next);
    }),
  );
  const onPageHide = guarded('page hide', () => {
    settle('flush flag log', sender.flush());
    settle('end engine session', engine.endSession(profile.id));
  });
  window.addEventListener('pagehide', onPageHide);

  ctx.onInvalidated(
    guarded('stop', () => {
      window.removeEventListener('pagehide', onPageHide);
      stopWatching();
      controller?.dispose();
      host.remove();
      settle('flush flag log', sender.flush());
      sender.dispose();
      engine.close();
    }),
  );
}
