import { z } from 'zod';
import { addDays, isDay } from './zoned-time';

/**
 * The monthly report (issue #11, item 4): per 科室 and per 医生, what the checks found and what
 * became of it, over calendar days in the hospital's zone. What each figure counts is defined in
 * hub/src/stats/monthly-report.ts and repeated in hub/README.md (月度报表).
 */

const Day = z.string().refine(isDay, 'expected a calendar day YYYY-MM-DD');

/** Inclusive days; at most 366 of them (a report reads every record of the period's orders). */
export const MonthlyReportQuerySchema = z
  .object({ from: Day, to: Day })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not be before from' })
  .refine((q) => q.to <= addDays(q.from, 365), { path: ['to'], message: 'a report covers at most 366 days' });

const Count = z.number().int().nonnegative();
/** Yuan as exact text with two decimals ("1234.50"): summed in cents, never as floating point. */
const Yuan = z.string().regex(/^\d+\.\d{2}$/);

export const ReportRowSchema = z.object({
  /** 科室 name, or 医生编号; null for records that named none. */
  key: z.string().nullable(),
  /** The doctor's name from the directory (doctor rows). */
  name: z.string().nullable().optional(),
  /** The doctor's 科室 (doctor rows). */
  department: z.string().nullable().optional(),
  orders: Count,
  alerts: Count,
  fixed: Count,
  continued: Count,
  /** Final 确认违规 only (review/final-verdict.ts). */
  confirmed: Count,
  /** 确认违规 still open to appeal or appealed: not counted in `confirmed`. */
  pending: Count,
  atRisk: Yuan,
  /** Lines that count for `atRisk` but carry no price or quantity: their amount is unknown, not 0. */
  atRiskUnpriced: Count,
  avoided: Yuan,
  avoidedUnpriced: Count,
  topRules: z.array(z.object({ ruleId: z.string(), name: z.string().nullable(), alerts: Count })),
});

export const MonthlyReportSchema = z.object({
  from: Day,
  to: Day,
  timeZone: z.string(),
  generatedAt: z.string().datetime({ offset: true }),
  total: ReportRowSchema,
  departments: z.array(ReportRowSchema),
  doctors: z.array(ReportRowSchema),
});

export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuerySchema>;
export type ReportRow = z.infer<typeof ReportRowSchema>;
export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;

/** 本月 and 上月 as day ranges, from today in the hospital's zone. */
export function monthRange(today: string, which: 'this' | 'last'): MonthlyReportQuery {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;
  if (which === 'this') return { from: first(y, m), to: today };
  const [ly, lm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return { from: first(ly, lm), to: addDays(first(y, m), -1) };
}
