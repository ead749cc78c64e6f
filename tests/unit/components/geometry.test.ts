import { describe, expect, it } from 'vitest';
import { MARKER_HEIGHT, POPOVER_WIDTH, fixedPlacement, intersects, markerPlacement, popoverPlacement, sameRect } from '../../../components/geometry';

describe('overlay geometry', () => {
  it('puts the marker left of a row when there is room, centred vertically', () => {
    expect(markerPlacement({ top: 300, left: 120, width: 800, height: 24 })).toEqual({
      top: 300 + (24 - MARKER_HEIGHT) / 2,
      left: 116,
      alignRight: true,
    });
  });

  it('puts the marker right of a row that starts at the page edge, and nowhere over the row', () => {
    // The row's first cells (序号) stay readable when the viewport has room on the right.
    expect(markerPlacement({ top: 40, left: 0, width: 800, height: 30 }, 1366)).toMatchObject({ left: 804, alignRight: false });
    // A table filling its frame leaves no gutter: no place (the row is outlined instead).
    expect(markerPlacement({ top: 40, left: 0, width: 1340, height: 30 }, 1366)).toBeUndefined();
  });

  const screen = { scrollX: 0, scrollY: 0, width: 1366, height: 768 };
  const bottom = (p: ReturnType<typeof popoverPlacement>) => (p.side === 'below' ? p.top! + p.maxHeight : p.bottom!);
  const topOf = (p: ReturnType<typeof popoverPlacement>) => (p.side === 'below' ? p.top! : p.bottom! - p.maxHeight);

  it('opens the popover below the row and keeps it inside the visible width', () => {
    const below = popoverPlacement({ row: { top: 300, left: 120, width: 800, height: 24 }, viewport: screen, wanted: 200 });
    expect(below).toMatchObject({ side: 'below', top: 326, left: 76, width: POPOVER_WIDTH });
    const nearRight = popoverPlacement({ row: { top: 0, left: 1300, width: 60, height: 20 }, viewport: screen });
    expect(nearRight.left + nearRight.width).toBeLessThanOrEqual(1366);
    const scrolled = popoverPlacement({ row: { top: 0, left: 10, width: 60, height: 20 }, viewport: { ...screen, scrollX: 500 } });
    expect(scrolled.left).toBe(504);
  });

  it('opens above the last row of a 1366×768 screen and never leaves the viewport', () => {
    const row = { top: 700, left: 60, width: 1200, height: 28 };
    const p = popoverPlacement({ row, viewport: screen, wanted: 280 });
    expect(p.side).toBe('above');
    expect(bottom(p)).toBeLessThanOrEqual(row.top);
    expect(topOf(p)).toBeGreaterThanOrEqual(0);
    // Scrolled down: page coordinates, the same rule.
    const scrolled = popoverPlacement({ row: { ...row, top: 1900 }, viewport: { ...screen, scrollY: 1200 }, wanted: 280 });
    expect(topOf(scrolled)).toBeGreaterThanOrEqual(1200);
    expect(bottom(scrolled)).toBeLessThanOrEqual(1900);
  });

  it('moves the popover off the submit control, never over the row', () => {
    const row = { top: 400, left: 40, width: 1200, height: 28 };
    const submit = { top: 440, left: 20, width: 400, height: 30 };
    const p = popoverPlacement({ row, viewport: screen, avoid: [submit], wanted: 240 });
    const box = { top: topOf(p), left: p.left, width: p.width, height: Math.min(240, p.maxHeight) };
    expect(intersects(box, submit)).toBe(false);
    expect(intersects(box, row)).toBe(false);
  });

  it('puts a fixed panel in the first corner clear of the submit control', () => {
    const vp = { width: 1366, height: 768 };
    const submit = { top: 700, left: 1200, width: 100, height: 30 };
    const box = fixedPlacement({ width: 380, height: 440 }, vp, [submit], 36);
    expect(box.corner).toBe('top-right');
    expect(intersects(box, submit)).toBe(false);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.top + box.height).toBeLessThanOrEqual(768);
    expect(fixedPlacement({ width: 380, height: 440 }, vp, [], 36).corner).toBe('bottom-right');
  });

  it('compares rects by value', () => {
    expect(sameRect({ top: 1, left: 2, width: 3, height: 4 }, { top: 1, left: 2, width: 3, height: 4 })).toBe(true);
    expect(sameRect({ top: 1, left: 2, width: 3, height: 4 }, { top: 1, left: 2, width: 3, height: 5 })).toBe(false);
    expect(sameRect(undefined, { top: 1, left: 2, width: 3, height: 4 })).toBe(false);
  });
});
