import { z } from 'zod';
import { storableText } from '../flag-event';

/** A 质控 reviewer's verdict on one event. The newest verdict is the current one; older ones stay as history. */

export const VerdictSchema = z.enum(['确认违规', '误报', '合理使用']);
export const VERDICTS = VerdictSchema.options;

export const VerdictInputSchema = z.object({
  verdict: VerdictSchema,
  /** Stored text: no NUL, no lone surrogate (contract/flag-event.ts, storableText). */
  comment: z
    .string()
    .max(2000)
    .transform((value) => storableText(value, 2000))
    .optional(),
});

const Instant = z.string().datetime({ offset: true });

/** The verdict as recorded, answering a POST. */
export const VerdictRecordSchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  reviewer: z.string(),
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  at: Instant,
});

/** The current verdict, as the event list shows it beside each event. */
export const CurrentVerdictSchema = z.object({
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  reviewer: z.string(),
  at: Instant,
});

export const VerdictHistoryEntrySchema = z.object({
  id: z.number().int(),
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  reviewer: z.string(),
  reviewerLabel: z.string(),
  at: Instant,
});

export type Verdict = z.infer<typeof VerdictSchema>;
export type VerdictInput = z.infer<typeof VerdictInputSchema>;
export type VerdictRecord = z.infer<typeof VerdictRecordSchema>;
export type CurrentVerdict = z.infer<typeof CurrentVerdictSchema>;
export type VerdictHistoryEntry = z.infer<typeof VerdictHistoryEntrySchema>;
