/**
 * Remembers a pure function's results by their text argument. Results are deep-frozen because
 * every caller gets the same object: a caller that changed one would change it for the next row.
 * Bounded, so a long session does not keep every text it ever read.
 */

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Readings are plain data (arrays and records): no members but own ones, no list of them to build.
    if (Array.isArray(value)) for (const member of value) deepFreeze(member);
    else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const memos = new Set<Map<string, unknown>>();

/** Forgets every remembered result: a benchmark measures a first import, not a repeated one. */
export function forgetMemos(): void {
  for (const m of memos) m.clear();
}

export function memoizeFrozen<T>(read: (text: string) => T, keep: number): (text: string) => T {
  const results = new Map<string, T>();
  memos.add(results);
  return (text) => {
    let result = results.get(text);
    if (result === undefined) {
      if (results.size >= keep) results.clear();
      result = deepFreeze(read(text));
      results.set(text, result);
    }
    return result;
  };
}

/**
 * One frozen value per key: the first value given for a key is kept, and later equal ones (by
 * key) are answered with it, so readings of different texts that came out alike share one object.
 */
export function sharedByKey<T>(keep: number): (key: string, value: T) => T {
  const values = new Map<string, T>();
  memos.add(values);
  return (key, value) => {
    const known = values.get(key);
    if (known !== undefined) return known;
    if (values.size >= keep) values.clear();
    values.set(key, deepFreeze(value));
    return value;
  };
}
