/**
 * Where markers, popovers and the panel go. Rects are in page coordinates (getBoundingClientRect
 * plus the page scroll), and the overlay layer sits at the page origin, so they can be used as
 * they are. Nothing we draw may leave the viewport or cover the page's submit control or the cell
 * the doctor is being told about.
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

/** The visible part of the page, in page coordinates. */
export interface Viewport {
  scrollX: number;
  scrollY: number;
  width: number;
  height: number;
}

export const MARKER_HEIGHT = 18;
/** Room a marker needs to sit left of its row instead of over the row's first cell. */
const MARKER_ROOM = 44;
const GAP = 4;
export const POPOVER_WIDTH = 340;
/** Below this the popover would be a slit: the other side of the row is taken even if smaller. */
const POPOVER_MIN_HEIGHT = 120;
export const POPOVER_MAX_HEIGHT = 420;

export interface MarkerPlacement extends Point {
  /** The marker's right edge is at `left` (it sits left of the row) rather than its left edge. */
  alignRight: boolean;
}

/** Room a marker with its word (不予支付 and a count) takes beside a row. */
export const MARKER_WIDTH = 80;

/**
 * Vertically centred on the row, in a gutter beside it: left of it when the page leaves room, else
 * right of it when the viewport does. Undefined when neither has room (a table filling its frame):
 * the row is then outlined instead (RowMarker), so that no marker covers a cell's content.
 */
export function markerPlacement(rect: RectLike, viewportRight = Infinity): MarkerPlacement | undefined {
  const top = Math.round(rect.top + (rect.height - MARKER_HEIGHT) / 2);
  if (rect.left >= MARKER_ROOM) return { top, left: Math.round(rect.left - GAP), alignRight: true };
  const right = rect.left + rect.width + GAP;
  if (right + MARKER_WIDTH <= viewportRight) return { top, left: Math.round(right), alignRight: false };
  return undefined;
}

/** Width of the band an outlined row's frame draws just outside the row. */
export const OUTLINE_BAND = 3;

export function intersects(a: RectLike, b: RectLike): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

/**
 * A popover for a row: `top` (or, above the row, `bottom` measured up from the page origin, so the
 * box ends just above the row whatever its height), `left`, and the `maxHeight` that keeps it in
 * the viewport.
 */
export interface PopoverPlacement {
  left: number;
  width: number;
  maxHeight: number;
  side: 'below' | 'above';
  /** Page y of the popover's top edge (below the row). */
  top?: number;
  /** Page y of the popover's bottom edge (above the row). */
  bottom?: number;
}

export interface PopoverInput {
  row: RectLike;
  viewport: Viewport;
  /** Rects the popover must not cover (the page's submit control). */
  avoid?: readonly RectLike[];
  /** Expected height of the content; the box is never taller than the room it has. */
  wanted?: number;
}

/**
 * Below the row when there is room, else above it; kept inside the visible width and height; moved
 * sideways, or to the other side of the row, rather than over the submit control. The row itself
 * is never covered: the box ends where the row begins.
 */
export function popoverPlacement(input: PopoverInput): PopoverPlacement {
  const { row, viewport: vp, avoid = [] } = input;
  const width = Math.max(160, Math.min(POPOVER_WIDTH, vp.width - 2 * GAP));
  const wanted = Math.min(input.wanted ?? POPOVER_MAX_HEIGHT, POPOVER_MAX_HEIGHT);
  const minX = vp.scrollX + GAP;
  const maxX = vp.scrollX + vp.width - width - GAP;
  const clampX = (x: number) => Math.round(Math.max(minX, Math.min(x, maxX)));
  const viewTop = vp.scrollY + GAP;
  const viewBottom = vp.scrollY + vp.height - GAP;
  const rowBottom = row.top + row.height;
  const roomBelow = Math.max(0, viewBottom - (rowBottom + 2));
  const roomAbove = Math.max(0, row.top - 2 - viewTop);

  const sides: Array<'below' | 'above'> =
    roomBelow >= Math.min(wanted, POPOVER_MIN_HEIGHT) && roomBelow >= Math.min(roomAbove, wanted) ? ['below', 'above'] : ['above', 'below'];
  const xs = [clampX(row.left - MARKER_ROOM), ...avoid.flatMap((a) => [clampX(a.left - width - GAP), clampX(a.left + a.width + GAP)])];

  const boxOf = (side: 'below' | 'above', left: number): { box: RectLike; placement: PopoverPlacement } => {
    const room = side === 'below' ? roomBelow : roomAbove;
    const height = Math.min(wanted, room);
    const top = side === 'below' ? rowBottom + 2 : row.top - 2 - height;
    const placement: PopoverPlacement =
      side === 'below'
        ? { side, left, width, maxHeight: Math.floor(room), top: Math.round(rowBottom + 2) }
        : { side, left, width, maxHeight: Math.floor(room), bottom: Math.round(row.top - 2) };
    return { box: { top, left, width, height }, placement };
  };

  const enough = Math.min(wanted, POPOVER_MIN_HEIGHT);
  for (const side of sides) {
    if ((side === 'below' ? roomBelow : roomAbove) < enough) continue;
    for (const x of xs) {
      const { box, placement } = boxOf(side, x);
      if (!avoid.some((a) => intersects(box, a))) return placement;
    }
  }
  // Nothing clear of everything: the roomier side, near the marker.
  return boxOf(roomBelow >= roomAbove ? 'below' : 'above', xs[0]!).placement;
}

export type Corner = 'bottom-right' | 'top-right' | 'bottom-left' | 'top-left';

/** A box fixed to the viewport, in viewport coordinates. */
export interface FixedBox {
  corner: Corner;
  top: number;
  left: number;
  width: number;
  height: number;
}

const CORNERS: readonly Corner[] = ['bottom-right', 'top-right', 'bottom-left', 'top-left'];
const EDGE = 16;

export function cornerBox(corner: Corner, size: { width: number; height: number }, viewport: { width: number; height: number }, offset = 0): FixedBox {
  const width = Math.min(size.width, viewport.width - 2 * EDGE);
  const height = Math.min(size.height, viewport.height - 2 * EDGE - offset);
  const left = corner.endsWith('right') ? viewport.width - EDGE - width : EDGE;
  const top = corner.startsWith('bottom') ? viewport.height - EDGE - offset - height : EDGE;
  return { corner, top, left, width, height };
}

/**
 * The first corner where a fixed box covers none of `avoid` (viewport coordinates): the submit
 * control, the row the doctor is looking at. When every corner covers something, the one covering
 * the least area.
 */
export function fixedPlacement(
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  avoid: readonly RectLike[],
  offset = 0,
  preferred: readonly Corner[] = CORNERS,
): FixedBox {
  let best: { box: FixedBox; overlap: number } | undefined;
  for (const corner of preferred) {
    const box = cornerBox(corner, size, viewport, offset);
    const overlap = avoid.reduce((sum, a) => sum + overlapArea(box, a), 0);
    if (overlap === 0) return box;
    if (!best || overlap < best.overlap) best = { box, overlap };
  }
  return best!.box;
}

function overlapArea(a: RectLike, b: RectLike): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/** A page rect in viewport coordinates. */
export function toViewport(rect: RectLike, viewport: Pick<Viewport, 'scrollX' | 'scrollY'>): RectLike {
  return { top: rect.top - viewport.scrollY, left: rect.left - viewport.scrollX, width: rect.width, height: rect.height };
}

export function sameRect(a: RectLike | undefined, b: RectLike | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.top === b.top && a.left === b.left && a.width === b.width && a.height === b.height;
}
