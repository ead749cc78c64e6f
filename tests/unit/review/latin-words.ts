/**
 * Latin words in rendered Chinese text (issue #11: "returned", "review", "(sex)" leaked into the
 * dashboard). A word is a run of two or more Latin letters standing alone: codes and ids mix in
 * digits (XL02BBA326A001…, J20.900, D0012) and are not words. Text inside an element that shows
 * a code, an id or a value as the page recorded it (`code`, `.rv-id`, `.rv-data`, `.rv-order-id`,
 * the folded raw record) is skipped: those are data, not our words.
 */

/** Proper names and format names a Chinese hospital screen writes in Latin letters. */
export const LATIN_ALLOWED = new Set([
  // The product's name, in the title.
  'Preflight',
  // The language switch offers English in English, as every bilingual page does.
  'English',
  // File formats and systems by the names people in Chinese hospitals use for them.
  'CSV',
  'PDF',
  'Excel',
  'HIS',
]);

export const LATIN_SKIP = 'code, .rv-id, .rv-data, .rv-order-id, .rv-all-fields, script, style, noscript';

export function latinWords(root: Node): string[] {
  const found: string[] = [];
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.closest(LATIN_SKIP)) continue;
    for (const token of (node.textContent ?? '').split(/[^A-Za-z0-9_.\-/:]+/)) {
      if (/^[A-Za-z]{2,}$/.test(token) && !LATIN_ALLOWED.has(token)) found.push(token);
    }
  }
  return found;
}
