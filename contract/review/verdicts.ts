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

/**
 * Where a verdict stands (hub/src/review/final-verdict.ts defines it, once): `final` counts in
 * every report; a 确认违规 verdict is `appeal-open` while its appeal window runs unappealed and
 * `appealed` while an appeal awaits the 质控's decision. Sources without appeals leave it out.
 */
export const VerdictStateSchema = z.enum(['final', 'appeal-open', 'appealed']);

/** The decision on an appeal: 维持 keeps 确认违规; 撤销 replaces it with the verdict given. */
export const AppealOutcomeSchema = z.enum(['维持', '撤销']);

/** An appeal against a 确认违规 verdict, as the finding's history shows it (who, when, what). */
export const AppealStepSchema = z.object({
  id: z.number().int(),
  text: z.string(),
  at: Instant,
  /** Through the doctor's link (`by` is the doctor's id), or a 科室 lead's token (`by` is the token id). */
  via: z.enum(['link', 'token']),
  by: z.string(),
  /** The doctor's name from the directory, or the token's label. */
  byLabel: z.string(),
  decision: z
    .object({
      outcome: AppealOutcomeSchema,
      reason: z.string(),
      by: z.string(),
      byLabel: z.string(),
      at: Instant,
      /** 撤销: the verdict recorded in its place. */
      revisedVerdict: z.enum(['误报', '合理使用']).optional(),
    })
    .optional(),
});

/** The verdict as recorded, answering a POST. */
export const VerdictRecordSchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  reviewer: z.string(),
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  at: Instant,
  /** A 确认违规 verdict's appeal window end; null when it has none. */
  appealUntil: Instant.nullable().optional(),
});

/** The current verdict, as the event list shows it beside each event. */
export const CurrentVerdictSchema = z.object({
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  reviewer: z.string(),
  at: Instant,
  state: VerdictStateSchema.optional(),
  appealUntil: Instant.nullable().optional(),
});

export const VerdictHistoryEntrySchema = z.object({
  id: z.number().int(),
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  reviewer: z.string(),
  reviewerLabel: z.string(),
  at: Instant,
  state: VerdictStateSchema.optional(),
  appealUntil: Instant.nullable().optional(),
  /** The appeal against this verdict and its decision, if any. */
  appeal: AppealStepSchema.optional(),
});

export type Verdict = z.infer<typeof VerdictSchema>;
export type VerdictInput = z.infer<typeof VerdictInputSchema>;
export type VerdictRecord = z.infer<typeof VerdictRecordSchema>;
export type CurrentVerdict = z.infer<typeof CurrentVerdictSchema>;
export type VerdictHistoryEntry = z.infer<typeof VerdictHistoryEntrySchema>;
export type VerdictState = z.infer<typeof VerdictStateSchema>;
export type AppealOutcome = z.infer<typeof AppealOutcomeSchema>;
export type AppealStep = z.infer<typeof AppealStepSchema>;
