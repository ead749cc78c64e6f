import { z } from 'zod';
import { parseMatchPattern, urlMatches } from './match';
import type { ProfileMatchInput } from './match';

/**
 * Whether the page a doctor is on is checked. A page of a configured hospital host (some site
 * profile's URL patterns take it in) that no profile reads is not checked: the toolbar badge and
 * the popup say 本页未启用审核, so nobody takes silence for a clean order.
 */

export const COVERAGE_MESSAGE = 'preflight:page-coverage';
export const CoverageMessageSchema = z.object({ type: z.literal(COVERAGE_MESSAGE), covered: z.boolean() });
export type CoverageMessage = z.infer<typeof CoverageMessageSchema>;

/** `storage.session` key of a tab's coverage: memory only, gone with the browser session. */
export const coverageKey = (tabId: number) => `coverage:${tabId}`;
export const CoverageStateSchema = z.enum(['covered', 'uncovered']);
export type CoverageState = z.infer<typeof CoverageStateSchema>;

/** Some profile's URL patterns (not its paths or detect selector) take the page in. */
export function onConfiguredHost(url: string, profiles: readonly ProfileMatchInput[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return profiles.some((profile) =>
    profile.match.urls.some((raw) => {
      const pattern = parseMatchPattern(raw);
      return pattern.ok && urlMatches(pattern.value, parsed);
    }),
  );
}

/** A tab is covered when any of its frames is read by a profile; uncovered when its top frame is not and none is. */
export function tabCoverage(frames: ReadonlyMap<number, boolean>): CoverageState | undefined {
  if ([...frames.values()].some(Boolean)) return 'covered';
  return frames.get(0) === false ? 'uncovered' : undefined;
}
