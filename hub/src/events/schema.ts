import { z } from 'zod';
import { EventContextSchema, FlagEventSchema, type EventContext, type FlagEvent } from '../../../log/flag-event';

/**
 * What a workstation uploads: the extension's own flag-event records (log/flag-event.ts — one
 * schema for both sides), with the optional order context the dashboard groups by
 * (`context: {department, prescriberId, patientKey}`, the key a salted SHA-256 digest made on the
 * workstation). The uploading workstation is never taken from the record: the hub stamps it from
 * the token.
 */

/** Upload batches above this size are refused; the extension sends far smaller ones. */
export const MAX_EVENTS_PER_BATCH = 1000;

export { EventContextSchema };

export const UploadedEventSchema = FlagEventSchema;

/** The batch envelope; each record is validated on its own so one bad record cannot sink the rest. */
export const UploadBatchSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
});

export type { EventContext };
export type UploadedEvent = FlagEvent;
