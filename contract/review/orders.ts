import { z } from 'zod';
import { DecisionKindSchema, ReasonCodeSchema } from '../decision';
import { ActionTypeSchema, KindSchema, SeveritySchema } from '../findings';
import { EventSourceSchema, ShownModeSchema } from '../flag-event';
import { LoggedDiagnosisSchema, LoggedLineSchema } from '../order-summary';
import { EventFiltersSchema } from './event-filters';
import { CurrentVerdictSchema, VerdictHistoryEntrySchema, VerdictSchema } from './verdicts';

/**
 * Review by prescription (issue #11): the flag events of one order — its findings, the doctor's
 * decisions, the submission checks — as one row the 质控 reads, with the lines and diagnoses the
 * order held. The hub and the extension's local log build it with the same code (group-orders.ts).
 *
 * An order is named by the workstation that recorded it, its page id (医嘱编号) and the salted
 * patient key: a page without an order number falls back to a per-day id (adapters/extract.ts),
 * and two patients' prescriptions must never merge into one row.
 */

export const OrderKeySchema = z.tuple([z.string().min(1).max(64), z.string().min(1).max(200), z.string().max(64)]);
export type OrderKey = z.infer<typeof OrderKeySchema>;

/** The key as one string (a link parameter, an API parameter). */
export function encodeOrderKey(key: OrderKey): string {
  return JSON.stringify(key);
}

export function decodeOrderKey(text: string): OrderKey | undefined {
  try {
    const parsed = OrderKeySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const OrderListQuerySchema = EventFiltersSchema.extend({
  /**
   * Orders with a finding whose current verdict is this, or (`none`) with a finding nobody has
   * judged yet. Submission checks carry no verdict and never count.
   */
  verdict: z.union([VerdictSchema, z.literal('none')]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});

export const OrderDetailQuerySchema = z.object({ key: z.string().min(1).max(400) });

const Instant = z.string().datetime({ offset: true });

/** The doctor's answer to one finding, the newest one recorded. */
export const FindingDecisionSchema = z.object({
  decision: DecisionKindSchema,
  reason: z.string().optional(),
  reasonCode: ReasonCodeSchema.optional(),
  action: ActionTypeSchema.optional(),
  at: Instant,
  eventId: z.string(),
});

/** One finding of the order: a rule on a line (or on the order), however often it was shown. */
export const OrderFindingSchema = z.object({
  ruleId: z.string(),
  kind: KindSchema,
  severity: SeveritySchema,
  lineId: z.string().optional(),
  lineCode: z.string().optional(),
  message: z.string().optional(),
  basis: z.string().optional(),
  amountAtRisk: z.number().optional(),
  mode: ShownModeSchema.optional(),
  /** First shown to the doctor; absent when only a decision about it was recorded. */
  shownAt: Instant.optional(),
  decision: FindingDecisionSchema.optional(),
  /** 报告误报: the doctor objected to the finding. */
  objection: z.object({ reason: z.string().optional(), at: Instant, eventId: z.string() }).optional(),
  /**
   * The event a 质控 verdict on this finding is recorded on: the one already judged, else the
   * first time it was shown, else the first record of it. One event per finding, so the verdict
   * statistics count findings once.
   */
  verdictEventId: z.string(),
  /** The newest verdict recorded on any record of this finding. */
  verdict: CurrentVerdictSchema.nullable(),
  /** Every verdict on it, newest first: in the detail only. */
  history: z.array(VerdictHistoryEntrySchema).optional(),
  eventIds: z.array(z.string()),
});

/** What became of the prescription, from its submission checks and reviews, newest last. */
export const ORDER_OUTCOMES = [
  /** Submitted with nothing to review. */
  'clean',
  /** Findings were shown, then corrected: the submission found nothing left to review. */
  'corrected',
  /** The doctor continued past the pre-submit review (继续提交). */
  'continued',
  /** The doctor went back to change the order (返回修改) and did not submit again. */
  'returned',
  /** Submitted without a completed check (engine error, broken page, silent mode). */
  'unchecked',
  /** No submission recorded: findings shown while writing, the order not (yet) sent. */
  'not-submitted',
] as const;
export const OrderOutcomeSchema = z.enum(ORDER_OUTCOMES);

export const OrderStepSchema = z.object({
  at: Instant,
  eventId: z.string(),
  type: z.enum(['submit-check', 'review', 'check-incomplete']),
  /** submit-check: clean … silent; review: continued / returned; check-incomplete: its reason. */
  outcome: z.string(),
  findingCount: z.number().int().optional(),
});

export const OrderGroupSchema = z.object({
  key: z.string(),
  orderId: z.string(),
  workstation: z.object({ id: z.string(), label: z.string() }),
  source: EventSourceSchema.optional(),
  /** The newest record the filters selected: what the list is ordered by. */
  at: Instant,
  firstAt: Instant,
  lastAt: Instant,
  department: z.string().optional(),
  prescriberId: z.string().optional(),
  patientKey: z.string().optional(),
  packVersion: z.string().optional(),
  /** The newest lines and diagnoses recorded with the order; empty for records from older extensions. */
  lines: z.array(LoggedLineSchema),
  diagnoses: z.array(LoggedDiagnosisSchema),
  findings: z.array(OrderFindingSchema),
  steps: z.array(OrderStepSchema),
  outcome: OrderOutcomeSchema,
  eventCount: z.number().int(),
});

export const OrderPageSchema = z.object({
  orders: z.array(OrderGroupSchema),
  nextCursor: z.string().nullable(),
});

export type OrderListQuery = z.infer<typeof OrderListQuerySchema>;
export type FindingDecision = z.infer<typeof FindingDecisionSchema>;
export type OrderFinding = z.infer<typeof OrderFindingSchema>;
export type OrderOutcome = z.infer<typeof OrderOutcomeSchema>;
export type OrderStep = z.infer<typeof OrderStepSchema>;
export type OrderGroup = z.infer<typeof OrderGroupSchema>;
export type OrderPage = z.infer<typeof OrderPageSchema>;
