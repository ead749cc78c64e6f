/**
 * CSS selectors for picked elements. A selector is only returned after it was run against the live
 * DOM and found exactly the intended elements: a selector that finds one more or one fewer would
 * make the profile read the wrong value without anyone noticing.
 *
 * Preference, most stable first: an id that does not look generated, a `name` or `data-*`
 * attribute, then a short path of classes with :nth-of-type only where siblings are alike.
 */

/** CSS.escape for identifiers, written out because not every DOM we run in (tests) provides it. */
export function cssIdent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    const code = ch.charCodeAt(0);
    if (code === 0) out += '\uFFFD';
    else if ((code >= 0x1 && code <= 0x1f) || code === 0x7f) out += `\\${code.toString(16)} `;
    else if (i === 0 && code >= 0x30 && code <= 0x39) out += `\\${code.toString(16)} `;
    else if (i === 1 && code >= 0x30 && code <= 0x39 && value[0] === '-') out += `\\${code.toString(16)} `;
    else if (i === 0 && ch === '-' && value.length === 1) out += '\\-';
    else if (code >= 0x80 || ch === '-' || ch === '_' || /[0-9A-Za-z]/.test(ch)) out += ch;
    else out += `\\${ch}`;
  }
  return out;
}

/** A quoted attribute value. */
export function cssString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;
}

// Ids and classes that frameworks generate per render or per session: a profile built on them
// breaks the next time the page loads.
const GENERATED_NAME = /\d{3,}|^\d|[:[\]{}]|^(?:ext-|ember|yui_|ui-id-|el-id-|gwt-|mui-|react-|radix-|headlessui-|j_id|jqg\d|v-|data-v-)/i;
const STATE_CLASS = /^(?:is-|has-|ui-state-|active$|selected$|current$|hover$|focus|checked$|disabled$|open$|odd$|even$|striped$|highlight)|--(?:striped|hover|current|selected|active)$/i;

export function isStableName(name: string): boolean {
  return name.length > 0 && name.length <= 60 && !GENERATED_NAME.test(name);
}

/** Classes worth naming in a selector: not generated, not a hover/selection state, no digits. */
export function stableClasses(el: Element): string[] {
  return Array.from(el.classList).filter((c) => isStableName(c) && !STATE_CLASS.test(c) && !/\d/.test(c));
}

const ATTRIBUTE_NAMES = ['name', 'data-field', 'data-testid', 'data-test', 'data-name', 'data-key', 'data-col', 'data-column', 'data-prop'];

function stableAttributes(el: Element): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const name of ATTRIBUTE_NAMES) {
    const value = el.getAttribute(name);
    if (value && value.length <= 60 && !/\d{3,}/.test(value)) found.push([name, value]);
  }
  return found;
}

const tagOf = (el: Element): string => el.tagName.toLowerCase();

/** All elements `css` finds from `scope`, or null for a selector the browser refuses. */
export function queryAll(scope: ParentNode, css: string): Element[] | null {
  try {
    return Array.from(scope.querySelectorAll(css));
  } catch {
    return null;
  }
}

/** True when `css`, run from `scope`, finds exactly `expected` in that order. */
export function findsExactly(scope: ParentNode, css: string, expected: readonly Element[]): boolean {
  const found = queryAll(scope, css);
  return found !== null && found.length === expected.length && found.every((el, i) => el === expected[i]);
}

function nthOfType(el: Element): string {
  const parent = el.parentElement;
  const tag = tagOf(el);
  if (!parent) return tag;
  const alike = Array.from(parent.children).filter((c) => c.tagName === el.tagName);
  if (alike.length === 1) return tag;
  return `${tag}:nth-of-type(${alike.indexOf(el) + 1})`;
}

/** Ways to name one element on its own, most stable first. */
export function ownCandidates(el: Element, allowId: boolean): string[] {
  const out: string[] = [];
  const id = el.getAttribute('id');
  if (allowId && id && isStableName(id)) out.push(`#${cssIdent(id)}`);
  for (const [name, value] of stableAttributes(el)) out.push(`${tagOf(el)}[${name}=${cssString(value)}]`);
  const classes = stableClasses(el);
  for (const c of classes) out.push(`.${cssIdent(c)}`);
  for (const c of classes) out.push(`${tagOf(el)}.${cssIdent(c)}`);
  if (classes.length > 1) out.push(`${tagOf(el)}${classes.map((c) => `.${cssIdent(c)}`).join('')}`);
  out.push(tagOf(el));
  return out;
}

/** The one segment of a path that tells `el` apart from its siblings. */
function siblingSegment(el: Element, allowId: boolean): string {
  const parent = el.parentElement;
  const candidates = ownCandidates(el, allowId);
  if (!parent) return candidates[0]!;
  for (const c of candidates) {
    const matches = Array.from(parent.children).filter((s) => {
      try {
        return s.matches(c);
      } catch {
        return false;
      }
    });
    if (matches.length === 1 && matches[0] === el) return c;
  }
  return nthOfType(el);
}

export interface SelectorOptions {
  /**
   * Ids are useless inside repeated rows (each row has its own); leave them out for selectors
   * that are run inside a row.
   */
  readonly allowIds?: boolean;
  /** More elements the selector must find in this same order, one per scope (e.g. the same cell in other rows). */
  readonly alsoIn?: ReadonlyArray<{ readonly scope: ParentNode; readonly element: Element }>;
  /** Scopes where the selector may find nothing or one element, never more (the other rows of a table). */
  readonly atMostOneIn?: readonly ParentNode[];
  /** Segments at most, before falling back to a full child path. */
  readonly maxDepth?: number;
}

function worksEverywhere(css: string, scope: ParentNode, el: Element, opts: SelectorOptions): boolean {
  if (!findsExactly(scope, css, [el])) return false;
  if (!(opts.alsoIn ?? []).every((other) => findsExactly(other.scope, css, [other.element]))) return false;
  return (opts.atMostOneIn ?? []).every((other) => (queryAll(other, css)?.length ?? 2) <= 1);
}

/**
 * The shortest selector found that, run from `scope`, matches `el` and nothing else. Returns null
 * only for an element outside `scope`.
 */
export function uniqueSelector(el: Element, scope: ParentNode, opts: SelectorOptions = {}): string | null {
  const allowId = opts.allowIds ?? true;
  const maxDepth = opts.maxDepth ?? 5;
  if (!(scope as Node).contains(el) || el === scope) return null;

  for (const candidate of ownCandidates(el, allowId)) {
    if (worksEverywhere(candidate, scope, el, opts)) return candidate;
  }
  // Walk up: name each ancestor by what tells it apart, and try the ancestor's own candidates as
  // the path's head (".panel .val:nth-of-type(2)"), which keeps selectors short.
  let tail = siblingSegment(el, allowId);
  if (worksEverywhere(tail, scope, el, opts)) return tail;
  let node = el.parentElement;
  for (let depth = 1; node && node !== scope && depth < maxDepth; depth += 1) {
    for (const head of ownCandidates(node, allowId)) {
      const css = `${head} ${tail}`;
      if (worksEverywhere(css, scope, el, opts)) return css;
      const child = `${head} > ${tail}`;
      if (worksEverywhere(child, scope, el, opts)) return child;
    }
    tail = `${siblingSegment(node, allowId)} > ${tail}`;
    if (worksEverywhere(tail, scope, el, opts)) return tail;
    node = node.parentElement;
  }
  return fullPath(el, scope, opts);
}

/** A child path with :nth-of-type at every step from the scope down: long, but never ambiguous. */
function fullPath(el: Element, scope: ParentNode, opts: SelectorOptions): string | null {
  const parts: string[] = [];
  let node: Element | null = el;
  while (node && node !== scope && node.parentNode !== null) {
    parts.unshift(nthOfType(node));
    if (node.parentNode === scope || node.parentElement === null) break;
    node = node.parentElement;
  }
  const rooted = scope.nodeType === 9 ? parts.join(' > ') : `:scope > ${parts.join(' > ')}`;
  return worksEverywhere(rooted, scope, el, opts) ? rooted : null;
}

/** The nearest ancestor (or the element itself) with an id that looks stable, within `levels`. */
export function nearestStableId(el: Element, levels: number, stopAt?: Element): Element | null {
  let node: Element | null = el;
  for (let i = 0; node && i <= levels; i += 1) {
    const id = node.getAttribute('id');
    if (id && isStableName(id) && node.ownerDocument.querySelectorAll(`#${cssIdent(id)}`).length === 1) return node;
    if (node === stopAt) break;
    node = node.parentElement;
  }
  return null;
}
