import type { Box } from '../../../components/picker/picker-model';

/** Where things are on screen, for the picker's outlines and its scrolling while a field is armed. */

export function boxOf(el: Element): Box | null {
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return null;
  return { top: rect.top, left: rect.left, width: rect.width, height: rect.height };
}

export function scrollableAncestor(el: Element | null, win: Window): Element | null {
  for (let node = el; node; node = node.parentElement) {
    if (node.scrollHeight <= node.clientHeight + 1) continue;
    const overflow = win.getComputedStyle(node).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return node;
  }
  return null;
}

/** An embedded frame: the pointer over it belongs to the picker script running inside it. */
export function isFrameElement(el: Element | null): boolean {
  return el !== null && (el.tagName === 'IFRAME' || el.tagName === 'FRAME');
}

/** The page element under a viewport point, skipping our own shadow host. */
export function pageElementAt(doc: Document, host: HTMLElement | undefined, x: number, y: number): Element | null {
  return doc.elementsFromPoint(x, y).find((el) => (!host || (el !== host && !host.contains(el))) && el !== doc.documentElement) ?? null;
}
