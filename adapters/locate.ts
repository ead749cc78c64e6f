import { fail, ok, type Parsed } from '../rules/parse/result';
import type { FieldLocator, ReadMode } from './profile-schema';
import { cleanText } from './transforms';

/**
 * Finding a field's element in the page and reading it as text. Only reads the DOM. Element types
 * are told by tag name, not instanceof: an iframe's elements come from another realm.
 */

export type LocateFailure = 'bad-selector' | 'column-missing' | 'no-context';

/** What a locator found: an element to read, text split off a label, or a fixed value. */
export type Located =
  | { readonly kind: 'element'; readonly element: Element }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly value: string | number | boolean };

export interface LocateContext {
  /** The document for page fields, the row for line fields. */
  readonly scope: ParentNode;
  /** Header positions of the order table, for `column` locators. */
  readonly columns?: ColumnMap;
}

export function safeQuery(scope: ParentNode, css: string): Parsed<Element | null, 'bad-selector'> {
  try {
    return ok(scope.querySelector(css));
  } catch {
    return fail('bad-selector', `选择器「${css}」无效`);
  }
}

export function safeQueryAll(scope: ParentNode, css: string): Parsed<Element[], 'bad-selector'> {
  try {
    return ok(Array.from(scope.querySelectorAll(css)));
  } catch {
    return fail('bad-selector', `选择器「${css}」无效`);
  }
}

/** Label and header text compared without spaces, case, a leading "*" or a trailing colon. */
export function normalizeLabel(text: string): string {
  return cleanText(text).replace(/\s+/g, '').replace(/^\*+/, '').replace(/[:*]+$/, '').toLowerCase();
}

const asList = (names: string | readonly string[]): readonly string[] => (typeof names === 'string' ? [names] : names);

/** One wording for a column the header lacks, so reports from the header and from rows merge. */
export function missingColumnDetail(names: string | readonly string[]): string {
  return `表头中没有「${asList(names).join('/')}」列，页面可能已改版`;
}

// --- columns -------------------------------------------------------------------------------------

export interface ColumnMap {
  /** Header cells in order: normalized text and the column position (colspans counted). */
  readonly headers: ReadonlyArray<{ readonly text: string; readonly index: number }>;
}

const isCell = (el: Element): boolean => el.tagName === 'TD' || el.tagName === 'TH';

function spanOf(cell: Element): number {
  const span = Number(cell.getAttribute('colspan') ?? '1');
  return Number.isInteger(span) && span > 0 ? span : 1;
}

export function readColumns(headerRow: Element): ColumnMap {
  const headers: Array<{ text: string; index: number }> = [];
  let index = 0;
  for (const cell of Array.from(headerRow.children).filter(isCell)) {
    headers.push({ text: normalizeLabel(cell.textContent ?? ''), index });
    index += spanOf(cell);
  }
  return { headers };
}

/** Position of the `nth` (from 1) header reading any of `names`. */
export function columnIndex(map: ColumnMap, names: string | readonly string[], nth = 1): number | undefined {
  const wanted = asList(names).map(normalizeLabel);
  const hits = map.headers.filter((h) => wanted.includes(h.text));
  return hits[nth - 1]?.index;
}

/** The cell of `row` at a column position, counting colspans. */
export function cellAt(row: Element, index: number): Element | undefined {
  let position = 0;
  for (const cell of Array.from(row.children).filter(isCell)) {
    const span = spanOf(cell);
    if (index >= position && index < position + span) return cell;
    position += span;
  }
  return undefined;
}

// --- labels --------------------------------------------------------------------------------------

const NOT_LABELS = new Set(['SCRIPT', 'STYLE', 'OPTION', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA', 'SELECT']);
const DECORATION = new Set(['BR', 'HR', 'IMG', 'SVG', 'I', 'WBR']);

function ownText(el: Element): string {
  let text = '';
  for (const node of Array.from(el.childNodes)) if (node.nodeType === 3) text += node.textContent ?? '';
  return text;
}

function nextValueSibling(el: Element): Element | null {
  let sibling = el.nextElementSibling;
  // Icons and line breaks between a label and its value are decoration, not the value.
  while (sibling && DECORATION.has(sibling.tagName.toUpperCase()) && !(sibling.textContent ?? '').trim()) {
    sibling = sibling.nextElementSibling;
  }
  return sibling;
}

/** The element holding the value of label element `el`, looking up to two ancestors out. */
function valueBesideLabel(el: Element, scope: ParentNode): Element | null {
  if (el.tagName === 'LABEL') {
    const forId = el.getAttribute('for');
    const target = forId ? el.ownerDocument.getElementById(forId) : el.querySelector('input, select, textarea');
    if (target) return target;
  }
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth += 1) {
    const sibling = nextValueSibling(node);
    if (sibling) return sibling;
    if (node === scope || node.parentElement === scope) break;
    node = node.parentElement;
  }
  return null;
}

// Labels are short; longer own text is content, and skipping it keeps the scan cheap.
const MAX_LABEL_TEXT = 60;

function findByLabel(scope: ParentNode, names: string | readonly string[]): Located | null {
  const wanted = asList(names).map(normalizeLabel);
  for (const el of Array.from(scope.querySelectorAll('*'))) {
    if (NOT_LABELS.has(el.tagName.toUpperCase())) continue;
    const rawOwn = ownText(el);
    if (rawOwn.length > MAX_LABEL_TEXT || !rawOwn.trim()) continue;
    const own = cleanText(rawOwn);
    if (wanted.includes(normalizeLabel(own))) {
      const target = valueBesideLabel(el, scope);
      if (target) return { kind: 'element', element: target };
      continue;
    }
    // "科室：心血管内科" in one element.
    const colon = own.indexOf(':');
    if (colon > 0 && el.children.length === 0 && wanted.includes(normalizeLabel(own.slice(0, colon)))) {
      return { kind: 'text', text: own.slice(colon + 1).trim() };
    }
  }
  return null;
}

// --- locating ------------------------------------------------------------------------------------

/** Finds what a locator points at; null when the page simply does not have it. */
export function locate(field: FieldLocator, ctx: LocateContext): Parsed<Located | null, LocateFailure> {
  if ('value' in field) return ok({ kind: 'value', value: field.value });
  if ('column' in field) {
    if (!ctx.columns) return fail('no-context', '列定位需要表头');
    const index = columnIndex(ctx.columns, field.column, field.nth);
    if (index === undefined) return fail('column-missing', missingColumnDetail(field.column));
    const row = ctx.scope as Element;
    const cell = cellAt(row, index);
    if (!cell) return ok(null);
    if (!field.css) return ok({ kind: 'element', element: cell });
    const inner = safeQuery(cell, field.css);
    if (!inner.ok) return inner;
    return ok(inner.value ? { kind: 'element', element: inner.value } : null);
  }
  if ('label' in field) {
    let scope = ctx.scope;
    if (field.within) {
      const within = safeQuery(ctx.scope, field.within);
      if (!within.ok) return within;
      if (!within.value) return ok(null);
      scope = within.value;
    }
    return ok(findByLabel(scope, field.label));
  }
  if ('self' in field) {
    // Diagnosis tags and rows whose own text is the value: querySelector never matches the scope itself.
    const self = ctx.scope as Partial<Element>;
    if (typeof self.getAttribute !== 'function') return fail('no-context', '「self」需要行或诊断元素');
    return ok({ kind: 'element', element: ctx.scope as Element });
  }
  if ('css' in field) {
    const found = safeQuery(ctx.scope, field.css);
    if (!found.ok) return found;
    return ok(found.value ? { kind: 'element', element: found.value } : null);
  }
  // An attribute of the context element itself (the row).
  const self = ctx.scope as Partial<Element>;
  if (typeof self.getAttribute !== 'function') return fail('no-context', `属性「${field.attr}」需要行元素`);
  return ok({ kind: 'element', element: ctx.scope as Element });
}

// --- reading -------------------------------------------------------------------------------------

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const VISIBLE_CONTROLS =
  'input:not([type=hidden]):not([type=button]):not([type=submit]):not([type=reset]):not([type=image]), select, textarea';

export function isControl(el: Element): el is Control {
  return el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
}

function isToggle(el: Control): el is HTMLInputElement {
  return el.tagName === 'INPUT' && ((el as HTMLInputElement).type === 'checkbox' || (el as HTMLInputElement).type === 'radio');
}

/** The control a cell or wrapper holds: itself, else its first visible control, else a lone hidden input. */
export function controlIn(el: Element): Control | undefined {
  if (isControl(el)) return el;
  const visible = el.querySelector(VISIBLE_CONTROLS);
  if (visible && isControl(visible)) return visible;
  const hidden = el.querySelectorAll('input[type=hidden]');
  return hidden.length === 1 && !(el.textContent ?? '').trim() ? (hidden[0] as HTMLInputElement) : undefined;
}

function controlValue(control: Control): string {
  if (isToggle(control)) return control.checked ? 'true' : 'false';
  return control.value;
}

function selectedText(control: Control): string {
  if (control.tagName !== 'SELECT') return control.value;
  const select = control as HTMLSelectElement;
  return select.selectedIndex >= 0 ? (select.options[select.selectedIndex]?.textContent ?? '') : '';
}

/** Text of an element per read mode; undefined when an asked-for attribute is absent. */
export function readElement(el: Element, mode: ReadMode = 'auto', attr?: string): string | undefined {
  if (attr !== undefined) return el.getAttribute(attr) ?? undefined;
  if (mode === 'text') return el.textContent ?? '';
  if (mode === 'own-text') return ownText(el);
  const control = controlIn(el);
  if (mode === 'value') return control ? control.value : undefined;
  if (mode === 'option-text') return control ? selectedText(control) : undefined;
  if (mode === 'checked') return control && isToggle(control) ? String(control.checked) : undefined;
  return control ? controlValue(control) : (el.textContent ?? '');
}

/** Reads what `locate` found as a raw value (text, or a profile's fixed value). */
export function readLocated(located: Located, field: FieldLocator): string | number | boolean | undefined {
  if (located.kind === 'value') return located.value;
  if (located.kind === 'text') return located.text;
  const mode = 'read' in field ? field.read : undefined;
  const attr = 'attr' in field ? field.attr : undefined;
  return readElement(located.element, mode, attr);
}
