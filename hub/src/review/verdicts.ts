import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import type { VerdictInput, VerdictRecord } from '../../../contract/review/verdicts';

/** Verdicts are appended, never updated: the newest is the current one, older ones stay as history. */

/** Records a verdict; undefined when the event does not exist. */
export async function addVerdict(db: Queryable, eventId: string, reviewer: string, input: VerdictInput): Promise<VerdictRecord | undefined> {
  // INSERT … SELECT finds the event and writes in one statement, so no separate existence check can race.
  const result = await db.query<{ id: string | number; at: Date }>(
    `INSERT INTO verdicts (event_id, reviewer, verdict, comment)
     SELECT id, $2, $3, $4 FROM events WHERE id = $1
     RETURNING id, at`,
    [eventId, reviewer, input.verdict, input.comment ?? null],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return { id: Number(row.id), eventId, reviewer, verdict: input.verdict, comment: input.comment ?? null, at: toIso(row.at) };
}
