import { z } from 'zod';
import { memoize } from '../parse/cache';

/**
 * ICD-10 code comparisons that ignore how the code was punctuated. Hospital systems write the same
 * code as `J18.900`, `J18900` or `j18.9`, and 医保版 2.0 adds extensions such as `I10.x00x002`, so
 * codes and prefixes are compared in a compact form: upper case, no dots, no spaces.
 */
/** An inclusive ICD-10 range; each end is compared on its own length (C00–C97, Z51.0–Z51.1). */
export const IcdRangeSchema = z.object({ from: z.string().min(1), to: z.string().min(1) });
export type IcdRange = z.infer<typeof IcdRangeSchema>;

/**
 * Codes repeat on every keystroke (the same few diagnoses, each judged by several rules), so the
 * compact form is remembered (bounded).
 */
export const compactIcd: (code: string) => string = memoize((code) => {
  let out = '';
  for (const ch of code) {
    if (ch === '.' || ch === ' ' || ch === '\u3000') continue;
    out += ch;
  }
  return out.toUpperCase();
});

/** The three-character category (`C34` of `C34.901`), or '' when the code does not start like one. */
export function icdCategory(code: string): string {
  const compact = compactIcd(code);
  return /^[A-Z]\d{2}/.test(compact) ? compact.slice(0, 3) : '';
}

/** Both arguments compact. `H912` covers `H91200X001`. */
export function hasIcdPrefix(compactCode: string, compactPrefix: string): boolean {
  return compactCode.startsWith(compactPrefix);
}

/**
 * Both compact. Each end is compared on its own length, so `C00`–`C97` is a category range and
 * `Z510`–`Z511` a subcategory range; the ends are inclusive.
 */
export function inIcdRange(compactCode: string, range: IcdRange): boolean {
  if (compactCode.length < range.from.length) return false;
  return compactCode.slice(0, range.from.length) >= range.from && compactCode.slice(0, range.to.length) <= range.to;
}
