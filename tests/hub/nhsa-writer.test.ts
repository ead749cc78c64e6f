import { describe, expect, it } from 'vitest';
import type { Db } from '../../hub/src/db/db';
import { DatabaseUnavailableError } from '../../hub/src/db/unavailable';
import type { EventRow } from '../../hub/src/events/row';
import { EventWriter } from '../../hub/src/nhsa/writer';

/** The 3101 service's log writer against a database that can be made to go away or refuse a row. */

function fakeDb() {
  const stored: string[] = [];
  const summaries: string[] = [];
  // Each insert is one statement, a transaction of its own.
  const state = { down: false, transactions: 0, refuse: undefined as string | undefined };
  const db = {
    driver: 'postgres',
    async query(_sql: string, params: unknown[]) {
      state.transactions++;
      if (state.down) throw new DatabaseUnavailableError(1);
      const rows = (JSON.parse(params[0] as string) as { payload: { id: string } }[]).map((r) => r.payload);
      // A data exception fails the whole statement, as PostgreSQL does.
      if (rows.some((r) => r.id === state.refuse)) throw Object.assign(new Error('invalid input syntax'), { code: '22P02' });
      stored.push(...rows.map((r) => r.id));
      summaries.push(...(JSON.parse(params[1] as string) as { id: string }[]).map((s) => s.id));
      return { rows: [{ inserted: rows.length }], affected: rows.length };
    },
  } as unknown as Db;
  return { db, stored, summaries, state };
}

const rows = (...ids: string[]) => ids.map((id) => ({ payload: { id } }) as unknown as EventRow);

describe('EventWriter', () => {
  it('resolves each write once committed, and shares transactions among writes that wait together', async () => {
    const { db, stored, summaries, state } = fakeDb();
    const writer = new EventWriter(db);
    const settled: string[] = [];
    const writes = Array.from({ length: 20 }, (_, i) =>
      writer.write({ rows: rows(`c${i}a`, `c${i}b`), summaries: [{ id: 's-shared', summary: { lines: [], diagnoses: [] } }] }).then(() => {
        // Resolved only after its rows reached the database.
        expect(stored).toContain(`c${i}b`);
        settled.push(`c${i}`);
      }),
    );
    await Promise.all(writes);
    expect(stored).toHaveLength(40);
    expect(settled).toHaveLength(20);
    // The first waits alone; the other 19, queued meanwhile, go in one transaction, one summary row each.
    expect(state.transactions).toBe(2);
    expect(summaries).toEqual(['s-shared', 's-shared']);
  });

  it('fails the waiting writes when the database is away, and keeps nothing to write later', async () => {
    const { db, stored, state } = fakeDb();
    const writer = new EventWriter(db);
    state.down = true;
    const first = writer.write({ rows: rows('check-1') });
    const second = writer.write({ rows: rows('check-2') });
    await expect(first).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(second).rejects.toBeInstanceOf(DatabaseUnavailableError);
    state.down = false;
    await writer.drain();
    expect(stored).toEqual([]);
    // Back: the next write goes through on its own.
    await writer.write({ rows: rows('check-3') });
    expect(stored).toEqual(['check-3']);
  });

  it('fails only the request whose rows the database refuses, not the others of its transaction', async () => {
    const { db, stored, state } = fakeDb();
    const writer = new EventWriter(db);
    const first = writer.write({ rows: rows('a-1') });
    state.refuse = 'b-2';
    const outcomes = await Promise.allSettled([first, writer.write({ rows: rows('b-1', 'b-2') }), writer.write({ rows: rows('c-1') })]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(stored).toEqual(['a-1', 'c-1']);
  });

  it('writes nothing for a write without rows', async () => {
    const { db, state } = fakeDb();
    await new EventWriter(db).write({ rows: [] });
    expect(state.transactions).toBe(0);
  });
});
