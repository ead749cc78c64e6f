import type { Db } from '../db/db';
import { boundedAmount, counterColumns, MAX_ROLLUP_AMOUNT } from './counters';

/**
 * How event_rollup is filled from a set of events (`source`, aliased `i`, with the events
 * table's columns). The same text serves the ingest statement (source = the rows just inserted)
 * and a full rebuild (source = the events table), so the two cannot drift apart.
 */
export function rollupInsert(source: string): string {
  return `INSERT INTO event_rollup AS r (dimension, bucket, key, kind, events, shown, decisions, continued, corrected, ignored, amount_at_risk)
  SELECT d.dimension,
    CASE WHEN d.dimension = 'hour' THEN date_trunc('hour', i.at, 'UTC') ELSE date_trunc('month', i.at, 'UTC') END,
    d.key,
    CASE WHEN d.dimension = 'rule' THEN max(i.kind) END,
    ${counterColumns('i')}
  FROM ${source} i
  CROSS JOIN LATERAL (VALUES
    ('hour', NULL), ('rule', i.rule_id), ('department', i.department), ('prescriber', i.prescriber_id),
    ('workstation', i.workstation_id), ('type', i.type), ('reason', i.reason_code)
  ) AS d (dimension, key)
  WHERE CASE d.dimension
    WHEN 'hour' THEN true
    WHEN 'type' THEN true
    WHEN 'reason' THEN i.decision = 'continued'
    -- Findings and decisions only, as raw counting takes them (queries.ts RAW_KEY): a rule only
    -- ever objected to (报告误报) has not fired, and must not rank among the top rules.
    WHEN 'rule' THEN i.rule_id IS NOT NULL AND i.type IN ('finding-shown', 'decision')
    ELSE i.type IN ('finding-shown', 'decision')
  END
  GROUP BY 1, 2, 3
  -- Key order: two uploads bumping the same counters lock them in the same order, never deadlock.
  ORDER BY 1, 2, 3
  ON CONFLICT ON CONSTRAINT event_rollup_key DO UPDATE SET
    kind = coalesce(excluded.kind, r.kind),
    events = r.events + excluded.events,
    shown = r.shown + excluded.shown,
    decisions = r.decisions + excluded.decisions,
    continued = r.continued + excluded.continued,
    corrected = r.corrected + excluded.corrected,
    ignored = r.ignored + excluded.ignored,
    amount_at_risk = (${boundedAmount('r.amount_at_risk', MAX_ROLLUP_AMOUNT)} + ${boundedAmount('excluded.amount_at_risk', MAX_ROLLUP_AMOUNT)})::float8`;
}

/** Recounts the rollup from the events table: after a bulk load that bypassed ingestion. */
export async function rebuildRollup(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('LOCK TABLE events IN SHARE MODE');
    await tx.query('DELETE FROM event_rollup');
    await tx.query(rollupInsert('events'));
  });
}
