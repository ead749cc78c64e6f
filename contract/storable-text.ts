/**
 * What the hub's database can store of a text (issue #13), used by every record schema and by
 * the builders of records: PostgreSQL text cannot hold NUL, and jsonb refuses a lone UTF-16
 * surrogate. Apart from contract/flag-event.ts so that the order summary, which that file's
 * records carry, can use it too.
 */

/** Any text in a record, including ones whose own schema sets no bound (decision reasons, problems). */
export const MAX_TEXT_LENGTH = 2000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** What storableText may have to change: a NUL or any surrogate (paired ones are left as they are). */
const NEEDS_CARE = /[\u0000\uD800-\uDFFF]/;

/** A text as the database stores it: no NUL, no lone surrogate, at most `max` UTF-16 units. */
export function storableText(text: string, max = MAX_TEXT_LENGTH): string {
  // Nearly every text is already storable: one scan instead of two replacements (the hub's
  // 3101 service runs this over every text it logs).
  if (text.length <= max && !NEEDS_CARE.test(text)) return text;
  let out = text.replace(/\u0000/g, '');
  if (out.length > max) out = out.slice(0, max);
  // A cut can split a pair; the replacement keeps the length.
  return out.replace(LONE_SURROGATE, '\uFFFD');
}
