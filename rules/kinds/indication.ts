import { z } from 'zod';
import { defineLineKind } from './define';

/** 限适应症 / 限定支付范围. Evaluation: see the indication matcher (work in progress). */
export const IcdRangeSchema = z.object({ from: z.string().min(1), to: z.string().min(1) });

export const indicationKind = defineLineKind({
  kind: 'indication',
  params: z
    .object({
      /** ICD-10 code prefixes that satisfy the restriction (e.g. J18, C34, H91.2). */
      icdPrefixes: z.array(z.string().min(1)).default([]),
      /** Inclusive ICD-10 category ranges, e.g. C00–C97 for 恶性肿瘤. */
      icdRanges: z.array(IcdRangeSchema).default([]),
      /** Words looked for in diagnosis names (the restriction text's disease words and their synonyms). */
      keywords: z.array(z.string().min(1)).default([]),
      /** Diagnoses whose names contain these never count (e.g. 良性 for a 癌 restriction). */
      excludeKeywords: z.array(z.string().min(1)).default([]),
      /** Conditions no order page shows (基因突变阳性, 既往治疗失败): the doctor confirms them. */
      conditions: z.array(z.string().min(1)).default([]),
    })
    .refine((p) => p.icdPrefixes.length + p.icdRanges.length + p.keywords.length + p.conditions.length > 0, {
      message: 'an indication rule needs ICD prefixes, ranges, keywords or conditions',
    }),
  evaluate() {
    return [];
  },
});
