/**
 * Splits a time window into whole rollup buckets (UTC hours or UTC months) and the partial
 * stretches at either end, which are counted from raw events. An open start means "since the
 * beginning", an open end "until now and beyond": the current bucket, still filling, is always
 * counted raw.
 */

export type BucketUnit = 'hour' | 'month';

export interface RawRange {
  from?: string;
  to?: string;
}

export interface BucketSplit {
  /** Whole buckets [from, to) to read from the rollup; absent when the window spans none. */
  buckets?: { from?: string; to: string };
  /** Stretches to count from raw events. */
  raw: RawRange[];
}

function floorTo(unit: BucketUnit, date: Date): Date {
  return unit === 'month'
    ? new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1))
    : new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}

function ceilTo(unit: BucketUnit, date: Date): Date {
  const floor = floorTo(unit, date);
  if (floor.getTime() === date.getTime()) return floor;
  return unit === 'month' ? new Date(Date.UTC(floor.getUTCFullYear(), floor.getUTCMonth() + 1, 1)) : new Date(floor.getTime() + 3_600_000);
}

export function splitByBucket(unit: BucketUnit, from: string | undefined, to: string | undefined, now: Date): BucketSplit {
  const lower = from === undefined ? undefined : ceilTo(unit, new Date(from));
  const upper = floorTo(unit, to === undefined ? now : new Date(to));
  if (lower !== undefined && lower.getTime() >= upper.getTime()) return { raw: [{ from, to }] };
  const raw: RawRange[] = [];
  if (from !== undefined && lower!.getTime() > new Date(from).getTime()) raw.push({ from, to: lower!.toISOString() });
  if (to === undefined || new Date(to).getTime() > upper.getTime()) raw.push({ from: upper.toISOString(), to });
  return { buckets: { ...(lower === undefined ? {} : { from: lower.toISOString() }), to: upper.toISOString() }, raw };
}

/**
 * Whether local midnights in `timeZone` always fall on whole UTC hours (true for China and most
 * zones), so hourly buckets add up to local days exactly. Checked at both solstices for DST.
 */
export function hasWholeHourOffsets(timeZone: string, year = new Date().getUTCFullYear()): boolean {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  return [Date.UTC(year, 0, 1), Date.UTC(year, 6, 1)].every((t) => {
    const name = format.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    const match = /([+-])(\d{2}):?(\d{2})?$/.exec(name);
    return name === 'GMT' || (match !== null && (match[3] ?? '00') === '00');
  });
}
