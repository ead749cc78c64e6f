import { z } from 'zod';
import { LineKindSchema } from '../../contract/order';
import { SeveritySchema } from '../../contract/findings';

/** True for a date that exists in the (proleptic Gregorian) calendar: no 2026-02-30, no 9999-99-99. */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  // Only for text of the right shape: a malformed one is reported once, by the regex.
  .refine((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text) || isRealDate(text), '日期不存在 / not a real calendar date');

/**
 * Characters that do not show, or change how the text around them shows: control characters,
 * format characters (zero-width space and joiners, left-to-right and right-to-left marks and
 * overrides, the byte-order mark) and line/paragraph separators. An id containing one looks like
 * another id to the 医保办 reading it.
 */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** An identifier people read and compare: rule ids, pack ids. */
export const VisibleIdSchema = z
  .string()
  .min(1)
  .refine((id) => !HIDDEN_CHARACTER.test(id), '标识中含有不可见字符或控制字符（零宽、双向控制等）/ the id contains an invisible, bidirectional or control character');

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
  id: VisibleIdSchema,
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
