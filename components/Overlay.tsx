import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Decision } from '../contract/decision';
import type { Finding } from '../contract/findings';
import type { FindingActionsProps } from './FindingCard';
import { FindingPopover } from './FindingPopover';
import { FindingsPanel } from './FindingsPanel';
import { fixedPlacement, popoverPlacement, toViewport, type Corner, type RectLike, type Viewport } from './geometry';
import { lineDisplayName } from './line-name';
import { memo, shallowEqual } from './memo';
import { ReviewDialog } from './ReviewDialog';
import { RowMarker } from './RowMarker';
import { StatusBadge, sameStatus, statusNotice, type OverlayStatus } from './StatusBadge';

export interface ReviewRequest {
  orderId: string;
  /** The findings that need a decision before submitting (only ever appended to while open). */
  findings: readonly Finding[];
  /** Per finding: gone from the latest result after a fix. */
  resolved?: readonly boolean[];
  /** Lines of the order marked 自费: the consent sheet can be printed from the review. */
  selfPayCount?: number;
}

export interface OverlayState {
  status: OverlayStatus;
  packVersion?: string;
  /** The active pack's `effective.to` once past: shown on the badge as 规则包已过期. */
  packExpiredOn?: string;
  findings: readonly Finding[];
  /** Line id → drug or item name, for titles and the panel's groups. */
  lineNames?: Readonly<Record<string, string>>;
  /** Line id → the row as the page numbers it (序号 2, 第 2 行). */
  lineLabels?: Readonly<Record<string, string>>;
  /** Line id → the row's bounding rect in page coordinates; lines without a rect get no marker. */
  rowRects: Readonly<Record<string, RectLike>>;
  /** Gutter markers with an outline where there is no gutter (default), or always outlines. */
  markerMode?: 'auto' | 'outline';
  /** The field of the finding the doctor is on, outlined (page coordinates). */
  highlight?: RectLike;
  /** What our boxes must not cover: the page's submit controls (page coordinates). */
  avoid?: readonly RectLike[];
  /** The visible part of the page; read from the window when absent. */
  viewport?: Viewport;
  /** Present while the pre-submit review is open. */
  review?: ReviewRequest;
}

export interface OverlayCallbacks extends FindingActionsProps {
  /** Scroll to / highlight the line in the page. */
  onFocusLine: (lineId: string) => void;
  onReturn: (decisions: Decision[]) => void;
  onContinue: (decisions: Decision[]) => void;
  /** 补录诊断 from the review: back to editing, the page's diagnosis field focused. */
  onAddDiagnosis?: (finding: Finding, decisions: Decision[]) => void;
  /** Opens the printable 自费知情同意书 for the lines marked 自费. */
  onConsent?: () => void;
}

export interface OverlayProps extends OverlayState, OverlayCallbacks {
  /** Clock for review decisions; tests pass a fixed one. */
  now?: () => Date;
}

/** How long an unpinned popover survives the pointer leaving, so it can travel marker → popover. */
const HOVER_CLOSE_MS = 200;
const PANEL_SIZE = { width: 380, height: 440 };
/** Room the status badge takes in a bottom corner; the panel sits above it there. */
const BADGE_SIZE = { width: 300, height: 30 };
const BADGE_OFFSET = 36;
/** A finding card's usual height in the popover, to choose the side with room. */
const CARD_HEIGHT = 120;

const Badge = memo(
  StatusBadge,
  (a, b) =>
    sameStatus(a.status, b.status) &&
    a.packVersion === b.packVersion &&
    a.packExpiredOn === b.packExpiredOn &&
    a.findings === b.findings &&
    a.panelOpen === b.panelOpen &&
    a.corner === b.corner &&
    a.onToggle === b.onToggle,
);
// lineNames and lineLabels are typically rebuilt from the order on every update; their entries are what matter.
const Panel = memo(FindingsPanel, (a, b) => {
  const { lineNames: namesA, lineLabels: labelsA, box: boxA, ...restA } = a;
  const { lineNames: namesB, lineLabels: labelsB, box: boxB, ...restB } = b;
  return shallowEqual(restA, restB) && shallowEqual(namesA ?? {}, namesB ?? {}) && shallowEqual(labelsA ?? {}, labelsB ?? {}) && (boxA === boxB || (boxA !== undefined && boxB !== undefined && shallowEqual(boxA, boxB)));
});

interface OpenPopover {
  lineId: string;
  pinned: boolean;
}

function windowViewport(): Viewport {
  return { scrollX: window.scrollX, scrollY: window.scrollY, width: window.innerWidth, height: window.innerHeight };
}

/**
 * The whole in-page UI. The content script renders it again on every change with new state;
 * badge, panel and markers skip work when their own inputs are unchanged, so a scroll (new rects)
 * only moves markers and a new result does not touch the review.
 */
export function Overlay(props: OverlayProps) {
  const { status, packVersion, findings, lineNames, lineLabels, rowRects, review, highlight } = props;
  const [panelOpen, setPanelOpen] = useState(false);
  const [popover, setPopover] = useState<OpenPopover | undefined>(undefined);
  const [panelHeight, setPanelHeight] = useState(PANEL_SIZE.height);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Callbacks are read through a ref so the handlers handed to memoized children stay the same.
  const latest = useRef(props);
  latest.current = props;

  const cancelClose = useCallback(() => {
    if (closeTimer.current !== undefined) clearTimeout(closeTimer.current);
    closeTimer.current = undefined;
  }, []);
  const scheduleClose = useCallback(() => {
    cancelClose();
    closeTimer.current = setTimeout(() => {
      closeTimer.current = undefined;
      setPopover((open) => (open?.pinned ? open : undefined));
    }, HOVER_CLOSE_MS);
  }, [cancelClose]);
  useEffect(() => cancelClose, [cancelClose]);

  const onHover = useCallback(
    (lineId: string, inside: boolean) => {
      if (!inside) return scheduleClose();
      cancelClose();
      setPopover((open) => (open?.pinned ? open : { lineId, pinned: false }));
    },
    [cancelClose, scheduleClose],
  );
  const onToggle = useCallback(
    (lineId: string) => {
      cancelClose();
      setPopover((open) => (open?.lineId === lineId && open.pinned ? undefined : { lineId, pinned: true }));
    },
    [cancelClose],
  );
  const closePopover = useCallback(() => setPopover(undefined), []);
  const togglePanel = useCallback(() => setPanelOpen((open) => !open), []);
  const closePanel = useCallback(() => setPanelOpen(false), []);
  const focusLine = useCallback((lineId: string) => {
    latest.current.onFocusLine(lineId);
    setPopover({ lineId, pinned: true });
  }, []);
  const focusFinding = useCallback((finding: Finding | undefined) => latest.current.onFocusFinding?.(finding), []);

  // Per-line lists are rebuilt only for a new result, so unchanged markers keep their props.
  const findingsByLine = useMemo(() => {
    // One pass: filtering all findings once per flagged line was O(lines × findings).
    const map = new Map<string, Finding[]>();
    const add = (lineId: string, f: Finding) => {
      const list = map.get(lineId);
      if (list) {
        if (list[list.length - 1] !== f) list.push(f);
      } else map.set(lineId, [f]);
    };
    for (const f of findings) {
      if (f.lineId !== undefined) add(f.lineId, f);
      for (const id of f.relatedLineIds ?? []) add(id, f);
    }
    return map;
  }, [findings]);

  const silent = status.state === 'silent';
  // Markers stay up while a re-check runs so they do not flicker on every keystroke.
  const showMarkers = status.state === 'checked' || status.state === 'checking';
  const openFindings = popover && showMarkers ? findingsByLine.get(popover.lineId) : undefined;
  const openRect = popover ? rowRects[popover.lineId] : undefined;
  const popoverShown = Boolean(popover && openFindings && openRect);

  // The popover's first finding is outlined while it is open; Esc anywhere closes it.
  const firstOpen = openFindings?.[0];
  useEffect(() => {
    if (!popoverShown) return;
    focusFinding(firstOpen);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setPopover(undefined);
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      focusFinding(undefined);
    };
  }, [popoverShown, firstOpen, focusFinding]);

  const viewport = props.viewport ?? windowViewport();
  const avoid = props.avoid ?? [];
  const avoidOnScreen = avoid.map((rect) => toViewport(rect, viewport));
  const badgeCorner: Corner = fixedPlacement(BADGE_SIZE, viewport, avoidOnScreen, 0, ['bottom-right', 'bottom-left', 'top-right', 'top-left']).corner;
  // The panel keeps off the submit control and off the flagged rows it lists.
  const panelAvoid = [...avoidOnScreen, ...Object.values(rowRects).map((rect) => toViewport(rect, viewport))];
  const panelSize = { width: PANEL_SIZE.width, height: Math.min(PANEL_SIZE.height, panelHeight) };
  const panelBox = panelOpen && !silent ? placePanel(viewport, panelAvoid, badgeCorner, panelSize) : undefined;

  return (
    <div class="pf-layer">
      {highlight && (
        <div
          class="pf-highlight"
          aria-hidden="true"
          style={{ top: `${highlight.top - 3}px`, left: `${highlight.left - 3}px`, width: `${highlight.width + 6}px`, height: `${highlight.height + 6}px` }}
        />
      )}
      {showMarkers &&
        [...findingsByLine].map(([lineId, lineFindings]) => {
          const rect = rowRects[lineId];
          if (!rect) return null;
          return (
            <RowMarker
              key={lineId}
              lineId={lineId}
              rect={rect}
              findings={lineFindings}
              open={popover?.lineId === lineId}
              viewportRight={viewport.scrollX + viewport.width}
              mode={props.markerMode}
              onHover={onHover}
              onToggle={onToggle}
            />
          );
        })}
      {popover && openFindings && openRect && (
        <FindingPopover
          title={lineDisplayName(popover.lineId, lineNames)}
          rowLabel={lineLabels?.[popover.lineId]}
          findings={openFindings}
          placement={popoverPlacement({ row: openRect, viewport, avoid, wanted: 40 + openFindings.length * CARD_HEIGHT })}
          canApply={props.canApply}
          onAction={props.onAction}
          fixNote={props.fixNote}
          onDismiss={props.onDismiss}
          onReport={props.onReport}
          onFocusFinding={focusFinding}
          onClose={closePopover}
          onMouseEnter={cancelClose}
          onMouseLeave={popover.pinned ? undefined : scheduleClose}
        />
      )}
      {panelBox && (
        <Panel
          findings={showMarkers ? findings : EMPTY}
          notice={statusNotice(status)}
          lineNames={lineNames}
          lineLabels={lineLabels}
          packVersion={packVersion}
          box={panelBox}
          onFocusLine={focusLine}
          onFocusFinding={focusFinding}
          onClose={closePanel}
          onHeight={setPanelHeight}
        />
      )}
      <Badge status={status} packVersion={packVersion} packExpiredOn={props.packExpiredOn} findings={findings} panelOpen={panelOpen} corner={badgeCorner} onToggle={togglePanel} />
      {review && (
        <ReviewDialog
          key={review.orderId}
          orderId={review.orderId}
          findings={review.findings}
          resolved={review.resolved}
          lineNames={lineNames}
          lineLabels={lineLabels}
          canApply={props.canApply}
          onAction={props.onAction}
          onFocusFinding={focusFinding}
          onAddDiagnosis={props.onAddDiagnosis}
          onReport={props.onReport}
          selfPayCount={review.selfPayCount}
          onConsent={props.onConsent}
          onReturn={props.onReturn}
          onContinue={props.onContinue}
          now={props.now}
        />
      )}
    </div>
  );
}

/** Above the badge in its corner when that covers nothing to avoid, else another corner. */
function placePanel(viewport: Viewport, avoid: readonly RectLike[], badgeCorner: Corner, size: { width: number; height: number }) {
  const side = badgeCorner.endsWith('right') ? 'right' : 'left';
  const other = side === 'right' ? 'left' : 'right';
  const preferred: Corner[] = [`bottom-${side}`, `top-${side}`, `bottom-${other}`, `top-${other}`];
  return fixedPlacement(size, viewport, avoid, BADGE_OFFSET, preferred);
}

const EMPTY: readonly Finding[] = [];
