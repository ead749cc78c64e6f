/**
 * Codes and code prefixes of earlier rules, indexed so that "who already covers this code or
 * prefix?" costs a few map probes instead of a pass over everything covered so far (a 100k-row
 * import made that quadratic).
 *
 * - prefixes that a text starts with: one probe per distinct prefix length stored (a handful: 12
 *   for the catalogue, a few more from local rules);
 * - codes (or prefixes) that start with a text: every stored entry is also filed under its leading
 *   slice of each length asked about; a length asked about for the first time is filled in from
 *   the entries already stored, so any length works and each costs one pass.
 *
 * Every entry has a sequence number: callers that must name the earliest rule (the report's
 * "kept in") take the lowest.
 */

export interface Hit<T> {
  value: T;
  /** The code or prefix as stored. */
  text: string;
  seq: number;
}

const EMPTY: readonly never[] = [];

/** Most codes are stored once: a lone hit is kept as is, a list only from the second one on. */
type Filed<T> = Hit<T> | Hit<T>[];

function file<T>(map: Map<string, Filed<T>>, key: string, hit: Hit<T>): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, hit);
  else if (Array.isArray(held)) held.push(hit);
  else map.set(key, [held, hit]);
}

function filedAt<T>(map: Map<string, Filed<T>>, key: string): readonly Hit<T>[] {
  const held = map.get(key);
  return held === undefined ? EMPTY : Array.isArray(held) ? held : [held];
}

/** Entries filed under their leading slices, for the lengths asked about so far. */
class StartsIndex<T> {
  /** Every entry, in insertion order, to fill in a length asked about for the first time. */
  private readonly all: Hit<T>[] = [];
  private readonly bySlice = new Map<string, Filed<T>>();
  private readonly lengths = new Set<number>();

  add(hit: Hit<T>): void {
    this.all.push(hit);
    for (const length of this.lengths) if (length <= hit.text.length) file(this.bySlice, hit.text.slice(0, length), hit);
  }

  /** Entries whose text starts with `start` (including an equal one), in insertion order. */
  startingWith(start: string): readonly Hit<T>[] {
    const length = start.length;
    if (!this.lengths.has(length)) {
      this.lengths.add(length);
      for (const hit of this.all) if (hit.text.length >= length) file(this.bySlice, hit.text.slice(0, length), hit);
    }
    return filedAt(this.bySlice, start);
  }
}

export class CodeIndex<T> {
  private readonly codes = new Map<string, Filed<T>>();
  private readonly prefixes = new Map<string, Filed<T>>();
  /** Distinct lengths of stored prefixes, ascending. */
  private readonly prefixLengths: number[] = [];
  private readonly codeStarts = new StartsIndex<T>();
  private readonly prefixStarts = new StartsIndex<T>();
  private seq = 0;

  addCode(code: string, value: T): void {
    const hit = { value, text: code, seq: this.seq++ };
    file(this.codes, code, hit);
    this.codeStarts.add(hit);
  }

  addPrefix(prefix: string, value: T): void {
    const hit = { value, text: prefix, seq: this.seq++ };
    if (!this.prefixes.has(prefix) && !this.prefixLengths.includes(prefix.length)) {
      this.prefixLengths.push(prefix.length);
      this.prefixLengths.sort((a, b) => a - b);
    }
    file(this.prefixes, prefix, hit);
    this.prefixStarts.add(hit);
  }

  /** Entries stored as exactly this code. */
  code(code: string): readonly Hit<T>[] {
    return filedAt(this.codes, code);
  }

  /** Entries stored as exactly this prefix. */
  prefix(prefix: string): readonly Hit<T>[] {
    return filedAt(this.prefixes, prefix);
  }

  /** Stored prefixes that `text` starts with, shorter than `text` (or also equal to it). */
  prefixesOf(text: string, includeEqual: boolean): readonly Hit<T>[] {
    let out: Hit<T>[] | undefined;
    for (const length of this.prefixLengths) {
      if (length > text.length || (length === text.length && !includeEqual)) break;
      const held = this.prefixes.get(length === text.length ? text : text.slice(0, length));
      if (held !== undefined) {
        out ??= [];
        if (Array.isArray(held)) for (const hit of held) out.push(hit);
        else out.push(held);
      }
    }
    return out ?? EMPTY;
  }

  /** Stored codes that start with `start` (including one equal to it), in insertion order. */
  codesStartingWith(start: string): readonly Hit<T>[] {
    return this.codeStarts.startingWith(start);
  }

  /** Stored prefixes that start with `start` (including one equal to it), in insertion order. */
  prefixesStartingWith(start: string): readonly Hit<T>[] {
    return this.prefixStarts.startingWith(start);
  }
}

/** The earliest of some hits. */
export function earliest<T>(hits: readonly Hit<T>[]): Hit<T> | undefined {
  let best: Hit<T> | undefined;
  for (const hit of hits) if (!best || hit.seq < best.seq) best = hit;
  return best;
}
