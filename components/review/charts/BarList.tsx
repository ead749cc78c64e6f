import { clip } from './scale';
import { useWidth } from './use-width';
import { rt } from '../review-i18n';

export interface Bar {
  key: string;
  label: string;
  /** A second, quieter line under the label (a rule's kind, say). */
  note?: string;
  value: number;
  /** The text after the bar: "62% (31/50)", "120 次". */
  display: string;
  /** Drawn in the warning colour (a rate over its threshold). */
  high?: boolean;
}

export interface BarListProps {
  bars: readonly Bar[];
  /** The value a full-width bar stands for: 1 for rates, the largest count otherwise. */
  max?: number;
  onPick?: (bar: Bar) => void;
  label: string;
}

const ROW = 26;
const VALUE_W = 124;

/** Horizontal bars, one row per entry, labels on the left; a row can be picked to filter by it. */
export function BarList({ bars, max, onPick, label }: BarListProps) {
  const { ref, width } = useWidth<HTMLDivElement>(480);
  // The measured wrapper is there even while empty, so the width is known when data arrives.
  if (bars.length === 0) {
    return (
      <div class="rv-bars-wrap" ref={ref}>
        <p class="rv-chart-empty">{rt('chart.empty')}</p>
      </div>
    );
  }
  const WIDTH = Math.max(280, width);
  // Labels get two fifths of the width, within reason; clipped to what fits at 12 px (about
  // 7 px a Latin letter or digit, 14 px a Chinese character, which clip() counts as two).
  const LABEL_W = Math.min(260, Math.max(120, Math.round(WIDTH * 0.4)));
  const labelColumns = Math.floor((LABEL_W - 14) / 7);
  const full = max ?? Math.max(1, ...bars.map((b) => b.value));
  const barW = WIDTH - LABEL_W - VALUE_W;
  const height = bars.length * ROW + 4;
  return (
    <div class="rv-bars-wrap" ref={ref}>
      <svg class="rv-chart rv-bars" width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`} role="list" aria-label={label}>
        {bars.map((bar, i) => {
          const y = i * ROW + 2;
          const w = Math.max(bar.value > 0 ? 2 : 0, (Math.min(bar.value, full) / full) * barW);
          const pick = onPick ? () => onPick(bar) : undefined;
          return (
            <g
              key={bar.key}
              role="listitem"
              class={`rv-bar${bar.high ? ' rv-bar-high' : ''}${pick ? ' rv-bar-pick' : ''}`}
              tabIndex={pick ? 0 : undefined}
              aria-label={`${bar.label} ${bar.display}`}
              onClick={pick}
              onKeyDown={pick ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), pick()) : undefined}
            >
              <title>{bar.note ? `${bar.label}\n${bar.note}\n${bar.display}` : `${bar.label}\n${bar.display}`}</title>
              <rect class="rv-bar-row" x={0} y={y} width={WIDTH} height={ROW - 2} />
              <text class="rv-bar-label" x={4} y={y + 16}>
                {clip(bar.label, labelColumns)}
              </text>
              <rect class="rv-bar-track" x={LABEL_W} y={y + 5} width={barW} height={ROW - 12} rx={2} />
              <rect class="rv-bar-fill" x={LABEL_W} y={y + 5} width={w} height={ROW - 12} rx={2} />
              <text class="rv-bar-value" x={WIDTH - 4} y={y + 16} text-anchor="end">
                {bar.display}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
