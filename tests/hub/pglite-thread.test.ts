import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../hub/src/db/db';
import { openPglite } from '../../hub/src/db/pglite';
import { OPEN_TIMEOUT_MS } from './support/db';
import { REPO_ROOT } from './support/events';

/**
 * PGlite on a thread of its own (hub/src/db/pglite.ts, pglite-thread.ts): the hub's event loop
 * keeps turning while a statement runs; values, errors (with their SQLSTATE) and transactions
 * come through as on one thread; an open but idle database does not keep a process alive.
 */

describe('PGlite on its own thread', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await db.exec(`CREATE TABLE item (id int PRIMARY KEY, note text NOT NULL);
      CREATE TABLE child (id int PRIMARY KEY, item int REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)`);
  }, OPEN_TIMEOUT_MS);
  afterAll(() => db.close());

  it('leaves the event loop free while a statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await db.query('SELECT pg_sleep(0.4)');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('passes values both ways intact', async () => {
    const at = new Date('2026-11-22T01:30:00.123Z');
    const { rows } = await db.query<Record<string, unknown>>(
      "SELECT $1::timestamptz AS at, $2::jsonb AS doc, $3::float8 AS x, $4::text AS nothing, $5::boolean AS yes, 9007199254740993::int8 AS big, '\\x0102'::bytea AS bytes",
      [at, JSON.stringify({ 药品: ['一', 2, null] }), 0.1 + 0.2, null, true],
    );
    expect(rows).toEqual([{ at, doc: { 药品: ['一', 2, null] }, x: 0.1 + 0.2, nothing: null, yes: true, big: 9007199254740993n, bytes: new Uint8Array([1, 2]) }]);
  });

  it('gives errors their SQLSTATE and details', async () => {
    await db.query('INSERT INTO item VALUES (1, $1)', ['一']);
    await expect(db.query('INSERT INTO item VALUES (1, $1)', ['again'])).rejects.toMatchObject({ code: '23505', constraint: 'item_pkey', message: expect.stringContaining('duplicate key') });
    await expect(db.query("SELECT 'x'::int")).rejects.toMatchObject({ code: '22P02' });
    // The connection is usable after an error.
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM item')).rows).toEqual([{ n: 1 }]);
  });

  it('runs transactions: others wait for the commit, a throw rolls back, a failed commit rejects', async () => {
    let outsideDone = false;
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO item VALUES (2, $1)', ['二']);
      outside = db.query('SELECT count(*)::int AS n FROM item').then((r) => ((outsideDone = true), r.rows));
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Queued behind the transaction, not run beside it.
      expect(outsideDone).toBe(false);
      await tx.query('INSERT INTO item VALUES (3, $1)', ['三']);
    });
    expect(await outside).toEqual([{ n: 3 }]);

    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO item VALUES (4, $1)', ['四']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // Checked at COMMIT (deferred): the commit fails and nothing of the transaction stays.
    await expect(db.transaction((tx) => tx.query('INSERT INTO child VALUES (1, 99)'))).rejects.toMatchObject({ code: '23503' });
    expect((await db.query<{ id: number }>('SELECT id FROM item ORDER BY id')).rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect((await db.query('SELECT * FROM child')).rows).toEqual([]);
  });

  it('does not keep a process alive once idle', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pglite-thread-'));
    try {
      // Opened, used, never closed: the process ends when its own work does.
      const script = path.join(dir, 'idle.mts');
      writeFileSync(script, `import { openPglite } from ${JSON.stringify(path.join(REPO_ROOT, 'hub/src/db/pglite.ts'))};\nconst db = await openPglite();\nconsole.log((await db.query('SELECT 41 + 1 AS n')).rows[0].n);\n`);
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe('42');
      expect(child.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 70_000);
});
