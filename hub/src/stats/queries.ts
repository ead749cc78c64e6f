import type { EventFilters } from '../../../contract/review/event-filters';
import type { DailyRow, OverrideDimension, OverrideRow, ReasonRow, RuleRow, StatsQuery, Summary } from '../../../contract/review/stats';
import type { Queryable } from '../db/db';
import { Params, Where } from '../db/where';
import { applyEventFilters } from '../events/filters';
import { boundedAmount, counterColumns, MAX_ROLLUP_AMOUNT } from './counters';
import { hasWholeHourOffsets, splitByBucket, type BucketSplit, type BucketUnit } from './buckets';

/**
 * Dashboard aggregates (queries and rows: contract/review/stats.ts). Statistics filtered by time
 * alone add up event_rollup for whole buckets (UTC months; hours for the daily trend) and count
 * raw events only at the partial ends; any other filter counts raw events, through that column's
 * index.
 */

export interface StatsOptions {
  /** False counts everything from raw events (tests compare both ways). */
  useRollup?: boolean;
  now?: Date;
}

type Dimension = OverrideDimension | 'type' | 'reason';

// Whitelisted: a dimension picks one of these literals, never text from the request.
const RAW_KEY: Record<Dimension, { column: string; where: string }> = {
  rule: { column: 'e.rule_id', where: "e.rule_id IS NOT NULL AND e.type IN ('finding-shown', 'decision')" },
  department: { column: 'e.department', where: "e.type IN ('finding-shown', 'decision')" },
  prescriber: { column: 'e.prescriber_id', where: "e.type IN ('finding-shown', 'decision')" },
  workstation: { column: 'e.workstation_id', where: "e.type IN ('finding-shown', 'decision')" },
  type: { column: 'e.type', where: 'true' },
  reason: { column: 'e.reason_code', where: "e.decision = 'continued'" },
};

interface CountRow {
  key: string | null;
  kind: string | null;
  events: number;
  shown: number;
  decisions: number;
  continued: number;
  corrected: number;
  ignored: number;
  amount_at_risk: number;
}

const onlyTime = (filters: EventFilters): boolean =>
  Object.entries(filters).every(([name, value]) => value === undefined || name === 'from' || name === 'to');

interface Grouping {
  /** The rollup dimension and its bucket size. */
  dimension: Dimension | 'hour';
  unit: BucketUnit;
  /** The group key computed from a rollup row (alias m) and from a raw event (alias e). */
  rollupKey: string;
  rawKey: string;
  /** Which raw events the dimension counts. */
  rawWhere: string;
}

function groupingOf(dimension: Dimension): Grouping {
  const { column, where } = RAW_KEY[dimension];
  return { dimension, unit: 'month', rollupKey: 'm.key', rawKey: column, rawWhere: where };
}

/**
 * Ties in a ranking are broken by key in code-point order whatever the server's locale, as the
 * extension's own review breaks them (log/review-query.ts): under a zh_CN or en_US collation the
 * same records would otherwise be listed in another order.
 */
const BY_KEY = 'key COLLATE "C"';

/**
 * Counters per group, from the rollup for whole buckets and from raw events for the rest (or
 * all raw when a filter other than time is set); ordered and limited by `tail`.
 */
async function countBy(
  db: Queryable,
  grouping: Grouping,
  query: EventFilters & { limit?: number },
  tail: (params: Params) => string,
  options: StatsOptions,
  params = new Params(),
): Promise<CountRow[]> {
  const { limit: _limit, ...filters } = query;
  const split: BucketSplit =
    options.useRollup !== false && onlyTime(filters)
      ? splitByBucket(grouping.unit, filters.from, filters.to, options.now ?? new Date())
      : { raw: [{ from: filters.from, to: filters.to }] };
  const parts: string[] = [];
  if (split.buckets) {
    const rolled = new Where(params)
      .addMany('m.dimension = ?', [grouping.dimension])
      .add('m.bucket >= ?::timestamptz', split.buckets.from)
      .add('m.bucket < ?::timestamptz', split.buckets.to);
    parts.push(`SELECT ${grouping.rollupKey} AS key, m.kind, m.events, m.shown, m.decisions, m.continued, m.corrected, m.ignored, m.amount_at_risk
      FROM event_rollup m ${rolled}`);
  }
  if (split.raw.length > 0) {
    const raw = applyEventFilters(new Where(params), { ...filters, from: undefined, to: undefined }).addMany(grouping.rawWhere, []);
    const ranges = split.raw.map((range) => new Where(params).add('e.at >= ?::timestamptz', range.from).add('e.at < ?::timestamptz', range.to).conditions());
    raw.addMany(ranges.map((r) => `(${r})`).join(' OR '), []);
    parts.push(`SELECT ${grouping.rawKey} AS key, ${grouping.dimension === 'rule' ? 'max(e.kind)' : 'NULL::text'} AS kind, ${counterColumns('e')}
      FROM events e ${raw} GROUP BY 1`);
  }
  const sql = `SELECT key, max(kind) AS kind, sum(events)::int AS events, sum(shown)::int AS shown, sum(decisions)::int AS decisions,
      sum(continued)::int AS continued, sum(corrected)::int AS corrected, sum(ignored)::int AS ignored,
      sum(${boundedAmount('amount_at_risk', MAX_ROLLUP_AMOUNT)})::float8 AS amount_at_risk
    FROM (${parts.join('\nUNION ALL\n')}) AS counted
    GROUP BY key
    ${tail(params)}`;
  return (await db.query<CountRow>(sql, params.values)).rows;
}

/**
 * Findings shown and decisions per calendar day in the hospital's time zone, from hourly rollup
 * buckets (hours never straddle a local midnight in a whole-hour zone such as Asia/Shanghai)
 * plus raw events for the partial hours at the ends.
 */
export async function dailyTrend(db: Queryable, filters: EventFilters, timeZone: string, options: StatsOptions = {}): Promise<DailyRow[]> {
  const params = new Params();
  const zone = params.bind(timeZone);
  const grouping: Grouping = {
    dimension: 'hour',
    unit: 'hour',
    rollupKey: `to_char((m.bucket AT TIME ZONE ${zone})::date, 'YYYY-MM-DD')`,
    rawKey: `to_char((e.at AT TIME ZONE ${zone})::date, 'YYYY-MM-DD')`,
    rawWhere: 'true',
  };
  const rollup = options.useRollup !== false && hasWholeHourOffsets(timeZone);
  const rows = await countBy(db, grouping, filters, () => 'ORDER BY key', { ...options, useRollup: rollup }, params);
  return rows
    .filter((r) => r.events > 0)
    .map((r) => ({ day: r.key!, shown: r.shown, decisions: r.decisions, continued: r.continued, corrected: r.corrected, ignored: r.ignored }));
}

/** The rules that fire most, with what doctors did about them. */
export async function topRules(db: Queryable, query: StatsQuery, options: StatsOptions = {}): Promise<RuleRow[]> {
  const rows = await countBy(db, groupingOf('rule'), query, (p) => `ORDER BY shown DESC, decisions DESC, ${BY_KEY} LIMIT ${p.bind(query.limit)}`, options);
  return rows.map((r) => ({
    ruleId: r.key!,
    kind: r.kind,
    shown: r.shown,
    decisions: r.decisions,
    continued: r.continued,
    corrected: r.corrected,
    ignored: r.ignored,
    amountAtRisk: r.amount_at_risk,
  }));
}

/** Share of decisions where the doctor continued, per rule, department, doctor or workstation. */
export async function overrideRates(db: Queryable, dimension: OverrideDimension, query: StatsQuery, options: StatsOptions = {}): Promise<OverrideRow[]> {
  const rows = await countBy(
    db,
    groupingOf(dimension),
    query,
    (p) => `HAVING sum(decisions) > 0 ORDER BY decisions DESC, ${BY_KEY} NULLS LAST LIMIT ${p.bind(query.limit)}`,
    options,
  );
  return rows.map((r) => ({
    key: r.key,
    decisions: r.decisions,
    continued: r.continued,
    corrected: r.corrected,
    ignored: r.ignored,
    overrideRate: r.decisions === 0 ? 0 : r.continued / r.decisions,
  }));
}

/** Why doctors continued. */
export async function overrideReasons(db: Queryable, query: StatsQuery, options: StatsOptions = {}): Promise<ReasonRow[]> {
  const rows = await countBy(db, groupingOf('reason'), query, (p) => `ORDER BY events DESC, ${BY_KEY} NULLS LAST LIMIT ${p.bind(query.limit)}`, options);
  return rows.map((r) => ({ reasonCode: r.key, count: r.events }));
}

/** Event counts by type: the dashboard's headline, and what the tests count with. */
export async function summary(db: Queryable, filters: EventFilters, options: StatsOptions = {}): Promise<Summary> {
  const rows = await countBy(db, groupingOf('type'), filters, () => 'ORDER BY key', options);
  const byType = Object.fromEntries(rows.map((row) => [row.key!, row.events]));
  return { total: rows.reduce((sum, row) => sum + row.events, 0), byType };
}
