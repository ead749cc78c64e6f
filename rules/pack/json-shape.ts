import { formatPath, type FieldError } from './load';

/**
 * Guards run on parsed pack JSON before the schema sees it. The schema strips keys it does not
 * know, so without this a signed pack could smuggle `__proto__` keys or a 100,000-level structure
 * through to code that copies or walks packs (spreads, structuredClone, postMessage, the diff).
 */

/** Keys that change an object's prototype when copied by assignment or a naive deep merge. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A real pack is about 6 levels deep (pack → rules → rule → params → icdRanges → range). */
export const MAX_JSON_DEPTH = 32;

// Only objects and arrays are walked: a pack holds thousands of code strings that need no visit.
const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** The first forbidden key or over-deep value, by path; undefined when the value is clean. Iterative, so depth cannot overflow the stack. */
export function findUnsafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | undefined {
  if (!isContainer(value)) return undefined;
  const stack: { value: object; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (path.length >= maxDepth) return { path: formatPath(path), message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (isContainer(v[i])) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return { path: formatPath([...path, key]), message: `the key "${key}" is not allowed in a pack` };
      const child = (v as Record<string, unknown>)[key];
      if (isContainer(child)) stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}
