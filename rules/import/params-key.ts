import { stableStringify } from './stable-json';

/**
 * Params as one canonical text, for grouping rules whose params are equal. Drafts read alike share
 * their params object (shared readings, value cells read once), so the text is written once per
 * object. Params are never changed once read, which makes an object's text its text for good.
 */
const keys = new WeakMap<object, string>();

export function paramsKey(params: object): string {
  let key = keys.get(params);
  if (key === undefined) {
    key = stableStringify(params);
    keys.set(params, key);
  }
  return key;
}
