import { z } from 'zod';

/**
 * What went wrong while reading a page through a profile. The adapter reports problems instead of
 * throwing, so one odd field never stops the rest of the order from being checked.
 *
 * - `error`: the profile no longer fits the page (table or column gone, selector invalid, order
 *   unusable): the UI shows 页面适配失效 and the 医保办 updates the profile.
 * - `warning`: the page fits, but a value is missing or unreadable (no 医保编码 on a row, an age
 *   that is not an age): the order is still checked without it.
 */

export const PROBLEM_CODES = [
  'bad-selector',
  'table-missing',
  'header-missing',
  'column-missing',
  'field-missing',
  'field-invalid',
  'row-code-missing',
  'row-id-duplicate',
  'order-invalid',
] as const;

export const ProblemCodeSchema = z.enum(PROBLEM_CODES);
export const ProblemSeveritySchema = z.enum(['error', 'warning']);

export const ProfileProblemSchema = z.object({
  code: ProblemCodeSchema,
  severity: ProblemSeveritySchema,
  /** Chinese, for the 医保办 or IT staff who maintain profiles. */
  message: z.string(),
  /** Contract path of the field, e.g. "patient.sex", "lines.days". */
  field: z.string().optional(),
  lineId: z.string().optional(),
});

export type ProblemCode = z.infer<typeof ProblemCodeSchema>;
export type ProblemSeverity = z.infer<typeof ProblemSeveritySchema>;
export type ProfileProblem = z.infer<typeof ProfileProblemSchema>;
