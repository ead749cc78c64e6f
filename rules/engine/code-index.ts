import { z } from 'zod';

/**
 * Which rules, by their position in the pack, are filed under an item code (or a code prefix).
 * Two forms answer the same question: a Map for packs compiled in this process (quick to build),
 * and sorted tables for packs loaded from a stored image (a national-size pack has ~330,000 codes:
 * as Map entries they cost ~40 MB and ~100 ms to insert; as one string and three typed arrays they
 * cost ~10 MB and no work at load).
 */
export interface CodeIndex {
  /** Distinct codes (or prefixes) filed. */
  readonly size: number;
  /** Rule ordinals filed under exactly this key, ascending; undefined when none. */
  rulesOf(key: string): ArrayLike<number> | undefined;
}

/**
 * The sorted form: keys in UTF-16 code-unit order (the order of `Array.prototype.sort`),
 * concatenated into one string; key i spans `keyOffsets[i] .. keyOffsets[i + 1]` and its rules
 * `postings[postingStarts[i] .. postingStarts[i + 1]]`.
 */
export const SortedCodeTableSchema = z.object({
  keys: z.string(),
  keyOffsets: z.instanceof(Uint32Array),
  postingStarts: z.instanceof(Uint32Array),
  postings: z.instanceof(Uint32Array),
});
export type SortedCodeTable = z.infer<typeof SortedCodeTableSchema>;

export function mapCodeIndex(map: ReadonlyMap<string, readonly number[]>): CodeIndex {
  return { size: map.size, rulesOf: (key) => map.get(key) };
}

/**
 * Builds the sorted tables from key → ordinals (ordinals already ascending per key). `keys`: the
 * map's keys already sorted, for a caller that also needs each key's position.
 */
export function sortedCodeTable(map: ReadonlyMap<string, readonly number[]>, keys: readonly string[] = [...map.keys()].sort()): SortedCodeTable {
  const keyOffsets = new Uint32Array(keys.length + 1);
  const postingStarts = new Uint32Array(keys.length + 1);
  let chars = 0;
  let postings = 0;
  keys.forEach((key, i) => {
    keyOffsets[i] = chars;
    postingStarts[i] = postings;
    chars += key.length;
    postings += map.get(key)!.length;
  });
  keyOffsets[keys.length] = chars;
  postingStarts[keys.length] = postings;
  const flat = new Uint32Array(postings);
  let at = 0;
  for (const key of keys) for (const ordinal of map.get(key)!) flat[at++] = ordinal;
  return { keys: keys.join(''), keyOffsets, postingStarts, postings: flat };
}

/** Key i of the table compared with `key`, code unit by code unit, without making a substring. */
function compareKeyAt(table: SortedCodeTable, i: number, key: string): number {
  const start = table.keyOffsets[i]!;
  const length = table.keyOffsets[i + 1]! - start;
  const shared = Math.min(length, key.length);
  for (let c = 0; c < shared; c++) {
    const diff = table.keys.charCodeAt(start + c) - key.charCodeAt(c);
    if (diff !== 0) return diff;
  }
  return length - key.length;
}

export function sortedCodeIndex(table: SortedCodeTable): CodeIndex {
  const count = table.keyOffsets.length - 1;
  return {
    size: count,
    rulesOf(key) {
      let low = 0;
      let high = count - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const order = compareKeyAt(table, middle, key);
        if (order === 0) return table.postings.subarray(table.postingStarts[middle]!, table.postingStarts[middle + 1]!);
        if (order < 0) low = middle + 1;
        else high = middle - 1;
      }
      return undefined;
    },
  };
}

/** Key i of a sorted table, for decoding a rule's own code list. */
export function keyAt(table: SortedCodeTable, i: number): string {
  return table.keys.slice(table.keyOffsets[i]!, table.keyOffsets[i + 1]!);
}
