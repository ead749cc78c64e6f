import { z } from 'zod';

/** One row of the order-frequency dictionary (英文名称, 中文名称, 中文别名, 执行周期, 执行频次). */
export const FrequencyRowSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  alias: z.string(),
  cycleDays: z.number().int().positive(),
  timesPerCycle: z.number().int().positive(),
});

export type FrequencyRow = z.infer<typeof FrequencyRowSchema>;
