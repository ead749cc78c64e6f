import type { RuleDraft } from './restriction-text';
import { parseChineseNumber } from './batch-name';

/**
 * The fixed phrasings of the 第八批 疗程/周期 notes: "支付不超过30天", "总时间不超过90天",
 * "支付不超过一年", "评定间隔时间不短于14天", "每周最多支付一次".
 */

const NUMBER = String.raw`(\d+|[一二两三四五六七八九十]+)`;
const UNIT_DAYS: Record<string, number> = { 天: 1, 日: 1, 周: 7, 个月: 30, 月: 30, 年: 365 };
const UNIT = '(天|日|周|个月|月|年)';

/** "2" "周" → 14; Chinese numerals too ("一" "年" → 365); undefined for zero or unknown units. */
export function durationDays(count: string, unit: string): number | undefined {
  return days(count, unit);
}

function days(count: string, unit: string): number | undefined {
  const n = parseChineseNumber(count);
  const per = UNIT_DAYS[unit];
  return n === undefined || per === undefined || n <= 0 ? undefined : n * per;
}

/** "支付不超过30天" → course 30 days; "不超过一年" → 365. */
export function courseFromText(text: string): RuleDraft | undefined {
  const m = new RegExp(`不超过\\s*${NUMBER}\\s*${UNIT}`).exec(text.normalize('NFKC'));
  if (!m) return undefined;
  const maxDays = days(m[1]!, m[2]!);
  return maxDays === undefined ? undefined : ({ kind: 'course', params: { maxDays } } as RuleDraft);
}

/** "间隔时间不短于14天" → 1 per 14 days; "每周最多支付一次" → 1 per 7 days; "每日限2次" → 2 per day. */
export function frequencyFromText(text: string): RuleDraft | undefined {
  const t = text.normalize('NFKC');
  const interval = new RegExp(`间隔(?:时间)?\\s*(?:不短于|不少于|不小于|至少)\\s*${NUMBER}\\s*${UNIT}`).exec(t);
  if (interval) {
    const periodDays = days(interval[1]!, interval[2]!);
    if (periodDays !== undefined) return { kind: 'frequency', params: { maxCount: 1, periodDays } } as RuleDraft;
  }
  const per = new RegExp(`每\\s*(?:${NUMBER}\\s*)?${UNIT}[^，。；,;]*?(?:最多|不超过|限)\\s*(?:支付)?\\s*${NUMBER}\\s*次`).exec(t);
  if (per) {
    const periodDays = days(per[1] ?? '1', per[2]!);
    const maxCount = parseChineseNumber(per[3]!);
    if (periodDays !== undefined && maxCount !== undefined && maxCount > 0) {
      return { kind: 'frequency', params: { maxCount, periodDays } } as RuleDraft;
    }
  }
  return undefined;
}

/**
 * 第八批-1 gives a count and a unit per item: 1 日 (once a day) or 24 小时 (hours billed per day).
 * Either way the limit is per calendar day, counted in the line's own unit.
 */
export function dailyLimit(count: string, unit: string): RuleDraft | undefined {
  const maxCount = Number(count);
  if (!Number.isInteger(maxCount) || maxCount <= 0) return undefined;
  if (!/^(日|天|小时|次)$/.test(unit.trim())) return undefined;
  return { kind: 'frequency', params: { maxCount, periodDays: 1 } } as RuleDraft;
}

/** 第八批-4 gives 频次上限 and 疗程周期 (days) in their own columns. */
export function periodLimit(count: string, period: string): RuleDraft | undefined {
  const maxCount = Number(count);
  const periodDays = Number(period);
  if (!Number.isInteger(maxCount) || maxCount <= 0 || !Number.isInteger(periodDays) || periodDays <= 0) return undefined;
  return { kind: 'frequency', params: { maxCount, periodDays } } as RuleDraft;
}
