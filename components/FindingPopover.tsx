import type { JSX } from 'preact';
import type { Finding } from '../contract/findings';
import { FindingCard, type FindingActionsProps } from './FindingCard';
import { bySeverity, findingKey } from './finding-list';
import type { Point } from './geometry';
import { t } from './i18n';

export interface FindingPopoverProps extends FindingActionsProps {
  /** The line's display name (drug or item name). */
  title: string;
  /** The findings of one line. */
  findings: readonly Finding[];
  /** Page coordinates inside the overlay layer; omitted when the parent positions it. */
  position?: Point;
  onClose: () => void;
  onMouseEnter?: () => void;
  onMouseLeave?: () => void;
}

export function FindingPopover(props: FindingPopoverProps) {
  const { title, findings, position, onClose } = props;
  const style = position ? { top: `${position.top}px`, left: `${position.left}px` } : undefined;
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
      style={style}
      onKeyDown={onKeyDown}
      onMouseEnter={props.onMouseEnter}
      onMouseLeave={props.onMouseLeave}
    >
      <div class="pf-popover-head">
        <span class="pf-popover-title" title={title}>
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
          onDismiss={props.onDismiss}
        />
      ))}
    </div>
  );
}
