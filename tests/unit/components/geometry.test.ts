import { describe, expect, it } from 'vitest';
import { MARKER_HEIGHT, POPOVER_WIDTH, markerPlacement, popoverPlacement, sameRect } from '../../../components/geometry';

describe('overlay geometry', () => {
  it('puts the marker left of a row when there is room, centred vertically', () => {
    expect(markerPlacement({ top: 300, left: 120, width: 800, height: 24 })).toEqual({
      top: 300 + (24 - MARKER_HEIGHT) / 2,
      left: 116,
      alignRight: true,
    });
  });

  it('puts the marker over the first pixels of a row that starts at the page edge', () => {
    expect(markerPlacement({ top: 40, left: 0, width: 800, height: 30 })).toMatchObject({ left: 2, alignRight: false });
  });

  it('opens the popover below the row and keeps it inside the visible width', () => {
    const viewport = { scrollX: 0, width: 1280 };
    expect(popoverPlacement({ top: 300, left: 120, width: 800, height: 24 }, viewport)).toEqual({ top: 326, left: 76 });
    const nearRight = popoverPlacement({ top: 0, left: 1200, width: 60, height: 20 }, viewport);
    expect(nearRight.left + POPOVER_WIDTH).toBeLessThanOrEqual(1280);
    const scrolled = popoverPlacement({ top: 0, left: 10, width: 60, height: 20 }, { scrollX: 500, width: 1280 });
    expect(scrolled.left).toBe(504);
  });

  it('compares rects by value', () => {
    expect(sameRect({ top: 1, left: 2, width: 3, height: 4 }, { top: 1, left: 2, width: 3, height: 4 })).toBe(true);
    expect(sameRect({ top: 1, left: 2, width: 3, height: 4 }, { top: 1, left: 2, width: 3, height: 5 })).toBe(false);
    expect(sameRect(undefined, { top: 1, left: 2, width: 3, height: 4 })).toBe(false);
  });
});
