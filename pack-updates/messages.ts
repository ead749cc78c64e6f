import { z } from 'zod';
import { REJECT_REASONS } from '../rules/pack/accept';

/**
 * The background's rule-pack service, as extension pages (options, popup) talk to it over
 * `runtime.sendMessage`. The background owns the active pack: it verifies, stores and activates;
 * pages only ask.
 */

export const PACK_STATUS_MESSAGE = 'preflight.packs.status';
export const PACK_CHECK_NOW_MESSAGE = 'preflight.packs.checkNow';
export const PACK_INSTALL_MESSAGE = 'preflight.packs.install';

export const PackStatusRequestSchema = z.object({ type: z.literal(PACK_STATUS_MESSAGE) });
export const PackCheckNowRequestSchema = z.object({ type: z.literal(PACK_CHECK_NOW_MESSAGE) });
/** A signed pack envelope chosen by hand in the options page (a file, or one just signed there). */
export const PackInstallRequestSchema = z.object({ type: z.literal(PACK_INSTALL_MESSAGE), envelope: z.string().max(80 * 1024 * 1024) });

export const PackRequestSchema = z.discriminatedUnion('type', [PackStatusRequestSchema, PackCheckNowRequestSchema, PackInstallRequestSchema]);
export type PackRequest = z.infer<typeof PackRequestSchema>;

export const PackSourceSchema = z.enum(['built-in', 'update-url', 'installed']);

export const PackRejectionSchema = z.object({
  reason: z.enum([...REJECT_REASONS, 'network', 'http-status']),
  /** Chinese / English, for the 医保办 (from REJECT_MESSAGES or the network error). */
  message: z.string(),
});

export const UpdateCheckOutcomeSchema = z.enum(['updated', 'not-modified', 'same-version', 'rejected', 'failed', 'not-configured']);

export const PackStatusSchema = z.object({
  active: z
    .object({
      id: z.string(),
      version: z.string(),
      ruleCount: z.number().int().nonnegative(),
      source: PackSourceSchema,
      keyId: z.string().nullable(),
      activatedAt: z.string(),
      /** The pack's `effective.to`, when it has one. */
      effectiveTo: z.string().optional(),
    })
    .nullable(),
  /**
   * An update URL or trusted keys are set: the built-in demo pack is never used, so `active` null
   * means 无可用规则包 (nothing is checked) rather than "the built-in pack".
   */
  configured: z.boolean().optional(),
  /** The active pack is past its `effective.to` and stays in force until a newer one comes (规则包已过期). */
  expired: z.object({ on: z.string(), noticedAt: z.string() }).nullable().optional(),
  updateUrl: z.string().nullable(),
  intervalMinutes: z.number(),
  lastCheck: z
    .object({
      at: z.string(),
      outcome: UpdateCheckOutcomeSchema,
      /** Set for `rejected` and `failed`: why the offered pack was not activated. */
      rejection: PackRejectionSchema.optional(),
      /** Withdrawal notices received with this check and ignored (unsigned, forged, untrusted key), or why none could be read. */
      refusedWithdrawals: z.array(PackRejectionSchema).max(20).optional(),
      /** The pack this check replaced because the 医保办 withdrew it (a verified signed notice). */
      replacedWithdrawn: z.object({ id: z.string(), version: z.string(), reason: z.string() }).optional(),
    })
    .nullable(),
  nextCheckAt: z.string().nullable(),
});
export type PackStatus = z.infer<typeof PackStatusSchema>;

/** Answer to check-now and install: the status after the attempt. */
export const PackActionAnswerSchema = z.object({ ok: z.boolean(), status: PackStatusSchema, rejection: PackRejectionSchema.optional() });
export type PackActionAnswer = z.infer<typeof PackActionAnswerSchema>;
