import { browser } from 'wxt/browser';
import { watchDeployment } from '../settings/deployment-store';
import { compilePatterns, framesToInject, pageMatches, type InjectionScope, type OpenFrame } from './open-page-injection';
import { showsFieldsOf } from './frame-reads';
import { profileApplies } from './match';
import type { SiteProfile } from './profile-schema';
import { manifestScript } from './profile-registration';
import { activeProfiles, loadRuntimeProfiles } from './runtime-profiles';

/**
 * Starts the content script in the EMR pages already open (see open-page-injection.ts): in every
 * frame a profile reaches after an install or an update, and in the frames no copy checks yet after
 * the site profiles change (a host added by policy, a profile saved in the options page). A page's
 * previous copy steps down when the new one starts (entrypoints/content/copies.ts), so each page
 * ends with one overlay and one submit guard.
 */

/** The slice of `browser.scripting` used here. */
interface InjectionApi {
  executeScript(details: {
    target: { tabId: number; allFrames?: boolean; frameIds?: number[] };
    files?: string[];
    func?: () => unknown;
  }): Promise<Array<{ frameId: number; result?: unknown }>>;
}

/**
 * Reads each frame's address and whether a copy of the content script checks it, in the
 * extension's isolated world (where copies.ts keeps them); frames the browser will not script are
 * left out. Runs in the page, so it is self-contained.
 */
function probeFrame(): { url: string; checking: boolean } {
  const copies = (globalThis as { __preflightCopies?: Record<string, { checking?: boolean } | undefined> }).__preflightCopies;
  return { url: location.href, checking: copies?.content?.checking === true };
}

async function openFrames(scripting: InjectionApi, tabId: number): Promise<OpenFrame[]> {
  const results = await scripting.executeScript({ target: { tabId, allFrames: true }, func: probeFrame });
  return results.flatMap((r) => {
    const probe = r.result as Partial<ReturnType<typeof probeFrame>> | undefined;
    return typeof probe?.url === 'string' ? [{ tabId, frameId: r.frameId, url: probe.url, checking: probe.checking === true }] : [];
  });
}

export async function injectIntoOpenPages(
  scripting: InjectionApi,
  files: readonly string[],
  profiles: readonly SiteProfile[],
  manifestMatches: readonly string[],
  scope: InjectionScope = 'every frame',
): Promise<number> {
  const patterns = compilePatterns([...manifestMatches, ...profiles.flatMap((profile) => profile.match.urls)]);
  const reaches = (frame: OpenFrame) =>
    profiles.some((profile) => profileApplies(profile, { url: frame.url, inFrame: frame.frameId !== 0 }) || showsFieldsOf(profile, frame.url));
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  let injected = 0;
  for (const tab of tabs) {
    // A discarded tab loads afresh, content script included, when the doctor returns to it.
    if (tab.id === undefined || tab.discarded || !pageMatches(patterns, tab.url)) continue;
    try {
      const frameIds = framesToInject(await openFrames(scripting, tab.id), patterns, scope, reaches).get(tab.id);
      if (!frameIds?.length) continue;
      await scripting.executeScript({ target: { tabId: tab.id, frameIds }, files: [...files] });
      injected += frameIds.length;
    } catch (error) {
      console.warn(`[preflight] could not start checking in open tab ${tab.id}; it is checked after a reload`, error);
    }
  }
  return injected;
}

declare global {
  /**
   * Starts checking in the EMR pages open now, in every frame a profile reaches as after an update,
   * or only where no copy checks yet as after a profile change; answers how many frames were
   * started. For the service-worker console (IT support) and browser tests.
   */
  var preflightOpenPages: { inject(scope?: InjectionScope): Promise<number> } | undefined;
}

export function startOpenPageInjection(): void {
  const scripting = (browser as unknown as { scripting?: InjectionApi }).scripting;
  const manifest = manifestScript(browser.runtime.getManifest() as Parameters<typeof manifestScript>[0]);
  if (!scripting || !manifest) return;
  const inject = async (scope: InjectionScope = 'every frame'): Promise<number> => {
    const profiles = activeProfiles(await loadRuntimeProfiles());
    return injectIntoOpenPages(scripting, manifest.js, profiles, manifest.matches, scope);
  };
  const injectQuietly = (scope: InjectionScope) =>
    inject(scope).catch((error: unknown) => console.warn('[preflight] could not start checking in open pages', error));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install' || reason === 'update') void injectQuietly('every frame');
  });
  // A site profile added by policy or saved in the options page reaches the pages open on it at once.
  watchDeployment(() => void injectQuietly('unchecked frames'));
  globalThis.preflightOpenPages = { inject };
}
