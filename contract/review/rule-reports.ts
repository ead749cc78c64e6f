import { z } from 'zod';
import { storableText } from '../flag-event';
import { queryText } from './event-filters';

/** "规则有误": a reviewer says a rule itself is wrong; the 医保办 reads these to fix the pack. */

export const RuleReportInputSchema = z.object({
  ruleId: queryText(200),
  packVersion: queryText(64).optional(),
  /** The event that showed the problem, when there is one. */
  eventId: queryText(64, 8).optional(),
  // Stored text: no NUL, no lone surrogate (contract/flag-event.ts, storableText).
  comment: z
    .string()
    .max(2000)
    .transform((value) => storableText(value, 2000).trim())
    .pipe(z.string().min(1)),
});

export const RuleReportFiltersSchema = z.object({
  ruleId: queryText(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The id of the last report of the previous page. */
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

export const RuleReportSchema = z.object({
  id: z.number().int(),
  ruleId: z.string(),
  packVersion: z.string().nullable(),
  eventId: z.string().nullable(),
  comment: z.string(),
  reporter: z.string(),
  reporterLabel: z.string(),
  at: z.string().datetime({ offset: true }),
});

export type RuleReportInput = z.infer<typeof RuleReportInputSchema>;
export type RuleReportFilters = z.infer<typeof RuleReportFiltersSchema>;
export type RuleReport = z.infer<typeof RuleReportSchema>;
