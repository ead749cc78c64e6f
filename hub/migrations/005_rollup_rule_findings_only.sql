-- Hub schema, version 5: the rollup's 'rule' dimension counts findings and decisions only.
--
-- Until now it also counted 报告误报 (objection) events, which carry a rule id: a rule only ever
-- objected to in a month showed among the top rules with every figure zero when the statistics
-- read the rollup, and not at all when they counted raw events (or in the extension's own
-- review). The ingest statement now leaves them out (hub/src/stats/rollup.ts); this recounts the
-- rule rows already there with the same expressions (hub/src/stats/counters.ts as of this
-- version), so every hub's rollup means the same.

DELETE FROM event_rollup WHERE dimension = 'rule';

INSERT INTO event_rollup (dimension, bucket, key, kind, events, shown, decisions, continued, corrected, ignored, amount_at_risk)
SELECT 'rule',
  date_trunc('month', e.at, 'UTC'),
  e.rule_id,
  max(e.kind),
  count(*)::int,
  count(*) FILTER (WHERE e.type = 'finding-shown')::int,
  count(*) FILTER (WHERE e.type = 'decision')::int,
  count(*) FILTER (WHERE e.decision = 'continued')::int,
  count(*) FILTER (WHERE e.decision IN ('modified', 'removed-line'))::int,
  count(*) FILTER (WHERE e.decision = 'ignored')::int,
  coalesce(sum(least(greatest(e.amount_at_risk, 0), 1e9)::numeric) FILTER (WHERE e.type = 'finding-shown'), 0)::float8
FROM events e
WHERE e.rule_id IS NOT NULL AND e.type IN ('finding-shown', 'decision')
GROUP BY 2, 3;
