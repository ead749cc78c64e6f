import { parseMatchPattern, urlMatches, type MatchPattern } from './match';

/**
 * Which frames of the pages already open get the content script when the extension is installed
 * or updated. Chrome runs content scripts only in pages loaded after that, and an update cuts the
 * running ones off from the engine, so without this every EMR tab left open through an update
 * stops being checked until the doctor reloads it.
 *
 * Only frames whose own URL a site profile matches are injected, as the manifest and the runtime
 * registration would have done at load; the decision per frame is the content script's, as ever.
 */

export interface OpenFrame {
  tabId: number;
  frameId: number;
  url: string;
  /** A copy of the content script already checks this frame (copies.ts). */
  checking?: boolean;
}

/**
 * `every frame`: after an install or an update, when the copies running are cut off (or absent).
 * `unchecked frames`: after the site profiles changed, for frames they now reach; a frame already
 * checked keeps its copy and the doctor's decisions on the order it holds.
 */
export type InjectionScope = 'every frame' | 'unchecked frames';

/** Patterns that parse; the others never matched a page at load either. */
export function compilePatterns(patterns: readonly string[]): MatchPattern[] {
  return patterns.flatMap((pattern) => {
    const parsed = parseMatchPattern(pattern);
    return parsed.ok ? [parsed.value] : [];
  });
}

/** Whether a URL is one the content script would have been loaded into (http, https only). */
export function pageMatches(patterns: readonly MatchPattern[], url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return patterns.some((pattern) => urlMatches(pattern, parsed));
}

/**
 * The frames to inject, grouped by tab: `frameIds` for `scripting.executeScript`. `reaches`: for
 * `unchecked frames`, whether a profile would check or read this frame; frames of a configured
 * host that no profile reads are not started again at every change.
 */
export function framesToInject(
  frames: readonly OpenFrame[],
  patterns: readonly MatchPattern[],
  scope: InjectionScope = 'every frame',
  reaches: (frame: OpenFrame) => boolean = () => true,
): Map<number, number[]> {
  const byTab = new Map<number, number[]>();
  for (const frame of frames) {
    if (!pageMatches(patterns, frame.url)) continue;
    if (scope === 'unchecked frames' && (frame.checking || !reaches(frame))) continue;
    const ids = byTab.get(frame.tabId) ?? [];
    if (!ids.includes(frame.frameId)) ids.push(frame.frameId);
    byTab.set(frame.tabId, ids);
  }
  return byTab;
}
