import { z } from 'zod';
import type { RuleOf } from '../define';

export const QuantityParamsSchema = z.object({
  /** Apply the pack's 处方管理办法 day limits by visit type (门诊 7, 急诊 3, 长期处方 84 …). */
  dayLimits: z.boolean().default(false),
  /** A drug-specific day limit per line. */
  maxDays: z.number().positive().optional(),
  /**
   * Maximum dose per day, in the unit given (g, mg, ml, 粒, 片 …). `fromLabel`: the maximum is the
   * 说明书's (the hospital's 最大日剂量 list, 超说明书用量开药, 2025 list no. 68), not a payment limit.
   */
  maxDailyDose: z.object({ value: z.number().positive(), unit: z.string().min(1), fromLabel: z.boolean().optional() }).optional(),
  /** Maximum dispensed quantity per line, in the unit given (盒, 支 …) or in the line's unit. */
  maxQuantity: z.object({ value: z.number().positive(), unit: z.string().optional() }).optional(),
  /** Compare the dispensed quantity with dose × frequency × days (needs 规格 and 频次). */
  checkDispensed: z.boolean().default(false),
  /**
   * Code prefixes this rule leaves alone. The 处方管理办法 rule gives T (中药饮片) to 中药饮片超大处方,
   * which judges the 付数 once for the whole prescription rather than once per 味.
   */
  exceptPrefixes: z.array(z.string().min(1)).default([]),
});

export type QuantityRule = RuleOf<'quantity', typeof QuantityParamsSchema>;
