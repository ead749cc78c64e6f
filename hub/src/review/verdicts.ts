import { z } from 'zod';
import { storableText } from '../../../contract/flag-event';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';

/** A 质控 reviewer's verdict on one event. The newest verdict is the current one; older ones stay as history. */

export const VerdictSchema = z.enum(['确认违规', '误报', '合理使用']);

export const VerdictInputSchema = z.object({
  verdict: VerdictSchema,
  /** Stored text: no NUL, no lone surrogate (contract/flag-event.ts, storableText). */
  comment: z
    .string()
    .max(2000)
    .transform((value) => storableText(value, 2000))
    .optional(),
});

export type Verdict = z.infer<typeof VerdictSchema>;
export type VerdictInput = z.infer<typeof VerdictInputSchema>;

export interface VerdictRecord {
  id: number;
  eventId: string;
  reviewer: string;
  verdict: Verdict;
  comment: string | null;
  at: string;
}

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
