import type { DailyRow } from '../model';
import { addDays } from '../zoned-time';

/** Chart arithmetic with no drawing in it, so it can be tested on its own. */

/** Every day from the first to the last (or the filter's range), days without events as zeros. */
export function fillDays(rows: readonly DailyRow[], from?: string, to?: string, maxDays = 400): DailyRow[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days = [...byDay.keys()].sort();
  const first = from ?? days[0];
  const last = to ?? days.at(-1);
  if (!first || !last || first > last) return [];
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
