import { z } from 'zod';
import { DecisionKindSchema } from '../decision';
import { KindSchema, SeveritySchema } from '../findings';
import { EventSourceSchema, FLAG_EVENT_TYPES, storableText } from '../flag-event';

/** The hub's query-string filters, shared by the event list and the statistics. */

/**
 * A text compared with stored text: made storable the same way (no NUL, no lone surrogate), so it
 * matches what ingestion stored and never reaches the database in a form it refuses.
 */
export function queryText(max: number, min = 1) {
  return z.string().max(max).transform((value) => storableText(value, max)).pipe(z.string().min(min));
}

const FILTER_EARLIEST = Date.parse('1970-01-01T00:00:00Z');
const FILTER_LATEST = Date.parse('9000-01-01T00:00:00Z');

/**
 * An instant in a filter or cursor. ISO 8601 admits instants the database cannot take back from
 * JavaScript (0001-01-01T00:00:00+14:00 is year 0 in UTC): only 1970–8999 is taken.
 */
export const FilterTimeSchema = z
  .string()
  .datetime({ offset: true })
  .refine((value) => {
    const ms = Date.parse(value);
    return ms >= FILTER_EARLIEST && ms < FILTER_LATEST;
  }, 'outside 1970-01-01 … 8999-12-31');

const text = queryText(200);
const time = FilterTimeSchema;

export const EventTypeSchema = z.enum(FLAG_EVENT_TYPES);

export const EventFiltersSchema = z.object({
  from: time.optional(),
  to: time.optional(),
  department: text.optional(),
  prescriber: text.optional(),
  ruleId: text.optional(),
  kind: KindSchema.optional(),
  severity: SeveritySchema.optional(),
  decision: DecisionKindSchema.optional(),
  type: EventTypeSchema.optional(),
  workstation: text.optional(),
  /** `his-3101`: only what the hub's 3101/3103 service recorded; `extension`: only uploads. */
  source: EventSourceSchema.optional(),
});

export type EventFilters = z.infer<typeof EventFiltersSchema>;
