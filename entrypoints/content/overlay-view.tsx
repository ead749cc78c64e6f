import { render } from 'preact';
import { Overlay, type OverlayCallbacks } from '../../components/Overlay';
import { flaggedLineIds } from '../../components/finding-list';
import type { RectLike } from '../../components/geometry';
import { guarded } from './safe';
import type { OverlayView, ViewModel } from './view-model';

/**
 * Renders the controller's view model with the Preact overlay inside our shadow root, and keeps
 * the row markers on their rows: rects are measured for flagged rows only, relative to the host
 * (the overlay's origin), again after scrolling and resizing, at most once a frame.
 */

export interface OverlayViewOptions {
  host: HTMLElement;
  shadow: ShadowRoot;
  container: HTMLElement;
  callbacks: OverlayCallbacks;
}

function visibleRect(row: Element, table: Element | null, origin: DOMRect): RectLike | undefined {
  if (!row.isConnected) return undefined;
  const rect = row.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return undefined; // display:none, or a collapsed row
  if (table) {
    // A row scrolled out of its grid's own scroll box would otherwise get a marker outside the grid.
    const box = table.getBoundingClientRect();
    if (rect.bottom <= box.top || rect.top >= box.bottom) return undefined;
  }
  return { top: rect.top - origin.top, left: rect.left - origin.left, width: rect.width, height: rect.height };
}

export function measureRows(model: ViewModel, origin: DOMRect): Record<string, RectLike> {
  const rects: Record<string, RectLike> = {};
  for (const lineId of flaggedLineIds([...model.findings])) {
    const row = model.rows.get(lineId);
    const rect = row && visibleRect(row, model.table, origin);
    if (rect) rects[lineId] = rect;
  }
  return rects;
}

function pageRect(element: Element | undefined, origin: DOMRect): RectLike | undefined {
  if (!element?.isConnected) return undefined;
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return undefined;
  return { top: rect.top - origin.top, left: rect.left - origin.left, width: rect.width, height: rect.height };
}

export function createOverlayView(options: OverlayViewOptions): OverlayView {
  const { host, shadow, container, callbacks } = options;
  const win = host.ownerDocument.defaultView ?? window;
  let model: ViewModel | undefined;
  let frame: number | undefined;

  const draw = guarded('overlay render', () => {
    if (!model) return;
    const origin = host.getBoundingClientRect();
    const rowRects = model.findings.length > 0 ? measureRows(model, origin) : {};
    const avoid = (model.avoid ?? []).flatMap((el) => pageRect(el, origin) ?? []);
    render(
      <Overlay
        status={model.status}
        packVersion={model.packVersion}
        packExpiredOn={model.packExpiredOn}
        findings={model.findings}
        lineNames={model.lineNames}
        lineLabels={model.lineLabels}
        rowRects={rowRects}
        markerMode={model.markerMode}
        highlight={pageRect(model.highlight, origin)}
        avoid={avoid}
        viewport={{ scrollX: -origin.left, scrollY: -origin.top, width: win.innerWidth, height: win.innerHeight }}
        review={model.review}
        {...callbacks}
      />,
      container,
    );
  });

  const onViewportChange = guarded('overlay reposition', () => {
    if (frame !== undefined || !model || (model.findings.length === 0 && !model.highlight)) return;
    frame = win.requestAnimationFrame(() => {
      frame = undefined;
      draw();
    });
  });
  // Capture: scrolling inside the EMR's own grids (which do not bubble scroll events) moves rows too.
  win.addEventListener('scroll', onViewportChange, { capture: true, passive: true });
  win.addEventListener('resize', onViewportChange, { passive: true });

  return {
    render(next) {
      model = next;
      draw();
    },
    afterPaint(callback) {
      let called = false;
      const once = () => {
        if (called) return;
        called = true;
        callback();
      };
      // A frame callback runs before the paint; a task queued from it runs after.
      win.requestAnimationFrame(() => setTimeout(once, 0));
      // Hidden tabs get no frames: still record, with the time it took to give up waiting.
      setTimeout(once, 500);
    },
    isOwnNode(node) {
      return node === host || node.getRootNode() === shadow || host.contains(node);
    },
    dispose() {
      win.removeEventListener('scroll', onViewportChange, { capture: true });
      win.removeEventListener('resize', onViewportChange);
      if (frame !== undefined) win.cancelAnimationFrame(frame);
      render(null, container);
    },
  };
}
