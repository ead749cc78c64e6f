/**
 * One spelling per JSON value: object keys sorted by UTF-16 code units, no whitespace, numbers and
 * strings as ECMAScript's JSON.stringify writes them — which is what RFC 8785 (JCS) prescribes
 * for plain JSON data. The diff uses it to compare values whose key order may differ (two packs
 * written by different tools); signatures do not use it (see ./signature for why).
 */

/**
 * Far deeper than any pack (about 6 levels), shallow enough that the recursion below cannot
 * overflow the stack. Untrusted input is depth-checked by ./json-shape before it gets here.
 */
export const MAX_CANONICAL_DEPTH = 1000;

function write(value: unknown, depth: number): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
  if (depth >= MAX_CANONICAL_DEPTH) throw new TypeError(`canonicalJson: nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + write(value[i], depth + 1);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    if (record[key] === undefined) continue; // as JSON.stringify does
    out += `${first ? '' : ','}${JSON.stringify(key)}:${write(record[key], depth + 1)}`;
    first = false;
  }
  return `${out}}`;
}

/** Throws a TypeError for values JSON cannot spell (NaN, functions) and beyond MAX_CANONICAL_DEPTH. */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}
