/**
 * Remembers a pure function's results by their text argument. Results are deep-frozen because
 * every caller gets the same object: a caller that changed one would change it for the next row.
 * Bounded, so a long session does not keep every text it ever read.
 */

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

export function memoizeFrozen<T>(read: (text: string) => T, keep: number): (text: string) => T {
  const results = new Map<string, T>();
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
