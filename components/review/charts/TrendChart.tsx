import type { DailyRow } from '../../../contract/review/stats';
import { rt } from '../review-i18n';
import { niceTicks } from './scale';
import { useWidth } from './use-width';

const HEIGHT = 240;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

export interface TrendChartProps {
  days: readonly DailyRow[];
}

/** Findings shown and submitted anyway, per day: two lines on one count axis. */
export function TrendChart({ days }: TrendChartProps) {
  const { ref, width } = useWidth<HTMLElement>(640);
  if (days.length === 0) {
    return (
      <figure class="rv-chart rv-trend" ref={ref}>
        <p class="rv-chart-empty">{rt('chart.empty')}</p>
      </figure>
    );
  }
  const WIDTH = Math.max(320, width);
  const max = Math.max(1, ...days.map((d) => Math.max(d.shown, d.continued)));
  const ticks = niceTicks(max);
  const top = ticks.at(-1)!;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (days.length === 1 ? plotW / 2 : (i / (days.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const line = (pick: (d: DailyRow) => number) => days.map((d, i) => `${x(i).toFixed(1)},${y(pick(d)).toFixed(1)}`).join(' ');
  // A day label every ~70 px, whatever the range.
  const labelEvery = Math.max(1, Math.ceil(days.length / Math.max(2, Math.floor(plotW / 70))));
  const summary = `${rt('chart.daily')}: ${days[0]!.day} – ${days.at(-1)!.day}`;
  return (
    <figure class="rv-chart rv-trend" ref={ref}>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        {ticks.map((t) => (
          <g key={`y${t}`} class="rv-axis">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} class="rv-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % labelEvery === 0 || i === days.length - 1 ? (
            <text key={`x${d.day}`} class="rv-axis" x={x(i)} y={HEIGHT - 8} text-anchor={days.length > 1 && i === days.length - 1 ? 'end' : days.length > 1 && i === 0 ? 'start' : 'middle'}>
              {d.day.slice(5)}
            </text>
          ) : null,
        )}
        <polyline class="rv-line rv-line-shown" points={line((d) => d.shown)} />
        <polyline class="rv-line rv-line-continued" points={line((d) => d.continued)} />
        {days.map((d, i) => (
          <g key={d.day} class="rv-point">
            <title>{`${d.day}  ${rt('chart.daily.shown')} ${d.shown} · ${rt('chart.daily.continued')} ${d.continued}`}</title>
            <rect x={x(i) - plotW / days.length / 2} y={PAD.top} width={Math.max(2, plotW / days.length)} height={plotH} class="rv-hit" />
            <circle cx={x(i)} cy={y(d.shown)} r={days.length > 60 ? 1.5 : 3} class="rv-dot-shown" />
            <circle cx={x(i)} cy={y(d.continued)} r={days.length > 60 ? 1.5 : 3} class="rv-dot-continued" />
          </g>
        ))}
      </svg>
      <figcaption class="rv-legend">
        <span class="rv-key rv-key-shown">{rt('chart.daily.shown')}</span>
        <span class="rv-key rv-key-continued">{rt('chart.daily.continued')}</span>
      </figcaption>
    </figure>
  );
}
