import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import type { VerdictInput, VerdictRecord } from '../../../contract/review/verdicts';

/** Verdicts are appended, never updated: the newest is the current one, older ones stay as history. */

export type AddVerdictOutcome = { ok: true; verdict: VerdictRecord } | { ok: false; reason: 'not-found' | 'not-a-finding' };

/** The appeal window a 确认违规 verdict opens: calendar days in the hospital's zone (0: none). */
export interface AppealWindow {
  days: number;
  timeZone: string;
}

/**
 * When the window of a verdict recorded now closes: the end of the `days`-th calendar day after
 * today in the hospital's zone (a verdict on Monday with 3 days may be appealed until Thursday
 * 24:00). Computed by the database, whose clock also decides when the window has closed.
 */
export const APPEAL_UNTIL_SQL = (days: string, zone: string) =>
  `((date_trunc('day', now() AT TIME ZONE ${zone}) + make_interval(days => ${days} + 1)) AT TIME ZONE ${zone})`;

/**
 * Records a verdict on a finding's record. A verdict judges a finding (a rule on a line); a record
 * that carries no rule — a submission check, a broken page — is not something to judge, and is refused.
 * A 确认违规 verdict opens its appeal window (review/appeals.ts).
 */
export async function addVerdict(db: Queryable, eventId: string, reviewer: string, input: VerdictInput, window?: AppealWindow): Promise<AddVerdictOutcome> {
  const days = input.verdict === '确认违规' ? (window?.days ?? 0) : 0;
  // INSERT … SELECT finds the event and writes in one statement, so no separate existence check can race.
  const result = await db.query<{ id: string | number; at: Date; appeal_until: Date | null }>(
    `INSERT INTO verdicts (event_id, reviewer, verdict, comment, appeal_until)
     SELECT id, $2, $3, $4, CASE WHEN $5::int > 0 THEN ${APPEAL_UNTIL_SQL('$5::int', '$6::text')} END
     FROM events WHERE id = $1 AND rule_id IS NOT NULL
     RETURNING id, at, appeal_until`,
    [eventId, reviewer, input.verdict, input.comment ?? null, days, window?.timeZone ?? 'UTC'],
  );
  const row = result.rows[0];
  if (!row) {
    const found = await db.query('SELECT 1 FROM events WHERE id = $1', [eventId]);
    return { ok: false, reason: found.rows.length === 0 ? 'not-found' : 'not-a-finding' };
  }
  return {
    ok: true,
    verdict: {
      id: Number(row.id),
      eventId,
      reviewer,
      verdict: input.verdict,
      comment: input.comment ?? null,
      at: toIso(row.at),
      appealUntil: row.appeal_until === null ? null : toIso(row.appeal_until),
    },
  };
}
