import { z } from 'zod';
import { KindSchema, SeveritySchema } from '../findings';
import { storableText } from '../flag-event';
import { LoggedDiagnosisSchema, LoggedLineSchema } from '../order-summary';
import { AppealOutcomeSchema, AppealStepSchema, VerdictStateSchema } from './verdicts';

/**
 * Appeals against 确认违规 verdicts (issue #11, item 5): what the doctor's appeal page and the
 * 科室 lead send and read, and what the 质控 decides with. The hub checks every one of these at
 * its boundary; the pages check the answers with the same schemas.
 */

const Instant = z.string().datetime({ offset: true });
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((value) => storableText(value, max));

export const AppealInputSchema = z.object({ text: text(2000) });

export const AppealDecisionInputSchema = z
  .object({
    outcome: AppealOutcomeSchema,
    /** 撤销: what the finding is judged now. */
    revisedVerdict: z.enum(['误报', '合理使用']).optional(),
    reason: text(2000),
  })
  .refine((d) => (d.outcome === '撤销') === (d.revisedVerdict !== undefined), {
    path: ['revisedVerdict'],
    message: '撤销 needs the verdict that replaces 确认违规 (误报 or 合理使用); 维持 takes none',
  });

export const AppealLinkInputSchema = z.object({ prescriberId: z.string().trim().min(1).max(64) });

/** A new appeal link: the token is in this answer only. */
export const AppealLinkSchema = z.object({
  token: z.string(),
  prescriberId: z.string(),
  expiresAt: Instant,
  /** Relative to the hub's address: the page, with the token in the fragment (never sent to a server log). */
  path: z.string(),
});

/** One open 确认违规 finding as the doctor (or the 科室 lead) sees it: what was judged, on what order. */
export const AppealFindingSchema = z.object({
  verdictId: z.number().int(),
  state: VerdictStateSchema,
  verdictAt: Instant,
  /** The 质控's comment with the verdict. */
  comment: z.string().nullable(),
  appealUntil: Instant,
  ruleId: z.string(),
  ruleName: z.string().nullable(),
  kind: KindSchema,
  severity: SeveritySchema,
  message: z.string().optional(),
  basis: z.string().optional(),
  lineId: z.string().optional(),
  amountAtRisk: z.number().optional(),
  prescriber: z.object({ id: z.string(), name: z.string().nullable(), department: z.string().nullable() }),
  order: z.object({
    orderId: z.string(),
    at: Instant,
    department: z.string().optional(),
    lines: z.array(LoggedLineSchema),
    diagnoses: z.array(LoggedDiagnosisSchema),
  }),
  appeal: AppealStepSchema.optional(),
});

export const AppealScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('prescriber'), prescriberId: z.string(), name: z.string().nullable(), department: z.string().nullable() }),
  z.object({ kind: z.literal('department'), department: z.string() }),
  z.object({ kind: z.literal('all') }),
]);

export const AppealFindingsSchema = z.object({
  scope: AppealScopeSchema,
  timeZone: z.string(),
  appealDays: z.number().int(),
  findings: z.array(AppealFindingSchema),
});

/** An appeal in the 质控's queue, with where to open its prescription. */
export const QueuedAppealSchema = z.object({
  appeal: AppealStepSchema,
  verdictId: z.number().int(),
  eventId: z.string(),
  /** The order key (contract/review/orders.ts), to open the prescription; absent for a record without an order. */
  orderKey: z.string().optional(),
  orderId: z.string().optional(),
  ruleId: z.string(),
  ruleName: z.string().nullable(),
  message: z.string().optional(),
  verdictAt: Instant,
  verdictComment: z.string().nullable(),
  appealUntil: Instant.nullable(),
  prescriber: z.object({ id: z.string(), name: z.string().nullable(), department: z.string().nullable() }).nullable(),
});

/** Doctors with 确认违规 findings whose window is open and unappealed: whom to send a link. */
export const OpenByPrescriberSchema = z.object({
  prescriberId: z.string(),
  name: z.string().nullable(),
  department: z.string().nullable(),
  open: z.number().int(),
  /** The earliest window end among them. */
  nextDeadline: Instant,
  /** When the doctor's live link was made, if one is. */
  linkCreatedAt: Instant.nullable(),
});

export const AppealQueueQuerySchema = z.object({
  state: z.enum(['pending', 'decided']).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AppealQueueSchema = z.object({
  appeals: z.array(QueuedAppealSchema),
  open: z.array(OpenByPrescriberSchema),
  appealDays: z.number().int(),
});

export type AppealInput = z.infer<typeof AppealInputSchema>;
export type AppealDecisionInput = z.infer<typeof AppealDecisionInputSchema>;
export type AppealLink = z.infer<typeof AppealLinkSchema>;
export type AppealFinding = z.infer<typeof AppealFindingSchema>;
export type AppealScope = z.infer<typeof AppealScopeSchema>;
export type AppealFindings = z.infer<typeof AppealFindingsSchema>;
export type QueuedAppeal = z.infer<typeof QueuedAppealSchema>;
export type OpenByPrescriber = z.infer<typeof OpenByPrescriberSchema>;
export type AppealQueue = z.infer<typeof AppealQueueSchema>;
export type AppealQueueQuery = z.infer<typeof AppealQueueQuerySchema>;
