import { locate, readElement } from '../locate';
import { cleanText } from '../transforms';
import { cssIdent, nearestStableId } from './selector';

/**
 * "The value next to 年龄": when a picked value has no stable id, the text the page puts before it
 * is usually the steadiest thing about it (HIS vendors rename classes, rarely the word 年龄). The
 * locator is proposed only when adapters/locate.ts, given it, finds the picked element again.
 */

export interface LabelPick {
  readonly label: string;
  readonly within?: string;
}

const DECORATION = new Set(['BR', 'HR', 'IMG', 'SVG', 'I', 'WBR']);
const MAX_LABEL = 20;

function ownText(el: Element): string {
  let text = '';
  for (const node of Array.from(el.childNodes)) if (node.nodeType === 3) text += node.textContent ?? '';
  return text;
}

/** "性别：" → "性别"; empty for text too long to be a label. */
export function labelWording(raw: string): string {
  const text = cleanText(raw).replace(/^\*+/, '').replace(/[:*\s]+$/, '').trim();
  return text.length > 0 && text.length <= MAX_LABEL ? text : '';
}

function previousLabelSibling(el: Element): Element | null {
  let sibling = el.previousElementSibling;
  while (sibling && DECORATION.has(sibling.tagName.toUpperCase()) && !(sibling.textContent ?? '').trim()) {
    sibling = sibling.previousElementSibling;
  }
  return sibling;
}

/** Wordings that might label `el`, nearest first. */
function labelCandidates(el: Element): string[] {
  const out: string[] = [];
  const add = (raw: string) => {
    const wording = labelWording(raw);
    if (wording && !out.includes(wording)) out.push(wording);
  };
  // "科室：心血管内科" in one element.
  if (el.children.length === 0) {
    const own = cleanText(ownText(el));
    const colon = own.indexOf(':');
    if (colon > 0) add(own.slice(0, colon));
  }
  const id = el.getAttribute('id');
  if (id) {
    for (const label of Array.from(el.ownerDocument.querySelectorAll(`label[for="${cssIdent(id)}"]`))) add(label.textContent ?? '');
  }
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth += 1) {
    const sibling = previousLabelSibling(node);
    if (sibling) {
      const own = ownText(sibling).trim() ? ownText(sibling) : (sibling.textContent ?? '');
      add(own);
    }
    node = node.parentElement;
  }
  return out;
}

/** Whether the locator's find is the picked element (or holds it and reads the same). */
function findsPicked(found: ReturnType<typeof locate>, picked: Element): boolean {
  if (!found.ok || !found.value) return false;
  const located = found.value;
  if (located.kind === 'element') {
    if (located.element === picked) return true;
    return located.element.contains(picked) && readElement(located.element) === readElement(picked);
  }
  if (located.kind === 'text') {
    const own = cleanText(picked.textContent ?? '');
    return own.endsWith(located.text) && located.text.length > 0;
  }
  return false;
}

/** A label locator that finds `picked` in `doc`, scoped to the nearest stable container when that works. */
export function labelLocatorFor(picked: Element, doc: Document): LabelPick | null {
  const container = picked.parentElement ? nearestStableId(picked.parentElement, 8) : null;
  const within = container && container !== doc.body && container !== doc.documentElement ? `#${cssIdent(container.id)}` : undefined;
  for (const label of labelCandidates(picked)) {
    if (within && findsPicked(locate({ label, within }, { scope: doc }), picked)) return { label, within };
    if (findsPicked(locate({ label }, { scope: doc }), picked)) return { label };
  }
  return null;
}
