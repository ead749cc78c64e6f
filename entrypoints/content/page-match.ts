import { BUILT_IN_PROFILES, profileApplies, type SiteProfile } from '../../adapters';

/** The manifest's match patterns: every URL some profile could apply to (the profile decides the rest). */
export function contentScriptMatches(profiles: readonly SiteProfile[] = BUILT_IN_PROFILES): string[] {
  return [...new Set(profiles.flatMap((profile) => profile.match.urls))].sort();
}

/** Whether this script runs inside a frame; a cross-origin parent still compares fine. */
export function inFrame(win: Window): boolean {
  try {
    return win.self !== win.top;
  } catch {
    return true;
  }
}

/** Profiles whose URL rules fit the page, before the page's DOM exists (detect selectors come later). */
export function candidateProfiles(url: string, frame: boolean, profiles: readonly SiteProfile[] = BUILT_IN_PROFILES): SiteProfile[] {
  return profiles.filter((profile) => profileApplies(profile, { url, inFrame: frame }));
}

export function domReady(document: Document): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}
