import { browser } from 'wxt/browser';

/**
 * The pack shipped with the extension: rules/packs/demo-pack.json (from `npm run pack:demo`),
 * copied to this path by wxt.config.ts when it exists. Fetched rather than imported: bundled, it
 * became a 2 MB script (a data: URL in Firefox's background.js) parsed at every engine start,
 * and it stays out of every bundle, content scripts included.
 */
export const BUILTIN_PACK_PATH = '/packs/demo-pack.json';

/**
 * The built-in pack's JSON text, or `undefined` when this build ships none. Text rather than
 * objects: a string crosses to the worker as one copy, where a parsed pack is cloned object by
 * object, and the worker's JSON.parse is faster than either.
 */
export async function loadBuiltinPack(): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(browser.runtime.getURL(BUILTIN_PACK_PATH as '/'));
  } catch {
    // A missing extension file fails the fetch itself: this build has no built-in pack.
    return undefined;
  }
  if (!response.ok) return undefined;
  return response.text();
}
