import type { EventFilters } from '../../../contract/review/event-filters';
import type { RuleVerdictCounts, VerdictCountsQuery } from '../../../contract/review/stats';
import type { Queryable } from '../db/db';
import { Where } from '../db/where';
import { applyEventFilters } from '../events/filters';
import { CURRENT_VERDICTS } from '../review/final-verdict';

/**
 * Final verdicts per rule: how many of a rule's reviewed events 质控 judged 确认违规, 误报 or
 * 合理使用, counting only verdicts that are final (review/final-verdict.ts: a 确认违规 still open
 * to appeal, or appealed and undecided, is `pending`, not reviewed). The 医保办's rule view
 * divides 误报 by the reviewed count to find rules that cry wolf.
 */

export async function verdictCountsByRule(db: Queryable, query: VerdictCountsQuery): Promise<RuleVerdictCounts[]> {
  const { limit, ...filters } = query;
  const where = applyEventFilters(new Where(), filters satisfies EventFilters).addMany('e.rule_id IS NOT NULL', []);
  const limitParam = where.bind(limit);
  // Verdicts are few (people write them); starting from them keeps this cheap on a big events table.
  const result = await db.query<RuleVerdictCounts>(
    `SELECT e.rule_id AS "ruleId",
            count(*) FILTER (WHERE v.state = 'final')::int AS reviewed,
            count(*) FILTER (WHERE v.state = 'final' AND v.verdict = '确认违规')::int AS confirmed,
            count(*) FILTER (WHERE v.state = 'final' AND v.verdict = '误报')::int AS "falsePositive",
            count(*) FILTER (WHERE v.state = 'final' AND v.verdict = '合理使用')::int AS justified,
            count(*) FILTER (WHERE v.state <> 'final')::int AS pending
     FROM ${CURRENT_VERDICTS} v
     JOIN events e ON e.id = v.event_id
     ${where}
     GROUP BY e.rule_id
     ORDER BY reviewed DESC, e.rule_id
     LIMIT ${limitParam}`,
    where.values,
  );
  return result.rows;
}
