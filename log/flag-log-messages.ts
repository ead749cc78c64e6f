import { z } from 'zod';

/** `runtime.sendMessage` carrying a batch of flag events from a content script to the background. */
export const FLAG_EVENTS_MESSAGE = 'preflight:flag-events';

/** Larger batches are split by the sender; the receiver refuses them outright. */
export const FLAG_EVENTS_MAX_BATCH = 200;

/** Records are validated one by one when stored, so one bad record does not sink its batch. */
export const FlagEventsMessageSchema = z.object({
  type: z.literal(FLAG_EVENTS_MESSAGE),
  events: z.array(z.unknown()).min(1).max(FLAG_EVENTS_MAX_BATCH),
});

export const FlagEventsAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), stored: z.number().int().nonnegative(), rejected: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

export type FlagEventsMessage = z.infer<typeof FlagEventsMessageSchema>;
export type FlagEventsAnswer = z.infer<typeof FlagEventsAnswerSchema>;
