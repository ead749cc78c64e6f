import type { DailyRow } from '../../../contract/review/stats';
import { addDays } from '../../../contract/review/zoned-time';

/** Chart arithmetic with no drawing in it, so it can be tested on its own. */

/**
 * Every day the data spans, days without events as zeros, within the filter's range when there is
 * one. The chart never reaches past the data: a wide filter draws no empty stretch, and a day after
 * `today`'s morrow (a workstation clock years ahead, stored before the hub bounded dates) is left
 * out rather than drawing hundreds of empty days up to it (issue #13 R9).
 */
export function fillDays(rows: readonly DailyRow[], from?: string, to?: string, maxDays = 400, today?: string): DailyRow[] {
  const latest = today === undefined ? undefined : addDays(today, 1);
  const byDay = new Map(rows.filter((r) => latest === undefined || r.day <= latest).map((r) => [r.day, r]));
  const days = [...byDay.keys()].sort();
  const dataFirst = days[0];
  const dataLast = days.at(-1);
  if (!dataFirst || !dataLast) return [];
  const first = from !== undefined && from > dataFirst ? from : dataFirst;
  const last = to !== undefined && to < dataLast ? to : dataLast;
  if (first > last) return [];
  const filled: DailyRow[] = [];
  // A very long range stays readable and cheap: it is shown from its newest end.
  let day = last;
  for (let n = 0; n < maxDays && day >= first; n++) {
    filled.push(byDay.get(day) ?? { day, shown: 0, decisions: 0, continued: 0, corrected: 0, ignored: 0 });
    day = addDays(day, -1);
  }
  return filled.reverse();
}

/** Round axis steps (1, 2, 5 × 10ⁿ) covering 0…max in about `count` steps. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const whole = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let v = 0; v < max + whole; v += whole) ticks.push(v);
  return ticks;
}

/** Shortens a label to `max` display columns (CJK counts two), with an ellipsis. */
export function clip(label: string, max: number): string {
  let width = 0;
  let out = '';
  for (const ch of label) {
    width += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
    if (width > max) return out + '…';
    out += ch;
  }
  return out;
}
