import { z } from 'zod';
import { ActionTypeSchema } from './findings';

/**
 * A doctor's decision on one finding, as recorded at the pre-submit review and fed back to the
 * national platform (3103) or to a CDS Hooks service (feedback).
 */

/**
 * Preset reasons for continuing despite a finding. The Chinese text is what the doctor picks and
 * what 3103 `dspo_way_rea` carries; the code is the stable key for CDS Hooks Codings and statistics.
 */
export const OVERRIDE_REASONS = [
  { code: 'clinically-necessary', display: '临床必需且已告知患者' },
  { code: 'patient-self-pay', display: '患者同意自费' },
  { code: 'approved', display: '已获审批' },
  { code: 'external-result-pending', display: '外院检查结果待补录' },
  { code: 'rule-not-applicable', display: '规则不适用(反馈医保办)' },
] as const;

export type OverrideReasonText = (typeof OVERRIDE_REASONS)[number]['display'];

export const ReasonCodeSchema = z.enum(
  OVERRIDE_REASONS.map((r) => r.display) as [OverrideReasonText, ...OverrideReasonText[]],
);

/** Which finding the decision answers: the same triple yields the same 3101 jr_id and card uuid. */
export const FindingRefSchema = z.object({
  orderId: z.string().min(1),
  ruleId: z.string().min(1),
  lineId: z.string().min(1).optional(),
});

export const DecisionKindSchema = z.enum(['modified', 'removed-line', 'continued', 'ignored']);

export const DecisionSchema = z
  .object({
    findingRef: FindingRefSchema,
    decision: DecisionKindSchema,
    /** Free text; the platform requires a reason whenever the doctor continues. */
    reason: z.string().optional(),
    reasonCode: ReasonCodeSchema.optional(),
    /** Addition: the suggested action the doctor applied, so feedback can name the accepted suggestion. */
    action: ActionTypeSchema.optional(),
    at: z.string().datetime({ offset: true }),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'continued' && !d.reason?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason is required when the doctor continues' });
    }
  });

export type FindingRef = z.infer<typeof FindingRefSchema>;
export type DecisionKind = z.infer<typeof DecisionKindSchema>;
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;
export type Decision = z.infer<typeof DecisionSchema>;

export function overrideReasonOf(text: ReasonCode): (typeof OVERRIDE_REASONS)[number] {
  return OVERRIDE_REASONS.find((r) => r.display === text)!;
}
