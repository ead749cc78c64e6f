import { CHS_CODES } from '../data/icd10-chs-codes';
import { compactIcd } from './icd-code';

/**
 * Whether a diagnosis code is in ICD-10 医保版 2.0, and the valid codes of its category nearest to
 * it, from the compact list of rules/data/icd10-chs-codes.ts. A category is decoded the first time
 * a code of it is asked about and kept: an order touches a few categories, never the whole list,
 * so the engine holds a few hundred codes rather than 33,000.
 */

/** Compact (no dot, upper case) → as 医保版 writes it (A01.000x004), in list order. */
type Category = ReadonlyMap<string, string>;

const decoded = new Map<string, Category>();

function segment(category: string): string | undefined {
  const letter = CHS_CODES[category[0]!];
  if (!letter) return undefined;
  const key = `${category}:`;
  let at = 0;
  if (!letter.startsWith(key)) {
    const i = letter.indexOf(`;${key}`);
    if (i < 0) return undefined;
    at = i + 1;
  }
  const end = letter.indexOf(';', at);
  return letter.slice(at + key.length, end < 0 ? undefined : end);
}

function decode(category: string): Category {
  let codes = decoded.get(category);
  if (codes) return codes;
  const map = new Map<string, string>();
  for (const item of segment(category)?.split(',') ?? []) {
    const m = /^([0-9x]\d{2})(!?)(?:x([\d.-]+))?$/.exec(item);
    if (!m) continue;
    const base = `${category}.${m[1]}`;
    if (m[2] !== '!') map.set(compactIcd(base), base);
    for (const run of m[3]?.split('.') ?? []) {
      const [from, to = from] = run.split('-').map(Number) as [number, number?];
      for (let n = from; n <= to!; n++) {
        const code = `${base}x${String(n).padStart(3, '0')}`;
        map.set(compactIcd(code), code);
      }
    }
  }
  codes = map;
  decoded.set(category, codes);
  return codes;
}

/** The code as compared: its first part (A18.109 of A18.109+N51.0*), compact. */
const compactOf = (code: string): string => compactIcd(code.split('+')[0]!.trim());

/** Whether `code` (any punctuation or case) is an ICD-10 医保版 2.0 diagnosis code. */
export function isChsCode(code: string): boolean {
  const compact = compactOf(code);
  return /^[A-Z]\d{2}/.test(compact) && decode(compact.slice(0, 3)).has(compact);
}

/**
 * Up to `count` valid codes of the same category nearest to `code`: the longest shared beginning
 * first, then the shortest (the plain code before its extensions), then list order. None when
 * the category itself is not in the list.
 */
export function nearestChsCodes(code: string, count = 3): string[] {
  const compact = compactOf(code);
  if (!/^[A-Z]\d{2}/.test(compact)) return [];
  const shared = (other: string): number => {
    let n = 0;
    while (n < other.length && n < compact.length && other[n] === compact[n]) n++;
    return n;
  };
  return [...decode(compact.slice(0, 3))]
    .map(([c, written], index) => ({ written, score: shared(c), length: c.length, index }))
    .sort((a, b) => b.score - a.score || a.length - b.length || a.index - b.index)
    .slice(0, count)
    .map((c) => c.written);
}
