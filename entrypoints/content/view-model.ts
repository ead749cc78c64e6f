import type { OverlayCallbacks, ReviewRequest } from '../../components/Overlay';
import type { OverlayStatus } from '../../components/StatusBadge';
import type { Finding } from '../../contract/findings';

/** What the controller hands the overlay on every change. */
export interface ViewModel {
  status: OverlayStatus;
  packVersion?: string;
  /** The active pack's `effective.to` once past (规则包已过期): it is still used, and the badge says so. */
  packExpiredOn?: string;
  /** The findings to mark and list (dismissed ones and silent mode already left out). */
  findings: readonly Finding[];
  lineNames: Readonly<Record<string, string>>;
  /** Line id → the row as the page numbers it (序号 2, 第 2 行). */
  lineLabels?: Readonly<Record<string, string>>;
  /** The field of the finding the doctor is on; the view outlines it. */
  highlight?: Element;
  /** The page's submit controls: popover, panel and badge keep off them. */
  avoid?: readonly Element[];
  /** Line id → row element: the view measures flagged rows for their markers. */
  rows: ReadonlyMap<string, Element>;
  /** The order table; rows scrolled out of it get no marker. */
  table: Element | null;
  /** The profile's choice of row markers (gutter marker or outline). */
  markerMode?: 'auto' | 'outline';
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
