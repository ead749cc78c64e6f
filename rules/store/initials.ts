import { pinyin } from 'pinyin-pro';

/**
 * Pinyin initials of a drug or item name, for searching the rule list the way 医保办 staff type
 * ("blymd" → 丙硫氧嘧啶). Computed when a rule is stored, never while searching. Letters and
 * digits in the name are kept (维生素B6 → wssb6); punctuation and spec text in brackets add nothing.
 */

/** Beyond this many readings of one name the alternatives stop: names are short, polyphones rare. */
const MAX_VARIANTS = 8;

const HAN = /\p{Script=Han}/u;
const ASCII_WORD = /[0-9a-z]/;

function initialsOfChar(ch: string): string[] {
  if (HAN.test(ch)) {
    const readings = pinyin(ch, { pattern: 'first', toneType: 'none', multiple: true, type: 'array' });
    return [...new Set(readings.map((r) => r.toLowerCase()).filter((r) => /^[a-z]$/.test(r)))];
  }
  const lower = ch.toLowerCase();
  return ASCII_WORD.test(lower) ? [lower] : [];
}

/** The reading pinyin-pro picks from the surrounding word, which is right for most polyphones. */
function contextualInitials(name: string): string {
  const firsts = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  let out = '';
  for (const part of firsts) {
    for (const ch of part.toLowerCase()) if (/[0-9a-z]/.test(ch)) out += ch;
  }
  return out;
}

/**
 * Every initials spelling of `name`: the contextual reading first, then the combinations of each
 * character's readings (so a polyphone read the other way still finds the name), at most
 * MAX_VARIANTS of them.
 */
export function initialsVariants(name: string): string[] {
  // 规格 in brackets ("阿莫西林胶囊（0.25g）") is not part of what anyone types to find the drug.
  const text = name.replace(/[（(][^）)]*[）)]/g, '').trim();
  if (!text) return [];
  const variants = new Set<string>();
  const contextual = contextualInitials(text);
  if (contextual) variants.add(contextual);
  let combos = [''];
  for (const ch of text) {
    const options = initialsOfChar(ch);
    if (options.length === 0) continue;
    const next: string[] = [];
    for (const prefix of combos) {
      for (const option of options) {
        if (next.length >= MAX_VARIANTS) break;
        next.push(prefix + option);
      }
    }
    combos = next;
  }
  for (const combo of combos) if (combo && variants.size < MAX_VARIANTS) variants.add(combo);
  return [...variants];
}

/**
 * Index keys for initials search: every suffix of every variant, so a prefix query on the index
 * finds initials anywhere in the name (qfkfy finds 儿童清肺口服液). Single letters are left out:
 * they would match half the list and are better served by the code and name search.
 */
export function initialsKeys(name: string): string[] {
  const keys = new Set<string>();
  for (const variant of initialsVariants(name)) {
    for (let i = 0; i <= variant.length - 2; i++) keys.add(variant.slice(i));
  }
  return [...keys];
}
