import { z } from 'zod';
import { LineKindSchema } from '../contract/order';
import { SeveritySchema } from '../contract/findings';

export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** Inclusive date range; an open end means "no limit on that side". */
export const EffectiveSchema = z.object({
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
});

/**
 * Which order lines a rule concerns. Codes match exactly; prefixes match the start of a code
 * (the structured catalogue keys drugs by the first 12 characters). A rule with neither applies
 * to every line of `lineKinds` (e.g. the 处方管理办法 day limits).
 */
export const MatchSchema = z
  .object({
    codes: z.array(z.string().min(1)).optional(),
    prefixes: z.array(z.string().min(1)).optional(),
    lineKinds: z.array(LineKindSchema).optional(),
  })
  .refine((m) => (m.codes?.length ?? 0) + (m.prefixes?.length ?? 0) > 0 || (m.lineKinds?.length ?? 0) > 0, {
    message: 'a rule must match codes, prefixes or lineKinds',
  });

/** Where a rule came from, for the 依据 and for the import report. */
export const RuleSourceSchema = z.object({
  batch: z.string().optional(),
  /** The national rule class (2025 rule list name, e.g. 药品区分性别使用) the knowledge point belongs to. */
  ruleClass: z.string().optional(),
  /** Publication date of the knowledge point, when the file states it. */
  publishedAt: IsoDateSchema.optional(),
  gzCode: z.string().optional(),
  file: z.string().optional(),
  row: z.number().int().optional(),
});

export const RuleBaseSchema = z.object({
  id: z.string().min(1),
  /** 通用名 / 项目名称 the rule was written for. */
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  severity: SeveritySchema.default('warning'),
  /** Interruptive rules stop at the pre-submit review; passive ones only mark the line. */
  interruptive: z.boolean().default(true),
  /** Policy basis (依据) shown with each finding. */
  basis: z.string().default(''),
  /**
   * Other sources stating the same restriction for these codes (or some of them): a 两库 batch and
   * the 药品目录 catalogue, or two batches. The import keeps one rule per restriction and code, so
   * the doctor sees one finding, and that finding names these too. Optional; older packs omit it.
   */
  alsoBasis: z.array(z.string().min(1)).optional(),
  /** The restriction text as published (限定支付范围 / 说明), kept verbatim and rendered as text. */
  text: z.string().optional(),
  effective: EffectiveSchema.optional(),
  match: MatchSchema,
  source: RuleSourceSchema.optional(),
});

export type Effective = z.infer<typeof EffectiveSchema>;
export type RuleMatch = z.infer<typeof MatchSchema>;
export type RuleBase = z.infer<typeof RuleBaseSchema>;
