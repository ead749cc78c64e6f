import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Decision } from '../contract/decision';
import type { Finding } from '../contract/findings';
import type { FindingActionsProps } from './FindingCard';
import { FindingPopover } from './FindingPopover';
import { FindingsPanel } from './FindingsPanel';
import { popoverPlacement, type RectLike } from './geometry';
import { lineDisplayName } from './line-name';
import { memo, shallowEqual } from './memo';
import { ReviewDialog } from './ReviewDialog';
import { RowMarker } from './RowMarker';
import { StatusBadge, sameStatus, statusNotice, type OverlayStatus } from './StatusBadge';

export interface ReviewRequest {
  orderId: string;
  /** The findings that need a decision before submitting. */
  findings: readonly Finding[];
}

export interface OverlayState {
  status: OverlayStatus;
  packVersion?: string;
  findings: readonly Finding[];
  /** Line id → drug or item name, for titles and the panel's groups. */
  lineNames?: Readonly<Record<string, string>>;
  /** Line id → the row's bounding rect in page coordinates; lines without a rect get no marker. */
  rowRects: Readonly<Record<string, RectLike>>;
  /** Present while the pre-submit review is open. */
  review?: ReviewRequest;
}

export interface OverlayCallbacks extends FindingActionsProps {
  /** Scroll to / highlight the line in the page. */
  onFocusLine: (lineId: string) => void;
  onReturn: (decisions: Decision[]) => void;
  onContinue: (decisions: Decision[]) => void;
}

export interface OverlayProps extends OverlayState, OverlayCallbacks {
  /** Clock for review decisions; tests pass a fixed one. */
  now?: () => Date;
}

/** How long an unpinned popover survives the pointer leaving, so it can travel marker → popover. */
const HOVER_CLOSE_MS = 200;

const Badge = memo(
  StatusBadge,
  (a, b) =>
    sameStatus(a.status, b.status) &&
    a.packVersion === b.packVersion &&
    a.findings === b.findings &&
    a.panelOpen === b.panelOpen &&
    a.onToggle === b.onToggle,
);
// lineNames is typically rebuilt from the order on every update; its entries are what matter.
const Panel = memo(FindingsPanel, (a, b) => {
  const { lineNames: namesA, ...restA } = a;
  const { lineNames: namesB, ...restB } = b;
  return shallowEqual(restA, restB) && shallowEqual(namesA ?? {}, namesB ?? {});
});

interface OpenPopover {
  lineId: string;
  pinned: boolean;
}

/**
 * The whole in-page UI. The content script renders it again on every change with new state;
 * badge, panel and markers skip work when their own inputs are unchanged, so a scroll (new rects)
 * only moves markers and a new result does not touch the review.
 */
export function Overlay(props: OverlayProps) {
  const { status, packVersion, findings, lineNames, rowRects, review } = props;
  const [panelOpen, setPanelOpen] = useState(false);
  const [popover, setPopover] = useState<OpenPopover | undefined>(undefined);
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

  return (
    <div class="pf-layer">
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
              onHover={onHover}
              onToggle={onToggle}
            />
          );
        })}
      {popover && openFindings && openRect && (
        <FindingPopover
          title={lineDisplayName(popover.lineId, lineNames)}
          findings={openFindings}
          position={popoverPlacement(openRect, { scrollX: window.scrollX, width: window.innerWidth })}
          canApply={props.canApply}
          onAction={props.onAction}
          onDismiss={props.onDismiss}
          onClose={closePopover}
          onMouseEnter={cancelClose}
          onMouseLeave={popover.pinned ? undefined : scheduleClose}
        />
      )}
      {panelOpen && !silent && (
        <Panel
          findings={showMarkers ? findings : EMPTY}
          notice={statusNotice(status)}
          lineNames={lineNames}
          packVersion={packVersion}
          onFocusLine={focusLine}
          onClose={closePanel}
        />
      )}
      <Badge status={status} packVersion={packVersion} findings={findings} panelOpen={panelOpen} onToggle={togglePanel} />
      {review && (
        <ReviewDialog
          key={review.orderId}
          orderId={review.orderId}
          findings={review.findings}
          lineNames={lineNames}
          onReturn={props.onReturn}
          onContinue={props.onContinue}
          now={props.now}
        />
      )}
    </div>
  );
}

const EMPTY: readonly Finding[] = [];
