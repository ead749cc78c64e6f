import type { OverlayCallbacks, ReviewRequest } from '../../components/Overlay';
import type { OverlayStatus } from '../../components/StatusBadge';
import type { Finding } from '../../contract/findings';

/** What the controller hands the overlay on every change. */
export interface ViewModel {
  status: OverlayStatus;
  packVersion?: string;
  /** The findings to mark and list (dismissed ones and silent mode already left out). */
  findings: readonly Finding[];
  lineNames: Readonly<Record<string, string>>;
  /** Line id → row element: the view measures flagged rows for their markers. */
  rows: ReadonlyMap<string, Element>;
  /** The order table; rows scrolled out of it get no marker. */
  table: Element | null;
  review?: ReviewRequest;
}

/** The in-page UI as the controller sees it; the shadow-root implementation is overlay-view.tsx. */
export interface OverlayView {
  render(model: ViewModel): void;
  /** Runs `callback` once the last render has been painted (for the timings in the flag log). */
  afterPaint(callback: () => void): void;
  /** Our host element or anything inside it. */
  isOwnNode(node: Node): boolean;
  dispose(): void;
}

export type CreateOverlayView = (callbacks: OverlayCallbacks) => OverlayView;
