import type { LineField } from './profile-schema';

/**
 * Row keys from what a row says, for order tables whose rows carry no id. A Vue or Element UI grid
 * re-renders its rows on every structural change, and numbering them by position moves every
 * doctor's decision and every marker one line up when a line above is deleted or the table is
 * sorted. The same drug in the same group is the same line wherever it sits: its key is a hash of
 * the named fields' values (code, name, group …), and equal keys are told apart by their order.
 * Editable amounts (天数, 总量) stay out of the key, so typing in a row keeps its line.
 */

/** The fields a content key is made of when the picker finds no row id (those the profile locates). */
export const DEFAULT_ROW_KEY: readonly LineField[] = ['code', 'name', 'group'];

/** FNV-1a over the UTF-16 code units: short, stable across browsers and Node, no crypto needed. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function part(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value).replace(/\s+/g, ' ').trim();
}

/**
 * The key of a row from its read values ("k" and base-36 digits), or undefined when none of the
 * fields has a value (such a row is numbered by position).
 */
export function rowKeyOf(values: Readonly<Partial<Record<LineField, unknown>>>, fields: readonly LineField[]): string | undefined {
  const parts = fields.map((name) => part(values[name]));
  if (parts.every((p) => p === '')) return undefined;
  // The field names go in too: ["code","name"] and ["name","code"] are different keys.
  const text = fields.map((name, i) => `${name}=${parts[i]}`).join('\u001f');
  return `k${fnv1a(text).toString(36)}`;
}

/**
 * Line ids for one read of the table: the first row with a key gets it as it is, the next with the
 * same key `~2`, then `~3`, in page order.
 */
export function occurrence(key: string, taken: { has(id: string): boolean }): string {
  if (!taken.has(key)) return key;
  let n = 2;
  while (taken.has(`${key}~${n}`)) n += 1;
  return `${key}~${n}`;
}
