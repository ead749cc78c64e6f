/**
 * Where markers and popovers go. Rects are in page coordinates (getBoundingClientRect plus the
 * page scroll), and the overlay layer sits at the page origin, so they can be used as they are.
 */

/** The parts of a DOMRect the overlay needs; a DOMRect satisfies it. */
export interface RectLike {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface Point {
  top: number;
  left: number;
}

export const MARKER_HEIGHT = 18;
/** Room a marker needs to sit left of its row instead of over the row's first cell. */
const MARKER_ROOM = 44;
const GAP = 4;
export const POPOVER_WIDTH = 340;

export interface MarkerPlacement extends Point {
  /** The marker's right edge is at `left` (it sits left of the row) rather than its left edge. */
  alignRight: boolean;
}

/** Vertically centred on the row; left of it when the page leaves room, else over its first pixels. */
export function markerPlacement(rect: RectLike): MarkerPlacement {
  const top = Math.round(rect.top + (rect.height - MARKER_HEIGHT) / 2);
  if (rect.left >= MARKER_ROOM) return { top, left: Math.round(rect.left - GAP), alignRight: true };
  return { top, left: Math.round(rect.left + 2), alignRight: false };
}

/**
 * Below the row, starting near the marker, kept inside the visible width so a row near the right
 * edge does not push the popover off screen.
 */
export function popoverPlacement(rect: RectLike, viewport: { scrollX: number; width: number }): Point {
  const preferred = Math.max(rect.left - MARKER_ROOM, viewport.scrollX + GAP);
  const maxLeft = viewport.scrollX + viewport.width - POPOVER_WIDTH - GAP;
  return { top: Math.round(rect.top + rect.height + 2), left: Math.round(Math.max(viewport.scrollX + GAP, Math.min(preferred, maxLeft))) };
}

export function sameRect(a: RectLike | undefined, b: RectLike | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.top === b.top && a.left === b.left && a.width === b.width && a.height === b.height;
}
