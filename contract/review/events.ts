import { z } from 'zod';
import { UploadedEventSchema } from '../upload-batch';
import { EventSourceSchema } from '../flag-event';
import { EventFiltersSchema } from './event-filters';
import { CurrentVerdictSchema, VerdictHistoryEntrySchema, VerdictSchema } from './verdicts';

/** The review list and an event's drill-down: events newest first, filtered, paged by an opaque cursor. */

export const EventListQuerySchema = EventFiltersSchema.extend({
  /** The current verdict, or `none` for events nobody has reviewed yet. */
  verdict: z.union([VerdictSchema, z.literal('none')]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

const Instant = z.string().datetime({ offset: true });

export const ListedEventSchema = z.object({
  event: UploadedEventSchema,
  workstation: z.object({ id: z.string(), label: z.string() }),
  /** Addition (issue #16): made by the hub's 3101 service rather than uploaded; absent from older hubs. */
  source: EventSourceSchema.optional(),
  receivedAt: Instant,
  verdict: CurrentVerdictSchema.nullable(),
});

export const EventPageSchema = z.object({
  events: z.array(ListedEventSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

/** One event as the list shows it, plus every verdict ever recorded on it, newest (the current one) first. */
export const EventDetailSchema = ListedEventSchema.extend({ history: z.array(VerdictHistoryEntrySchema) });

export type EventListQuery = z.infer<typeof EventListQuerySchema>;
export type ListedEvent = z.infer<typeof ListedEventSchema>;
export type EventPage = z.infer<typeof EventPageSchema>;
export type EventDetail = z.infer<typeof EventDetailSchema>;
