import type { JSX } from 'preact';
import type { Finding } from '../contract/findings';
import { FindingCard, type FindingActionsProps } from './FindingCard';
import { bySeverity, findingKey } from './finding-list';
import type { PopoverPlacement } from './geometry';
import { t } from './i18n';

export interface FindingPopoverProps extends FindingActionsProps {
  /** The line's display name (drug or item name). */
  title: string;
  /** The row as the page numbers it (序号 2, 第 2 行). */
  rowLabel?: string;
  /** The findings of one line. */
  findings: readonly Finding[];
  /** Where it goes inside the overlay layer (page coordinates); omitted when the parent positions it. */
  placement?: PopoverPlacement;
  onClose: () => void;
  onMouseEnter?: () => void;
  onMouseLeave?: () => void;
}

function placementStyle(p: PopoverPlacement | undefined): Record<string, string> | undefined {
  if (!p) return undefined;
  const style: Record<string, string> = { left: `${p.left}px`, width: `${p.width}px`, maxHeight: `${p.maxHeight}px` };
  // Above the row the box is anchored by its bottom edge (the layer is at the page origin).
  if (p.side === 'above' && p.bottom !== undefined) style.bottom = `${-p.bottom}px`;
  else style.top = `${p.top ?? 0}px`;
  return style;
}

export function FindingPopover(props: FindingPopoverProps) {
  const { title, rowLabel, findings, placement, onClose } = props;
  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  };
  return (
    <div
      class="pf-popover"
      role="dialog"
      aria-label={title}
      data-side={placement?.side}
      style={placementStyle(placement)}
      onKeyDown={onKeyDown}
      onMouseEnter={props.onMouseEnter}
      onMouseLeave={props.onMouseLeave}
    >
      <div class="pf-popover-head">
        <span class="pf-popover-title" title={title}>
          {rowLabel && <span class="pf-row-label">{rowLabel}</span>}
          {title}
        </span>
        <button type="button" class="pf-close" aria-label={t('finding.close')} title={t('finding.close')} onClick={onClose}>
          ×
        </button>
      </div>
      {bySeverity(findings).map((finding, i) => (
        <FindingCard
          key={`${findingKey(finding)}#${i}`}
          finding={finding}
          canApply={props.canApply}
          onAction={props.onAction}
          fixNote={props.fixNote}
          onDismiss={props.onDismiss}
          onReport={props.onReport}
          onFocusFinding={props.onFocusFinding}
        />
      ))}
    </div>
  );
}
