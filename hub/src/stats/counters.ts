import { MAX_AMOUNT_AT_RISK } from '../../../contract/flag-event';

/** Bound of one rollup row's amount: every event at the maximum, 2^31 events (an int counter's range). */
export const MAX_ROLLUP_AMOUNT = MAX_AMOUNT_AT_RISK * 2 ** 31;

/**
 * An amount column clamped to [0, max] as numeric: rows that reached the table around the schema
 * (a restore, an older hub) — 1e308, Infinity, NaN — cannot overflow a sum. NaN sorts above every
 * number in PostgreSQL, so it clamps to max.
 */
export function boundedAmount(column: string, max: number): string {
  return `least(greatest(${column}, 0), ${max.toExponential()})::numeric`;
}

/**
 * The counters every statistic is made of, as SQL over an events alias. event_rollup is filled
 * with exactly these expressions, so figures read from it and figures counted from raw
 * events cannot disagree.
 */
export function counterColumns(alias: string): string {
  const e = alias;
  return `count(*)::int AS events,
    count(*) FILTER (WHERE ${e}.type = 'finding-shown')::int AS shown,
    count(*) FILTER (WHERE ${e}.type = 'decision')::int AS decisions,
    count(*) FILTER (WHERE ${e}.decision = 'continued')::int AS continued,
    count(*) FILTER (WHERE ${e}.decision IN ('modified', 'removed-line'))::int AS corrected,
    count(*) FILTER (WHERE ${e}.decision = 'ignored')::int AS ignored,
    coalesce(sum(${boundedAmount(`${e}.amount_at_risk`, MAX_AMOUNT_AT_RISK)}) FILTER (WHERE ${e}.type = 'finding-shown'), 0)::float8 AS amount_at_risk`;
}
