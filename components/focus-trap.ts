/**
 * Keeps Tab inside a modal. Only elements the browser would actually stop at count: for a radio
 * group that is its checked radio, or its first one when none is checked.
 */

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function tabbableElements(root: ParentNode): HTMLElement[] {
  const all = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE));
  const radioStops = new Map<string, HTMLInputElement>();
  for (const el of all) {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) continue;
    const stop = radioStops.get(el.name);
    if (!stop || (el.checked && !stop.checked)) radioStops.set(el.name, el);
  }
  return all.filter(
    (el) => !(el instanceof HTMLInputElement && el.type === 'radio' && el.name) || radioStops.get(el.name) === el,
  );
}

/** Wraps Tab from the last stop to the first and Shift+Tab from the first to the last. */
export function trapTab(event: KeyboardEvent, root: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const stops = tabbableElements(root);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const target = event.target instanceof HTMLElement ? event.target : null;
  const inside = target !== null && root.contains(target);
  if (event.shiftKey && (!inside || target === first)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || target === last)) {
    event.preventDefault();
    first.focus();
  }
}
