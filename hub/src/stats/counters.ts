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
    coalesce(sum(${e}.amount_at_risk) FILTER (WHERE ${e}.type = 'finding-shown'), 0)::float8 AS amount_at_risk`;
}
