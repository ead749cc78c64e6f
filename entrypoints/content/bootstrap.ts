import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { BUILT_IN_PROFILES, selectProfile, showsFieldsOf, type SiteProfile } from '../../adapters';
import { COVERAGE_MESSAGE, onConfiguredHost } from '../../adapters/page-coverage';
import { activeProfiles, loadRuntimeContext } from '../../adapters/runtime-profiles';
import { language } from '../../components/i18n';
import { CONSENT_OPEN } from '../../components/consent/sheet';
import { createFlagLogSender } from '../../log/flag-log-sender';
import type { Deployment } from '../../settings/deployment';
import { applyPolicy, watchDeployment } from '../../settings/deployment-store';
import { DEFAULT_SETTINGS, type PreflightSettings } from '../../settings/schema';
import { installSalt } from '../../settings/install-salt';
import { loadSettings, localArea, watchSettings } from '../../settings/store';
import { createBrowserEngineClient } from '../../workers/browser-engine-client';
import { PreflightController } from './controller';
import { guardStartedEvents, takeOverFrame, wasReplaced } from './copies';
import { createFlagRecorder } from './flag-recorder';
import { linkFrames, type RuntimeLike } from './frame-link';
import { anotherCopyShows, mountOverlayHost } from './overlay-host';
import { showStoppedBadge } from './stopped-badge';
import { createOverlayView } from './overlay-view';
import { candidateProfiles, domReady, inFrame } from './page-match';
import { attempt, errorMessage, guarded, setErrorReporter, settle } from './safe';
import { randomId } from './random-id';
import { PASS, SubmitGuard } from './submit-guard';

/**
 * Runs `stop` when the context is invalidated, or at once if it already is: a newer copy of this
 * script (after an extension update) may start while this one is still awaiting storage or the
 * DOM, and an abort listener added after the abort never fires.
 */
function onStop(ctx: ContentScriptContext, where: string, stop: () => void): void {
  const run = guarded(where, stop);
  if (ctx.isInvalid) run();
  else ctx.onInvalidated(run);
}

/** How often a running copy asks whether an update has cut it off (one property read). */
const ORPHAN_CHECK_MS = 5_000;

/**
 * Starts Preflight in one frame. The submit guard goes in first, at document_start, so its
 * capture listeners precede the page's own; everything else waits for the DOM and the settings.
 * Until the controller is ready, the guard lets every submission through.
 *
 * The configured site profiles (managed, local) come from storage, which cannot be read
 * synchronously: the guard is installed before that read, working from the built-in candidates
 * (it asks for its configuration at each event), and the read then widens the candidates.
 */
export async function startPreflight(ctx: ContentScriptContext): Promise<void> {
  const url = location.href;
  const frame = inFrame(window);
  let candidates = candidateProfiles(url, frame);

  // Before anything else: from here on only a newer copy of this script can stop this one (copies.ts).
  onStop(ctx, 'stop guarding started events', guardStartedEvents(window, ctx));
  const copy = takeOverFrame(ctx, 'content');

  let controller: PreflightController | undefined;
  let ownHost: HTMLElement | undefined;
  const guard = new SubmitGuard({
    window,
    config: () => (controller?.profile ?? candidates[0])?.submit,
    decide: () => controller?.onSubmitAttempt() ?? PASS,
    isOwnEvent: (event) => ownHost !== undefined && event.composedPath().includes(ownHost),
  });
  guard.install();
  onStop(ctx, 'stop submit guard', () => guard.dispose());

  const area = localArea();
  const [runtime] = await Promise.all([loadRuntimeContext(area).catch((error: unknown) => reportRuntimeFailure(error)), domReady(document)]);
  const profiles = runtime ? activeProfiles(runtime.profiles) : BUILT_IN_PROFILES;
  if (runtime) candidates = candidateProfiles(url, frame, profiles);
  const profile = selectProfile(candidates, { url, inFrame: frame, document });
  // Fields this frame shows for an order table in another frame of the tab (frame-link.ts).
  const feeds = profiles.filter((p) => p.id !== profile?.id && showsFieldsOf(p, url));
  if (!ctx.isInvalid) reportCoverage(url, profile !== undefined || feeds.length > 0, profiles);
  if (ctx.isInvalid) {
    guard.dispose();
    return;
  }
  const frames = linkFrames({
    document,
    url,
    runtime: browser.runtime as unknown as RuntimeLike,
    feeds,
    home: profile,
    onRemoteChange: guarded('frame read', () => controller?.scheduler.markAll()),
  });
  onStop(ctx, 'stop frame link', () => frames.dispose());
  if (!profile) {
    guard.dispose();
    return;
  }

  const [localSettings, keySalt] = await Promise.all([
    loadSettings(area).catch(() => DEFAULT_SETTINGS),
    installSalt(area).catch(() => undefined),
  ]);
  if (ctx.isInvalid) return;
  // The hospital's pinned toggles (policy) sit over the doctor's own settings, live on both sides.
  let ownSettings: PreflightSettings = localSettings;
  let deployment: Deployment = runtime?.deployment.value ?? {};
  const settings = applyPolicy(ownSettings, deployment);
  language.value = settings.language;

  // Not crypto.randomUUID: plain-http EMR pages are not a secure context and lack it.
  const sessionId = randomId();
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

  copy.checking = true;
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
    institutionLevel: deployment.institutionLevel,
    ...(frames.inbox ? { elsewhere: frames.inbox } : {}),
    hospitalName: deployment.hospitalName,
    openConsent: (sheet) => settle('consent sheet', browser.runtime.sendMessage({ type: CONSENT_OPEN, sheet })),
  });
  // The first read of a page is the slowest (cold code, ~30 ms): keep it out of the page's own start-up work.
  const begin = guarded('start checking', () => controller?.start());
  const schedule = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(begin, { timeout: 300 });
    else setTimeout(begin, 0);
  };
  // Fields shown in another frame: wait a moment for that frame's read, so the first check does
  // not report them unread while the frame is still loading. A frame that never answers stays unread.
  if (frames.inbox) settle('frame reads', frames.inbox.settled(1000).then(schedule));
  else schedule();

  const reapply = (): void => {
    const next = applyPolicy(ownSettings, deployment);
    language.value = next.language;
    controller?.applySettings(next);
  };
  const stopWatchingSettings = watchSettings(
    guarded('settings change', (next) => {
      ownSettings = next;
      reapply();
    }),
  );
  const stopWatchingDeployment = watchDeployment(
    guarded('deployment change', (next) => {
      deployment = next.value;
      reapply();
    }),
  );
  const onPageHide = guarded('page hide', () => {
    settle('flush flag log', sender.flush());
    settle('end engine session', engine.endSession(profile.id));
  });
  window.addEventListener('pagehide', onPageHide);

  // An update cuts this copy off from the extension, and WXT's context notices only when asked
  // (its getter ends the context, which clears this timer below): asking now and then makes a copy
  // that no newer one replaced stop its guard and observers too.
  const orphanWatch = setInterval(guarded('orphan check', () => void ctx.isInvalid), ORPHAN_CHECK_MS);
  onStop(ctx, 'stop', () => {
    clearInterval(orphanWatch);
    window.removeEventListener('pagehide', onPageHide);
    // The page first; then the extension's side, each step on its own: once an update has cut this
    // copy off, its extension calls may throw.
    attempt('stop checking', () => controller?.dispose());
    // Cut off from the extension (updated, turned off) with no newer copy here: say so until one
    // takes the page. A newer copy in another world may already show its overlay.
    if (!wasReplaced(ctx) && browser.runtime?.id == null && !anotherCopyShows(document, host.host)) {
      host.leaveStopped();
      showStoppedBadge(host.container);
    } else host.remove();
    attempt('stop settings watch', stopWatchingSettings);
    attempt('stop deployment watch', stopWatchingDeployment);
    settle('flush flag log', Promise.resolve().then(() => sender.flush()));
    attempt('stop flag log', () => sender.dispose());
    attempt('close engine port', () => engine.close());
  });
}

/**
 * Tells the background whether this frame is checked, so a configured host's page that no profile
 * reads shows 本页未启用审核 on the toolbar. Pages outside the configured hosts say nothing.
 */
function reportCoverage(url: string, covered: boolean, profiles: readonly SiteProfile[]): void {
  if (!covered && !onConfiguredHost(url, profiles)) return;
  settle('page coverage', browser.runtime.sendMessage({ type: COVERAGE_MESSAGE, covered }));
}

/** A failed read leaves the built-in profiles only: logged, never fatal. */
function reportRuntimeFailure(error: unknown): undefined {
  console.debug('[preflight] configured site profiles unreadable; using the built-in ones', error);
  return undefined;
}
