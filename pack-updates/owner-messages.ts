import { z } from 'zod';

/**
 * Between the engine owner and the background, not for pages. On Chrome the owner is the offscreen
 * document, which has no `storage` API: it asks the background for the trusted keys before it
 * re-verifies the stored pack, and tells it when it dropped one, so the published status follows.
 */

export const PACK_ACCEPTANCE_MESSAGE = 'preflight.packs.acceptance';
export const PACK_STORE_CHANGED_MESSAGE = 'preflight.packs.storeChanged';

export const PackAcceptanceRequestSchema = z.object({ type: z.literal(PACK_ACCEPTANCE_MESSAGE) });
export const PackStoreChangedSchema = z.object({ type: z.literal(PACK_STORE_CHANGED_MESSAGE) });

export const PackAcceptanceAnswerSchema = z.object({
  trustedKeys: z.array(z.unknown()),
  expectedPackId: z.string().optional(),
  /** An update URL or trusted keys are set (isConfiguredSource): the built-in pack must not run. */
  configured: z.boolean().optional(),
});
export type PackAcceptanceAnswer = z.infer<typeof PackAcceptanceAnswerSchema>;
