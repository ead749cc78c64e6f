import { describe, expect, it } from 'vitest';
import type { Db } from '../../hub/src/db/db';
import { DatabaseUnavailableError } from '../../hub/src/db/unavailable';
import type { EventRow } from '../../hub/src/events/row';
import { EventWriter } from '../../hub/src/nhsa/writer';

/** The 3101 service's log writer against a database that can be made to go away. */

function fakeDb() {
  const stored: string[] = [];
  const state = { down: false, transactions: 0 };
  const db = {
    driver: 'postgres',
    async transaction(fn: (tx: { query: (sql: string, params: unknown[]) => Promise<unknown> }) => Promise<unknown>) {
      state.transactions++;
      if (state.down) throw new DatabaseUnavailableError(1);
      return fn({
        query: async (_sql, params) => {
          const rows = JSON.parse(params[0] as string) as { id: string }[];
          stored.push(...rows.map((r) => r.id));
          return { rows: [{ inserted: rows.length }], affected: rows.length };
        },
      });
    },
  } as unknown as Db;
  return { db, stored, state };
}

const rows = (...ids: string[]) => ids.map((id) => ({ id }) as unknown as EventRow);

describe('EventWriter', () => {
  it('writes check records behind the caller and shares transactions under load', async () => {
    const { db, stored, state } = fakeDb();
    const writer = new EventWriter(db, () => undefined);
    for (let i = 0; i < 20; i++) writer.enqueue(rows(`c${i}a`, `c${i}b`));
    await writer.drain();
    expect(stored).toHaveLength(40);
    // The first waits alone; the other 19, queued meanwhile, go in one transaction.
    expect(state.transactions).toBe(2);
  });

  it('keeps check records while the database is away, and fails waiting writes at once', async () => {
    const { db, stored, state } = fakeDb();
    const writer = new EventWriter(db, () => undefined);
    state.down = true;
    writer.enqueue(rows('check-1'));
    await expect(writer.write(rows('decision-1'))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(stored).toEqual([]);
    state.down = false;
    await writer.drain();
    expect(stored).toEqual(['check-1']);
    expect(writer.dropped).toBe(0);
  });
});
