import { z } from 'zod';

/**
 * The hub's 规则发布 API (hub/src/routes/publish.ts), as the dashboard reads it: previewing a pack
 * against the live one, the publication history, and the hub's public signing keys.
 */

const PublicKeySchema = z.object({ keyId: z.string(), algorithm: z.string().optional(), publicKey: z.string() });

export const KeyRingViewSchema = z.object({
  current: PublicKeySchema,
  next: z.object({ key: PublicKeySchema, from: z.string() }).optional(),
  retired: z.array(PublicKeySchema),
});

/** One field of a rule that differs (rules/pack/diff.ts FieldChange). */
export const FieldChangeSchema = z.object({
  path: z.string(),
  type: z.enum(['value', 'set', 'order']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  added: z.array(z.unknown()).optional(),
  removed: z.array(z.unknown()).optional(),
});

export const RuleRefSchema = z.object({ id: z.string(), kind: z.string(), name: z.string().optional() });

const PackSummarySchema = z.object({ id: z.string(), version: z.string(), ruleCount: z.number().int() });

export const DraftPreviewSchema = z.object({
  draft: PackSummarySchema,
  live: PackSummarySchema.nullable(),
  /** The draft's version, or the next free one when it is not above the live pack's. */
  suggestedVersion: z.string(),
  counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  /** At most 200 each; the counts are complete. */
  added: z.array(RuleRefSchema),
  removed: z.array(RuleRefSchema),
  changed: z.array(RuleRefSchema.extend({ fields: z.array(FieldChangeSchema) })),
  settingsChanged: z.array(FieldChangeSchema),
});

export const PublishedPackSchema = z.object({
  seq: z.number().int(),
  packId: z.string(),
  version: z.string(),
  etag: z.string(),
  publishedAt: z.string(),
  /** The token id that published. */
  publisher: z.string(),
  changelog: z.string().nullable(),
  keyId: z.string().nullable(),
  withdrawn: z.object({ at: z.string(), by: z.string().nullable(), reason: z.string(), signed: z.boolean() }).nullable(),
});

export const PackHistorySchema = z.object({ packs: z.array(PublishedPackSchema) });

export type KeyRingView = z.infer<typeof KeyRingViewSchema>;
export type FieldChangeView = z.infer<typeof FieldChangeSchema>;
export type RuleRef = z.infer<typeof RuleRefSchema>;
export type DraftPreview = z.infer<typeof DraftPreviewSchema>;
export type PublishedPack = z.infer<typeof PublishedPackSchema>;
