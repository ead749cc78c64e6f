import type { Severity } from '../contract/findings';
import { severityLabel } from './i18n';

/**
 * Each level has its own shape as well as its own colour and word, so it reads without colour
 * vision and in a greyscale printout: 不予支付 an octagon (a stop sign) with a cross, 需确认 a
 * triangle with "!", 提示 a circle with "i".
 */
const SHAPES: Record<Severity, { outline: string; mark: string }> = {
  critical: {
    outline: 'M5 1h6l4 4v6l-4 4H5l-4-4V5z',
    mark: 'M5.4 5.4l5.2 5.2M10.6 5.4l-5.2 5.2',
  },
  warning: {
    outline: 'M8 1.2l7.2 13.3H0.8z',
    mark: 'M8 5.6v4.4M8 11.8v0.9',
  },
  info: {
    outline: 'M8 1a7 7 0 1 1 0 14a7 7 0 1 1 0-14z',
    mark: 'M8 7v4.8M8 4.2v1',
  },
};

export interface SeverityIconProps {
  severity: Severity;
  /** Also write the level's word (不予支付 / 需确认 / 提示) beside the shape. */
  withLabel?: boolean;
}

export function SeverityIcon({ severity, withLabel }: SeverityIconProps) {
  const label = severityLabel(severity);
  const shape = SHAPES[severity];
  const icon = (
    <svg
      class={`pf-icon pf-sev-${severity}`}
      data-shape={severity}
      viewBox="0 0 16 16"
      role={withLabel ? undefined : 'img'}
      aria-hidden={withLabel ? 'true' : undefined}
      aria-label={withLabel ? undefined : label}
    >
      {withLabel ? null : <title>{label}</title>}
      <path class="pf-icon-shape" d={shape.outline} />
      <path class="pf-icon-mark" d={shape.mark} />
    </svg>
  );
  if (!withLabel) return icon;
  return (
    <span class={`pf-sev-tag pf-sev-${severity}`} data-severity={severity}>
      {icon}
      <span class="pf-sev-word">{label}</span>
    </span>
  );
}
