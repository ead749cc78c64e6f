import { browser } from 'wxt/browser';
import { compilePatterns, framesToInject, pageMatches, type OpenFrame } from './open-page-injection';
import { manifestScript } from './profile-registration';
import { activeProfiles, loadRuntimeProfiles } from './runtime-profiles';

/**
 * After an install or an update, starts the content script in the EMR pages already open (see
 * open-page-injection.ts). A page's previous copy, cut off by the update, stops itself when the
 * new one starts (WXT's content-script context), so each page ends with one overlay and one
 * submit guard.
 */

/** The slice of `browser.scripting` used here. */
interface InjectionApi {
  executeScript(details: {
    target: { tabId: number; allFrames?: boolean; frameIds?: number[] };
    files?: string[];
    func?: () => unknown;
  }): Promise<Array<{ frameId: number; result?: unknown }>>;
}

async function openFrames(scripting: InjectionApi, tabId: number): Promise<OpenFrame[]> {
  // Reads each frame's address and nothing else; frames the browser will not script are left out.
  const results = await scripting.executeScript({ target: { tabId, allFrames: true }, func: () => location.href });
  return results.flatMap((r) => (typeof r.result === 'string' ? [{ tabId, frameId: r.frameId, url: r.result }] : []));
}

export async function injectIntoOpenPages(scripting: InjectionApi, files: readonly string[], patternTexts: readonly string[]): Promise<number> {
  const patterns = compilePatterns(patternTexts);
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  let injected = 0;
  for (const tab of tabs) {
    // A discarded tab loads afresh, content script included, when the doctor returns to it.
    if (tab.id === undefined || tab.discarded || !pageMatches(patterns, tab.url)) continue;
    try {
      const frameIds = framesToInject(await openFrames(scripting, tab.id), patterns).get(tab.id);
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
   * Starts checking in the EMR pages open now, as after an update; answers how many frames were
   * started. For the service-worker console (IT support) and browser tests.
   */
  var preflightOpenPages: { inject(): Promise<number> } | undefined;
}

export function startOpenPageInjection(): void {
  const scripting = (browser as unknown as { scripting?: InjectionApi }).scripting;
  const manifest = manifestScript(browser.runtime.getManifest() as Parameters<typeof manifestScript>[0]);
  if (!scripting || !manifest) return;
  const inject = async (): Promise<number> => {
    const profiles = activeProfiles(await loadRuntimeProfiles());
    const patterns = [...manifest.matches, ...profiles.flatMap((profile) => profile.match.urls)];
    return injectIntoOpenPages(scripting, manifest.js, patterns);
  };
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install' && reason !== 'update') return;
    inject().catch((error: unknown) => console.warn('[preflight] could not start checking in open pages', error));
  });
  globalThis.preflightOpenPages = { inject };
}
