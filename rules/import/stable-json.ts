/**
 * JSON with a fixed key order, so a regenerated pack is byte-for-byte the same and a re-run makes
 * no diff. Keys named in `first` come first in that order; the rest follow alphabetically.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Rank tables by key list: packs are written with one list, rule by rule. */
const ranks = new WeakMap<readonly string[], Map<string, number>>();

function orderKeys(keys: string[], first: readonly string[]): string[] {
  if (first.length === 0) return keys.sort();
  let rank = ranks.get(first);
  if (!rank) {
    rank = new Map(first.map((k, i) => [k, i]));
    ranks.set(first, rank);
  }
  return keys.sort((a, b) => {
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Drops undefined members the way JSON.stringify does, and orders object keys. */
export function canonical(value: unknown, first: readonly string[] = []): Json {
  if (value === null || typeof value !== 'object') return value as Json;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v, first)));
  const out: { [key: string]: Json } = {};
  const record = value as Record<string, unknown>;
  for (const key of orderKeys(Object.keys(record), first)) {
    if (record[key] !== undefined) out[key] = canonical(record[key], first);
  }
  return out;
}

/** One-line JSON with canonical key order. */
export function stableStringify(value: unknown, first: readonly string[] = []): string {
  return JSON.stringify(canonical(value, first));
}
