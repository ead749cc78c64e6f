import { z } from 'zod';
import { PERMISSIONS, RoleSchema } from '../../hub/src/auth/roles';
import { EventTypeSchema } from '../../hub/src/events/filters';
import { UploadedEventSchema } from '../../contract/upload-batch';
import { RuleReportInputSchema } from '../../hub/src/review/rule-reports';
import { VerdictInputSchema, VerdictSchema } from '../../hub/src/review/verdicts';
import { OverrideDimensionSchema } from '../../hub/src/stats/queries';

/**
 * What the review views show, as zod schemas: the hub's answers are parsed with these before any
 * view sees them, and a local source (the extension's own flag log) produces the same shapes.
 * Event records, verdicts and roles are the hub's own schemas, imported, not restated.
 */

export { VerdictSchema, EventTypeSchema, VerdictInputSchema, RuleReportInputSchema, OverrideDimensionSchema };
export type { Verdict, VerdictInput } from '../../hub/src/review/verdicts';
export type { RuleReportInput } from '../../hub/src/review/rule-reports';
export type { OverrideDimension } from '../../hub/src/stats/queries';

export const VERDICTS = VerdictSchema.options;

const Instant = z.string().datetime({ offset: true });
const Count = z.number().int().nonnegative();

export const ReviewEventSchema = UploadedEventSchema;
export type ReviewEvent = z.infer<typeof ReviewEventSchema>;

export const CurrentVerdictSchema = z.object({
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  reviewer: z.string(),
  at: Instant,
});

export const ListedEventSchema = z.object({
  event: ReviewEventSchema,
  workstation: z.object({ id: z.string(), label: z.string() }),
  receivedAt: Instant,
  verdict: CurrentVerdictSchema.nullable(),
});
export type ListedEvent = z.infer<typeof ListedEventSchema>;

export const EventPageSchema = z.object({
  events: z.array(ListedEventSchema),
  nextCursor: z.string().nullable(),
});
export type EventPage = z.infer<typeof EventPageSchema>;

export const VerdictHistoryEntrySchema = z.object({
  id: z.number().int(),
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  reviewer: z.string(),
  reviewerLabel: z.string(),
  at: Instant,
});
export type VerdictHistoryEntry = z.infer<typeof VerdictHistoryEntrySchema>;

export const EventDetailSchema = ListedEventSchema.extend({ history: z.array(VerdictHistoryEntrySchema) });
export type EventDetail = z.infer<typeof EventDetailSchema>;

export const VerdictRecordSchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  reviewer: z.string(),
  verdict: VerdictSchema,
  comment: z.string().nullable(),
  at: Instant,
});
export type VerdictRecord = z.infer<typeof VerdictRecordSchema>;

export const RuleReportSchema = z.object({
  id: z.number().int(),
  ruleId: z.string(),
  packVersion: z.string().nullable(),
  eventId: z.string().nullable(),
  comment: z.string(),
  reporter: z.string(),
  reporterLabel: z.string(),
  at: Instant,
});
export type RuleReport = z.infer<typeof RuleReportSchema>;

export const SummarySchema = z.object({ total: Count, byType: z.record(z.string(), Count) });
export type Summary = z.infer<typeof SummarySchema>;

const DecisionCounts = { decisions: Count, continued: Count, corrected: Count, ignored: Count };

export const DailyRowSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), shown: Count, ...DecisionCounts });
export type DailyRow = z.infer<typeof DailyRowSchema>;

export const RuleRowSchema = z.object({ ruleId: z.string(), kind: z.string().nullable(), shown: Count, amountAtRisk: z.number(), ...DecisionCounts });
export type RuleRow = z.infer<typeof RuleRowSchema>;

export const OverrideRowSchema = z.object({ key: z.string().nullable(), overrideRate: z.number().min(0).max(1), ...DecisionCounts });
export type OverrideRow = z.infer<typeof OverrideRowSchema>;

export const ReasonRowSchema = z.object({ reasonCode: z.string().nullable(), count: Count });
export type ReasonRow = z.infer<typeof ReasonRowSchema>;

export const RuleVerdictCountsSchema = z.object({ ruleId: z.string(), reviewed: Count, confirmed: Count, falsePositive: Count, justified: Count });
export type RuleVerdictCounts = z.infer<typeof RuleVerdictCountsSchema>;

export const PermissionSchema = z.enum(PERMISSIONS);
export const SessionSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  label: z.string(),
  permissions: z.array(PermissionSchema),
  timeZone: z.string().min(1),
});
export type Session = z.infer<typeof SessionSchema>;
export type Role = Session['role'];
export type Permission = z.infer<typeof PermissionSchema>;
