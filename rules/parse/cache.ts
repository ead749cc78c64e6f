/**
 * A string-keyed memo with a hard size bound. Evaluation runs on every keystroke, and an order page
 * repeats the same few 规格 and 频次 strings; a bound keeps a long session from growing the map
 * without limit. When full, the oldest entry goes (Map keeps insertion order).
 */
export function memoize<T>(compute: (key: string) => T, maxEntries = 512): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string): T => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = compute(key);
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, value);
    return value;
  };
}
