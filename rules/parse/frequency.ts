import { z } from 'zod';
import { FREQUENCY_ROWS } from '../data/frequencies';
import { memoize } from './cache';
import type { FrequencyRow } from './frequency-row';
import { fail, ok, type Parsed } from './result';
import { arabicNumerals, toHalfWidth } from './text';
import { ceilTolerant } from './units';

/**
 * 频次 as written on the page: dictionary codes (tid, Q8H, t.i.d.), their Chinese names and
 * aliases from the order-frequency dictionary, and the free Chinese forms doctors type
 * (每天3次, 一日3次, 3次/日, 每8小时一次).
 */

export const FrequencySchema = z.object({
  /** The frequency as written, for messages. */
  text: z.string(),
  /** The dictionary code (tid, q8h …) when the text names a dictionary row. */
  code: z.string().optional(),
  cycleDays: z.number().positive(),
  timesPerCycle: z.number().positive(),
  /** timesPerCycle / cycleDays: 3 for tid, 0.5 for qod, 2/7 for biw. */
  timesPerDay: z.number().positive(),
  /** prn (必要时) and st (即时): how often is not fixed in advance. */
  asNeeded: z.boolean(),
});

export type Frequency = z.infer<typeof FrequencySchema>;
export type FrequencyFailure = 'empty' | 'unknown';

const AS_NEEDED_CODES = new Set(['st', 'prn']);

/** One spelling for every way of writing the same thing, applied to the page text and to the table. */
function normalise(text: string): string {
  return arabicNumerals(
    toHalfWidth(text)
      .toLowerCase()
      .replace(/\([^()]*\)/g, '') // "tid(饭后)": a timing note, not a frequency
      .replace(/[\s.。]/g, '')
      .replace(/天/g, '日')
      .replace(/星期|礼拜/g, '周'),
  );
}

/** Common spellings the dictionary lacks, mapped to the dictionary code they mean. */
const SYNONYMS: Readonly<Record<string, string>> = {
  stat: 'st', 立即: 'st', 临时: 'st', 立即执行: 'st',
  sos: 'prn', 需要时: 'prn', 必要时使用: 'prn',
  od: 'qd', qm: 'qd', qam: 'qd', 每晨: 'qd', 每早: 'qd', 每晨1次: 'qd', 每早1次: 'qd',
  qhs: 'qn', hs: 'qn', qpm: 'qn', 每晚: 'qn', 睡前: 'qn', 每晚睡前: 'qn', 睡前1次: 'qn',
  tds: 'tid', qds: 'qid', 早晚各1次: 'bid', 早晚1次: 'bid',
};

function fromRow(text: string, row: FrequencyRow): Frequency {
  return {
    text,
    code: row.code,
    cycleDays: row.cycleDays,
    timesPerCycle: row.timesPerCycle,
    timesPerDay: row.timesPerCycle / row.cycleDays,
    asNeeded: AS_NEEDED_CODES.has(row.code),
  };
}

const BY_KEY: ReadonlyMap<string, FrequencyRow> = (() => {
  const map = new Map<string, FrequencyRow>();
  // First row wins: qh and q1h share the name 每小时一次 and mean the same.
  for (const row of FREQUENCY_ROWS) {
    for (const key of [row.code, row.name, row.alias]) {
      const k = normalise(key);
      if (k && !map.has(k)) map.set(k, row);
    }
  }
  for (const [synonym, code] of Object.entries(SYNONYMS)) {
    const row = FREQUENCY_ROWS.find((r) => r.code === code);
    const k = normalise(synonym);
    if (row && !map.has(k)) map.set(k, row);
  }
  return map;
})();

function fromCycle(text: string, cycleDays: number, timesPerCycle: number): Parsed<Frequency, FrequencyFailure> {
  if (!(cycleDays > 0) || !(timesPerCycle > 0) || !Number.isFinite(cycleDays) || !Number.isFinite(timesPerCycle)) {
    return fail('unknown', `频次「${text}」无法识别`);
  }
  return ok({ text, cycleDays, timesPerCycle, timesPerDay: timesPerCycle / cycleDays, asNeeded: false });
}

/** "every h hours, n times": within a day for h < 24, otherwise one cycle of h / 24 days. */
function fromHours(text: string, hours: number, times: number): Parsed<Frequency, FrequencyFailure> {
  return hours >= 24 ? fromCycle(text, hours / 24, times) : fromCycle(text, 1, (24 / hours) * times);
}

const PERIOD_DAYS: Readonly<Record<string, number>> = { 日: 1, d: 1, 周: 7, w: 7, 月: 30 };

const num = (s: string | undefined, fallback = 1): number => (s === undefined || s === '' ? fallback : s === '半' ? 0.5 : Number(s));

type Pattern = readonly [RegExp, (text: string, m: RegExpExecArray) => Parsed<Frequency, FrequencyFailure>];

const PATTERNS: readonly Pattern[] = [
  [/^q(\d+(?:\.\d+)?)h$/, (t, m) => fromHours(t, num(m[1]), 1)],
  [/^q(\d+)d$/, (t, m) => fromCycle(t, num(m[1]), 1)],
  [/^q?(\d+)w$/, (t, m) => fromCycle(t, 7 * num(m[1]), 1)],
  // 每日3次, 每天3次, 一日3次, 1日2次, 日3次, 每2日1次, 3日1次
  [/^每?(\d+)?日(\d+)次$/, (t, m) => fromCycle(t, num(m[1]), num(m[2]))],
  [/^隔日(\d+)次$/, (t, m) => fromCycle(t, 2, num(m[1]))],
  [/^隔周(\d+)次$/, (t, m) => fromCycle(t, 14, num(m[1]))],
  // 每周两次, 1周2次, 每2周1次
  [/^每?(\d+)?周(\d+)次$/, (t, m) => fromCycle(t, 7 * num(m[1]), num(m[2]))],
  [/^每?(\d+)?个?月(\d+)次$/, (t, m) => fromCycle(t, 30 * num(m[1]), num(m[2]))],
  // 每8小时一次, 8小时1次, 每半小时一次
  [/^每?(\d+(?:\.\d+)?|半)?个?小时(\d+)次$/, (t, m) => fromHours(t, num(m[1]), num(m[2]))],
  [/^每?(\d+)分钟(\d+)次$/, (t, m) => fromCycle(t, 1, (1440 / num(m[1])) * num(m[2]))],
  // 3次/日, 2次/周, 1次/2日, 3次/d
  [/^(\d+)次\/(\d+)?(日|d|周|w|月)$/, (t, m) => fromCycle(t, num(m[2]) * PERIOD_DAYS[m[3]!]!, num(m[1]))],
  [/^(\d+)次\/(\d+)?(?:小时|h)$/, (t, m) => fromHours(t, num(m[2]), num(m[1]))],
];

/** "3次/日" is tid: name the dictionary row a free form amounts to, so callers see one code per meaning. */
function withDictionaryCode(parsed: Parsed<Frequency, FrequencyFailure>): Parsed<Frequency, FrequencyFailure> {
  if (!parsed.ok) return parsed;
  const { cycleDays, timesPerCycle } = parsed.value;
  const row = FREQUENCY_ROWS.find(
    (r) => !AS_NEEDED_CODES.has(r.code) && r.cycleDays === cycleDays && r.timesPerCycle === timesPerCycle,
  );
  return row ? ok({ ...parsed.value, code: row.code }) : parsed;
}

function parseFrequencyUncached(raw: string): Parsed<Frequency, FrequencyFailure> {
  const text = raw.trim();
  const key = normalise(text);
  if (key === '') return fail('empty', '频次为空');
  const row = BY_KEY.get(key);
  if (row) return ok(fromRow(text, row));
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(key);
    if (m) return withDictionaryCode(build(text, m));
  }
  return fail('unknown', `频次「${text}」无法识别`);
}

/** Parses a 频次; never throws. Memoised per string; treat results as read-only. */
export const parseFrequency: (text: string) => Parsed<Frequency, FrequencyFailure> = memoize(parseFrequencyUncached);

/**
 * Administrations over `days`: whole cycles, rounded up, because a course that starts a cycle
 * takes that cycle's doses (qod over 7 days is days 1, 3, 5, 7: four).
 */
export function administrationsOver(frequency: Frequency, days: number): number {
  return ceilTolerant(ceilTolerant(days / frequency.cycleDays) * frequency.timesPerCycle);
}

/**
 * Administrations on the heaviest day. A daily maximum (极量) bounds any single day, so qod or
 * biw count one administration on the day they fall, not an average spread over the cycle.
 */
export function administrationsOnHeaviestDay(frequency: Frequency): number {
  return ceilTolerant(frequency.timesPerCycle / frequency.cycleDays);
}
