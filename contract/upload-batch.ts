import { z } from 'zod';
import { FlagEventSchema, type FlagEvent } from './flag-event';

/**
 * What a workstation uploads: the extension's own flag-event records (contract/flag-event.ts — one
 * schema for both sides), with the optional order context the dashboard groups by
 * (`context: {department, prescriberId, patientKey}`, the key a salted SHA-256 digest made on the
 * workstation). The uploading workstation is never taken from the record: the hub stamps it from
 * the token.
 */

/** Upload batches above this size are refused; the extension sends far smaller ones. */
export const MAX_EVENTS_PER_BATCH = 1000;

export const UploadedEventSchema = FlagEventSchema;

/** The batch envelope; each record is validated on its own so one bad record cannot sink the rest. */
export const UploadBatchSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
});

export type UploadedEvent = FlagEvent;

/**
 * The hub's answer, sent only after its transaction committed. The workstation reads a rejected
 * record's errors as opaque: it drops the record either way, and an older or newer hub may word
 * them differently.
 */
export const UploadAnswerSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.array(z.object({ index: z.number().int().nonnegative(), id: z.string().optional(), errors: z.array(z.unknown()) })),
});
export type UploadAnswer = z.infer<typeof UploadAnswerSchema>;
