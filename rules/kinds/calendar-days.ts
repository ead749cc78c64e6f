import { memoize } from '../parse/cache';

/**
 * Calendar days as whole numbers, for the kinds that count days between order dates (YYYY-MM-DD,
 * read as UTC midnight so no time zone or daylight saving moves a day).
 */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date; NaN for a date that does not parse. Remembered (bounded): an order's few dates are read by several rules on every keystroke. */
export const dayNumber: (iso: string) => number = memoize((iso) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS));

/** The ISO date of a day number. */
export const isoOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The ISO date `days` days before `iso`. */
export const daysBefore = (iso: string, days: number): string => isoOfDay(dayNumber(iso) - days);
