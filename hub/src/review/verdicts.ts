import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import type { VerdictInput, VerdictRecord } from '../../../contract/review/verdicts';

/** Verdicts are appended, never updated: the newest is the current one, older ones stay as history. */

export type AddVerdictOutcome = { ok: true; verdict: VerdictRecord } | { ok: false; reason: 'not-found' | 'not-a-finding' };

/**
 * Records a verdict on a finding's record. A verdict judges a finding (a rule on a line); a record
 * that carries no rule — a submission check, a broken page — is not something to judge, and is refused.
 */
export async function addVerdict(db: Queryable, eventId: string, reviewer: string, input: VerdictInput): Promise<AddVerdictOutcome> {
  // INSERT … SELECT finds the event and writes in one statement, so no separate existence check can race.
  const result = await db.query<{ id: string | number; at: Date }>(
    `INSERT INTO verdicts (event_id, reviewer, verdict, comment)
     SELECT id, $2, $3, $4 FROM events WHERE id = $1 AND rule_id IS NOT NULL
     RETURNING id, at`,
    [eventId, reviewer, input.verdict, input.comment ?? null],
  );
  const row = result.rows[0];
  if (!row) {
    const found = await db.query('SELECT 1 FROM events WHERE id = $1', [eventId]);
    return { ok: false, reason: found.rows.length === 0 ? 'not-found' : 'not-a-finding' };
  }
  return { ok: true, verdict: { id: Number(row.id), eventId, reviewer, verdict: input.verdict, comment: input.comment ?? null, at: toIso(row.at) } };
}
