import { z } from 'zod';
import { DecisionKindSchema } from '../decision';
import { KindSchema, SeveritySchema } from '../findings';
import { EventSourceSchema } from '../flag-event';
import { EventTypeSchema } from './event-filters';
import { VerdictSchema } from './verdicts';
import { addDays, isDay, startOfDay } from './zoned-time';

/**
 * The review filters. They live in the page's query string, so a view can be shared as a link;
 * days are hospital calendar days (inclusive), turned into instants only for the data source.
 */

const Day = z.string().refine(isDay, 'expected YYYY-MM-DD');
const Text = z.string().trim().min(1).max(200);

export const VerdictFilterSchema = z.union([VerdictSchema, z.literal('none')]);
export type VerdictFilter = z.infer<typeof VerdictFilterSchema>;

export const ReviewFiltersSchema = z.object({
  from: Day.optional(),
  to: Day.optional(),
  department: Text.optional(),
  prescriber: Text.optional(),
  ruleId: Text.optional(),
  kind: KindSchema.optional(),
  severity: SeveritySchema.optional(),
  decision: DecisionKindSchema.optional(),
  type: EventTypeSchema.optional(),
  workstation: Text.optional(),
  /** Uploaded by the extension, or made by the hub's 3101 service for a HIS (issue #16). */
  source: EventSourceSchema.optional(),
  /** The current 质控 verdict; only the event list can filter by it. */
  verdict: VerdictFilterSchema.optional(),
});

export type ReviewFilters = z.infer<typeof ReviewFiltersSchema>;
export type FilterName = keyof ReviewFilters;

/** In the order they appear in a link. */
export const FILTER_NAMES = Object.keys(ReviewFiltersSchema.shape) as FilterName[];

/**
 * Filters from a query string. Each value is checked on its own and a bad one is dropped, so an
 * edited or outdated link still opens with the rest of its filters.
 */
export function filtersFromQuery(search: string | URLSearchParams): ReviewFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: Record<string, unknown> = {};
  for (const name of FILTER_NAMES) {
    const raw = params.get(name);
    if (raw === null) continue;
    const parsed = ReviewFiltersSchema.shape[name].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) filters[name] = parsed.data;
  }
  const result = filters as ReviewFilters;
  if (result.from && result.to && result.from > result.to) return { ...result, from: result.to, to: result.from };
  return result;
}

/** The filters as query parameters, in a fixed order, empty ones left out. */
export function filtersToQuery(filters: ReviewFilters, into = new URLSearchParams()): URLSearchParams {
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value === undefined || value === '') into.delete(name);
    else into.set(name, value);
  }
  return into;
}

/** Sets or clears one filter. */
export function withFilter<K extends FilterName>(filters: ReviewFilters, name: K, value: ReviewFilters[K] | '' | undefined): ReviewFilters {
  const next: ReviewFilters = { ...filters };
  if (value === undefined || value === '') delete next[name];
  else next[name] = value;
  return next;
}

export function activeFilterCount(filters: ReviewFilters): number {
  return FILTER_NAMES.filter((name) => filters[name] !== undefined).length;
}

/**
 * The parameters the hub's event list takes: days become the instants they start and end at in
 * the hospital's zone (`to` is exclusive there).
 */
export function eventListParams(filters: ReviewFilters, timeZone: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value === undefined) continue;
    if (name === 'from') params.from = startOfDay(value, timeZone);
    else if (name === 'to') params.to = startOfDay(addDays(value, 1), timeZone);
    else params[name] = value;
  }
  return params;
}

/** The statistics take the same filters but the verdict, which they do not count by. */
export function statsParams(filters: ReviewFilters, timeZone: string): Record<string, string> {
  const { verdict: _verdict, ...rest } = eventListParams(filters, timeZone);
  return rest;
}
