import type { Finding } from '../contract/findings';
import { highestSeverity } from './finding-list';
import { OUTLINE_BAND, markerPlacement, sameRect, type RectLike } from './geometry';
import { memo } from './memo';
import { SeverityIcon } from './SeverityIcon';
import { severityLabel, t } from './i18n';

export interface RowMarkerProps {
  lineId: string;
  /** The row's bounding rect in page coordinates. */
  rect: RectLike;
  /** The findings that concern this line. */
  findings: readonly Finding[];
  open: boolean;
  /** Page x of the viewport's right edge: a row flush with the page's left edge gets its marker on the right. */
  viewportRight?: number;
  /**
   * `auto`: a marker in the gutter beside the row when there is one, else the row outlined;
   * `outline`: always the outline (a profile's choice for grids that fill their frame).
   */
  mode?: 'auto' | 'outline';
  /** Pointer over / off the marker: the parent opens and closes an unpinned popover. */
  onHover: (lineId: string, inside: boolean) => void;
  /** Click or Enter: pin the popover open, or close it when already pinned. */
  onToggle: (lineId: string) => void;
}

function RowMarkerView({ lineId, rect, findings, open, viewportRight, mode = 'auto', onHover, onToggle }: RowMarkerProps) {
  const severity = highestSeverity(findings);
  if (!severity) return null;
  const place = mode === 'outline' ? undefined : markerPlacement(rect, viewportRight);
  const label = t('marker.label', { count: findings.length, severity: severityLabel(severity) });
  if (!place) {
    // A frame just outside the row: only its edges take the pointer, so every cell stays readable
    // and clickable; it is still one button for the keyboard and screen readers.
    const band = OUTLINE_BAND;
    const frame = {
      top: `${Math.round(rect.top - band)}px`,
      left: `${Math.round(rect.left - band)}px`,
      width: `${Math.round(rect.width + 2 * band)}px`,
      height: `${Math.round(rect.height + 2 * band)}px`,
    };
    return (
      <button
        type="button"
        class={`pf-marker pf-marker-outline pf-sev-${severity}${open ? ' pf-marker-open' : ''}`}
        style={frame}
        data-line-id={lineId}
        title={label}
        aria-expanded={open ? 'true' : 'false'}
        aria-label={label}
        onMouseEnter={() => onHover(lineId, true)}
        onMouseLeave={() => onHover(lineId, false)}
        onClick={() => onToggle(lineId)}
      >
        <span class="pf-edge pf-edge-top" />
        <span class="pf-edge pf-edge-right" />
        <span class="pf-edge pf-edge-bottom" />
        <span class="pf-edge pf-edge-left" />
      </button>
    );
  }
  const style = {
    top: `${place.top}px`,
    left: `${place.left}px`,
    transform: place.alignRight ? 'translateX(-100%)' : undefined,
  };
  return (
    <button
      type="button"
      class={`pf-marker pf-sev-${severity}${open ? ' pf-marker-open' : ''}`}
      style={style}
      data-line-id={lineId}
      aria-expanded={open ? 'true' : 'false'}
      aria-label={label}
      onMouseEnter={() => onHover(lineId, true)}
      onMouseLeave={() => onHover(lineId, false)}
      onClick={() => onToggle(lineId)}
    >
      <SeverityIcon severity={severity} withLabel />
      {findings.length > 1 && <span class="pf-marker-count">{findings.length}</span>}
    </button>
  );
}

/**
 * Markers re-render when their row moves or what they show changes (highest severity, count), not
 * on every result: a 200-line order re-checked after one keystroke gets new finding objects for
 * every line, and re-rendering 200 unchanged markers cost most of the overlay's time per result.
 */
export const RowMarker = memo(
  RowMarkerView,
  (a, b) =>
    sameRect(a.rect, b.rect) &&
    a.findings.length === b.findings.length &&
    highestSeverity(a.findings) === highestSeverity(b.findings) &&
    a.open === b.open &&
    a.viewportRight === b.viewportRight &&
    a.mode === b.mode &&
    a.lineId === b.lineId &&
    a.onHover === b.onHover &&
    a.onToggle === b.onToggle,
);
