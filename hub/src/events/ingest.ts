import type { Db } from '../db/db';
import { zodErrors, type FieldError } from '../../../rules/pack/load';
import { rollupInsert } from '../stats/rollup';
import { eventRow, type StoredSummary } from './row';
import { UploadedEventSchema, type UploadAnswer, type UploadedEvent } from '../../../contract/upload-batch';

/**
 * Stores one uploaded batch. The whole batch goes in one statement (its own transaction), and
 * the answer is built only after it committed: an acknowledged event is on disk. Ids already
 * stored are skipped (`ON CONFLICT DO NOTHING`), which is what makes re-sending a batch after a
 * lost answer harmless.
 */

export interface RejectedEvent {
  index: number;
  id?: string;
  errors: FieldError[];
}

/** The upload answer (contract/upload-batch.ts), with the hub's own form of a record's errors. */
export interface IngestOutcome extends UploadAnswer {
  /** Records that failed the schema; they will never be accepted, so the sender may drop them. */
  rejected: RejectedEvent[];
}

/** A stored record's payload in the insert below. */
const P = 'b.payload';

/**
 * Each column of `events` and how the insert makes it from a stored record (row.ts): the
 * record's own fields read from its payload, the hub's stamps as sent. This is the one
 * definition of what the filter columns hold; a field the record's type lacks is NULL.
 */
const EVENT_COLUMNS: readonly (readonly [column: string, sql: string])[] = [
  ['id', `${P}->>'id'`],
  ['type', `${P}->>'type'`],
  ['at', `(${P}->>'at')::timestamptz`],
  ['workstation_id', 'b.workstation_id'],
  ['session_id', `${P}->>'sessionId'`],
  ['profile_id', `${P}->>'profileId'`],
  ['page', `${P}->>'page'`],
  ['pack_version', `${P}->>'packVersion'`],
  ['order_id', `${P}->>'orderId'`],
  ['rule_id', `${P}->'finding'->>'ruleId'`],
  ['kind', `${P}->'finding'->>'kind'`],
  ['severity', `${P}->'finding'->>'severity'`],
  ['line_id', `${P}->'finding'->>'lineId'`],
  ['line_code', `${P}->'finding'->>'lineCode'`],
  ['amount_at_risk', `(${P}->'finding'->>'amountAtRisk')::float8`],
  ['mode', `CASE WHEN ${P}->>'type' = 'finding-shown' THEN ${P}->>'mode' END`],
  ['decision', `CASE WHEN ${P}->>'type' = 'decision' THEN ${P}->'decision'->>'decision' END`],
  ['reason_code', `CASE WHEN ${P}->>'type' = 'decision' THEN ${P}->'decision'->>'reasonCode' END`],
  ['outcome', `CASE WHEN ${P}->>'type' IN ('submit-check', 'review') THEN ${P}->>'outcome' END`],
  ['total_ms', `CASE WHEN ${P}->>'type' = 'finding-shown' THEN (${P}->'timings'->>'totalMs')::float8 END`],
  ['department', `${P}->'context'->>'department'`],
  ['prescriber_id', `${P}->'context'->>'prescriberId'`],
  ['patient_key', `${P}->'context'->>'patientKey'`],
  ['source', 'b.source'],
  ['jr_id', 'b.jr_id'],
  ['summary_id', 'b.summary_id'],
  ['payload', P],
];

// The whole batch travels as one jsonb parameter and is unpacked server side: one round trip for
// up to a thousand rows, and no statement text ever depends on the data. The rollup counters are
// bumped in the same statement from the rows actually inserted (RETURNING skips conflicts), so a
// re-sent batch changes neither table.
const INSERT_SQL = `WITH summaries AS (
  -- Order summaries stored apart (migration 009): content-addressed, so one already stored is kept.
  -- The events below may name them in the same statement: foreign keys are checked at its end.
  INSERT INTO order_summaries (id, summary)
  SELECT id, summary FROM jsonb_to_recordset($2::jsonb) AS s(id text, summary jsonb)
  ORDER BY id
  ON CONFLICT (id) DO NOTHING
), inserted AS (
  INSERT INTO events (${EVENT_COLUMNS.map(([column]) => column).join(', ')})
  SELECT ${EVENT_COLUMNS.map(([column, sql]) => `${sql} AS ${column}`).join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS b(workstation_id text, source text, jr_id text, summary_id text, payload jsonb)
  -- Id order: two uploads sharing ids (a retry racing the original) wait for each other, never deadlock.
  ORDER BY id
  ON CONFLICT (id) DO NOTHING
  RETURNING at, type, rule_id, kind, department, prescriber_id, workstation_id, decision, reason_code, amount_at_risk
), counted AS (
  ${rollupInsert('inserted')}
)
SELECT count(*)::int AS inserted FROM inserted`;

export function validateEvents(records: readonly unknown[]): { valid: UploadedEvent[]; indexes: number[]; rejected: RejectedEvent[] } {
  const valid: UploadedEvent[] = [];
  const indexes: number[] = [];
  const rejected: RejectedEvent[] = [];
  records.forEach((record, index) => {
    const parsed = UploadedEventSchema.safeParse(record);
    const id = typeof record === 'object' && record !== null && 'id' in record && typeof record.id === 'string' ? record.id.slice(0, 64) : undefined;
    const reject = (errors: FieldError[]) => rejected.push({ index, ...(id === undefined ? {} : { id }), errors });
    if (!parsed.success) return reject(zodErrors(parsed.error, 5));
    // PostgreSQL text cannot hold NUL: refuse the record here rather than fail the whole batch.
    if (JSON.stringify(parsed.data).includes('\\u0000')) return reject([{ path: '(root)', message: 'text contains a NUL character' }]);
    valid.push(parsed.data);
    indexes.push(index);
  });
  return { valid, indexes, rejected };
}

/** SQLSTATE class 22, data exception: the database refused a value, not the connection or a lock. */
function isDataException(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && code.startsWith('22');
}

/**
 * Stores rows made by eventRow, with the order summaries they name by `summary_id`; the number
 * of events actually inserted (not already stored). One statement, so one transaction of its own
 * (all of it or nothing) without BEGIN and COMMIT round trips.
 */
export async function insertRows(db: Db, rows: readonly unknown[], summaries: readonly StoredSummary[] = []): Promise<number> {
  return (await db.query<{ inserted: number }>(INSERT_SQL, [JSON.stringify(rows), JSON.stringify(summaries)], 'preflight_events_insert')).rows[0]!.inserted;
}

export async function ingestEvents(db: Db, workstationId: string, records: readonly unknown[]): Promise<IngestOutcome> {
  const { valid, indexes, rejected } = validateEvents(records);
  if (valid.length === 0) return { accepted: 0, duplicates: 0, rejected };
  const rows = valid.map((event) => eventRow(event, workstationId));
  try {
    const inserted = await insertRows(db, rows);
    return { accepted: inserted, duplicates: valid.length - inserted, rejected };
  } catch (error) {
    // The schema is meant to admit only what the database stores; should a value still slip
    // through, the record is refused on its own and the rest of the batch stored, rather than
    // the batch failing (and being re-sent) forever. Anything else is the hub's to fix: 500.
    if (!isDataException(error)) throw error;
  }
  let accepted = 0;
  let refused = 0;
  for (const [i, row] of rows.entries()) {
    try {
      accepted += await insertRows(db, [row]);
    } catch (error) {
      if (!isDataException(error)) throw error;
      refused += 1;
      const message = error instanceof Error ? error.message.slice(0, 200) : 'refused by the database';
      rejected.push({ index: indexes[i]!, id: valid[i]!.id, errors: [{ path: '(root)', message: `the database refused the record: ${message}` }] });
    }
  }
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, duplicates: valid.length - accepted - refused, rejected };
}
