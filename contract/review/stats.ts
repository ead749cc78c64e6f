import { z } from 'zod';
import { EventFiltersSchema } from './event-filters';

/**
 * The dashboard's statistics: what is asked and what comes back. "Override" means the doctor
 * continued despite the finding; "corrected" means the order was changed or the line removed.
 */

export const StatsQuerySchema = EventFiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const OverrideDimensionSchema = z.enum(['rule', 'department', 'prescriber', 'workstation']);

export const VerdictCountsQuerySchema = EventFiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const Count = z.number().int().nonnegative();

/** Event counts by type: the dashboard's headline. */
export const SummarySchema = z.object({ total: Count, byType: z.record(z.string(), Count) });

const DecisionCounts = { decisions: Count, continued: Count, corrected: Count, ignored: Count };

/** One calendar day in the hospital's time zone. */
export const DailyRowSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), shown: Count, ...DecisionCounts });

export const RuleRowSchema = z.object({ ruleId: z.string(), kind: z.string().nullable(), shown: Count, amountAtRisk: z.number(), ...DecisionCounts });

/** `key`: the rule id, department, prescriber or workstation; null when the events did not say. */
export const OverrideRowSchema = z.object({ key: z.string().nullable(), overrideRate: z.number().min(0).max(1), ...DecisionCounts });

/** `reasonCode`: the preset reason the doctor picked; null when only free text was given. */
export const ReasonRowSchema = z.object({ reasonCode: z.string().nullable(), count: Count });

/**
 * Final verdicts on one rule's events (a 确认违规 open to appeal or appealed is not final: it is
 * `pending`, and counted nowhere else). `reviewed` = confirmed + falsePositive + justified.
 */
export const RuleVerdictCountsSchema = z.object({ ruleId: z.string(), reviewed: Count, confirmed: Count, falsePositive: Count, justified: Count, pending: Count.optional() });

export type StatsQuery = z.infer<typeof StatsQuerySchema>;
export type OverrideDimension = z.infer<typeof OverrideDimensionSchema>;
export type VerdictCountsQuery = z.infer<typeof VerdictCountsQuerySchema>;
export type Summary = z.infer<typeof SummarySchema>;
export type DailyRow = z.infer<typeof DailyRowSchema>;
export type RuleRow = z.infer<typeof RuleRowSchema>;
export type OverrideRow = z.infer<typeof OverrideRowSchema>;
export type ReasonRow = z.infer<typeof ReasonRowSchema>;
export type RuleVerdictCounts = z.infer<typeof RuleVerdictCountsSchema>;
