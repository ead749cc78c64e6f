import { z } from 'zod';
import { FlagEventSchema } from '../../../log/flag-event';

/**
 * What a workstation uploads: the extension's own flag-event records (log/flag-event.ts — one
 * schema for both sides), optionally with the order context the dashboard groups by. The
 * extension does not send `context` yet; until it does, department and doctor figures read
 * "unknown". The uploading workstation is never taken from the record: the hub stamps it from
 * the token.
 */

/** Upload batches above this size are refused; the extension sends far smaller ones. */
export const MAX_EVENTS_PER_BATCH = 1000;

export const EventContextSchema = z.object({
  department: z.string().min(1).max(100).optional(),
  prescriberId: z.string().min(1).max(64).optional(),
  /** A salted SHA-256 of the patient key made on the workstation: never a name or record number. */
  patientKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'expected a salted SHA-256 hex digest, not a patient identifier')
    .optional(),
});

export const UploadedEventSchema = z.intersection(FlagEventSchema, z.object({ context: EventContextSchema.optional() }));

/** The batch envelope; each record is validated on its own so one bad record cannot sink the rest. */
export const UploadBatchSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
});

export type EventContext = z.infer<typeof EventContextSchema>;
export type UploadedEvent = z.infer<typeof UploadedEventSchema>;
